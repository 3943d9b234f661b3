import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord-api-types/v10';

/** One page of a longer list: its items, which page it is (0-based) and how many there are. */
export interface Page<T> {
  items: T[];
  index: number;
  count: number;
}

/** The page asked for; a page past either end (a stale button after the list shrank) shows the nearest one. */
export function pageOf<T>(items: readonly T[], pageSize: number, requested: number): Page<T> {
  const count = Math.max(1, Math.ceil(items.length / pageSize));
  const index = Math.min(Math.max(0, Number.isInteger(requested) ? requested : 0), count - 1);
  return { items: items.slice(index * pageSize, (index + 1) * pageSize), index, count };
}

/** " · page 2 of 3" for a footer, nothing when everything fits on one page. */
export function pageLabel(page: Page<unknown>): string {
  return page.count > 1 ? ` · page ${page.index + 1} of ${page.count}` : '';
}

/** ◀ Previous and Next ▶, each with the custom id of the page it turns to; no row when there is one page. */
export function pageButtonRow(page: Page<unknown>, customIdFor: (index: number) => string): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  if (page.count <= 1) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: '◀ Previous', custom_id: customIdFor(page.index - 1), disabled: page.index === 0 },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next ▶', custom_id: customIdFor(page.index + 1), disabled: page.index === page.count - 1 },
      ],
    },
  ];
}
