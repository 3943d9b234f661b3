import { ApplicationCommandOptionType, type APIInteraction } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { testContext } from '../fixtures/context.js';
import { ids, slashCommand } from '../fixtures/interactions.js';
import { invisibleNames, lookAlikeKinds } from '../fixtures/look-alike-names.js';
import { sendProblems, shownText, textOf, type SentMessage } from '../fixtures/layout.js';

/** `/study <subcommand> …` as Discord sends it. */
function study(subcommand: string, options: Record<string, string> = {}): APIInteraction {
  const payload = slashCommand('study') as APIInteraction & { data: { options: unknown[] } };
  const typed = Object.entries(options).map(([name, value]) => ({ name, value, type: ApplicationCommandOptionType.String }));
  payload.data.options = [{ type: ApplicationCommandOptionType.Subcommand, name: subcommand, options: typed }];
  return payload;
}

function setup() {
  const ctx = testContext();
  const router = createRouter(ctx, commands);
  const text = async (payload: APIInteraction) => shownText(((await router.handle(payload)) as { data: SentMessage }).data);
  const create = (name: string) => text(study('create', { name, book: 'fluent python', timezone: 'UTC' }));
  const names = () => ctx.studyGroups.list(ids.guild).map((view) => view.group.name);
  return { ctx, router, text, create, names };
}

describe('/study group names', () => {
  it.each(lookAlikeKinds)('refuses a look-alike by %s, naming the group it looks like', async (_kind, existing, typed) => {
    const { create, names } = setup();
    expect(await create(existing)).toMatch(/Study group/);
    const refused = await create(typed);
    expect(refused).toContain('This server already has a group called');
    expect(refused).toContain(`**${existing.trim()}**`);
    expect(names()).toEqual([existing.trim()]);
  });

  it('refuses a name in the form of a suggestion\'s value ("group:7"), which could never be typed', async () => {
    const { create, names } = setup();
    expect(await create('group:7')).toMatch(/cannot have the form \*\*group:7\*\*/);
    expect(await create('group: 7 readers')).toMatch(/Study group/);
    expect(names()).toEqual(['group: 7 readers']);
  });

  it.each(invisibleNames)('refuses a name of %s', async (_kind, name) => {
    const { create, names } = setup();
    expect(await create(name)).toMatch(/needs at least one visible letter or digit/);
    expect(names()).toEqual([]);
  });

  it('keeps the name as typed, and finds the group by a look-alike of it', async () => {
    const { text, create, ctx } = setup();
    expect(await create('Straße')).toMatch(/Study group \*\*Straße\*\*/);
    expect(await text(study('join', { group: 'STRASSE' }))).toBe('You are already in **Straße**.');
    expect(ctx.studyGroups.board(ids.guild, 'strasse').group.name).toBe('Straße');
    expect(ctx.studyGroups.board(ids.guild, 'Ｓｔｒａｓｓｅ').group.name).toBe('Straße');
  });

  it('refuses a rename to a look-alike of another group, but lets a group change its own case', async () => {
    const { text, create, names } = setup();
    await create('Book Club');
    await create('Fiction');
    expect(await text(study('edit', { group: 'Fiction', name: 'Bооk Club' }))).toMatch(/already has a group called \*\*Book Club\*\*/);
    expect(await text(study('edit', { group: 'Fiction', name: 'FICTION' }))).toMatch(/now reads/);
    expect(names().sort()).toEqual(['Book Club', 'FICTION']);
    expect(await text(study('edit', { group: 'Fiction', name: '\u200B' }))).toMatch(/visible letter or digit/);
  });

  it('still works with look-alikes stored before they were refused', async () => {
    const { router, create, ctx, names } = setup();
    await create('Straße');
    await create('Other');
    // An older version accepted this name: its name_key ("strasse") differs from "straße".
    ctx.store.database.prepare("UPDATE study_groups SET name = 'STRASSE', name_key = 'strasse' WHERE name = 'Other'").run();
    expect(names().sort()).toEqual(['STRASSE', 'Straße']);
    // A typed name finds its own group first.
    expect(ctx.studyGroups.board(ids.guild, 'strasse').group.name).toBe('STRASSE');
    expect(ctx.studyGroups.board(ids.guild, 'straße').group.name).toBe('Straße');
    expect(await create('Strasse')).toMatch(/already has a group called/);
    const list = (await router.handle(study('list'))) as { data: SentMessage };
    expect(sendProblems(list.data)).toEqual([]);
    expect(textOf(list.data)).toMatch(/STRASSE/);
  });
});
