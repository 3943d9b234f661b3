import { ButtonStyle, ComponentType, MessageFlags, type APIMessageTopLevelComponent } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { markersIn, withMarker } from '../../src/platform/discord/message-marker.js';
import { toMessageBody } from '../../src/platform/discord/reply.js';

/** Components v2 replies: the flag and the layout instead of content and embeds; markers on nested buttons. */

const layout: APIMessageTopLevelComponent[] = [
  {
    type: ComponentType.Container,
    components: [
      { type: ComponentType.Section, components: [{ type: ComponentType.TextDisplay, content: 'Fluent Python' }], accessory: { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Official page', url: 'https://fluentpython.com' } },
      { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Chapters', custom_id: 'book:chapters:fluent-python-2e' }] },
    ],
  },
];

describe('toMessageBody with a layout', () => {
  it('sends the layout with the v2 flag (and the ephemeral one when private), and mentions locked down', () => {
    expect(toMessageBody({ layout })).toEqual({ components: layout, flags: MessageFlags.IsComponentsV2, allowed_mentions: { parse: [], roles: [] } });
    expect(toMessageBody({ layout, ephemeral: true, pingUserIds: ['1'] })).toEqual({
      components: layout,
      flags: MessageFlags.IsComponentsV2 | MessageFlags.Ephemeral,
      allowed_mentions: { parse: [], roles: [], users: ['1'] },
    });
  });

  it('refuses content, embeds or legacy rows next to a layout: Discord would', () => {
    expect(() => toMessageBody({ layout, content: 'hi' })).toThrow(/no content, embeds or components/);
    expect(() => toMessageBody({ layout, embeds: [{ title: 'x' }] })).toThrow(/no content, embeds or components/);
  });
});

describe('delivery markers in a v2 layout', () => {
  it("stamps the first button with a custom_id, inside the container, and finds it again (a link button can't carry one)", () => {
    const stamped = withMarker(toMessageBody({ layout }), 'g1-w42')!;
    expect(markersIn(stamped)).toEqual(['g1-w42']);
    expect(JSON.stringify(stamped)).toContain('book:chapters:fluent-python-2e#g1-w42');
    expect(withMarker(toMessageBody({ layout: [layout[0]!].map((container) => ({ ...container, components: [(container as { components: unknown[] }).components[0]] })) as APIMessageTopLevelComponent[] }), 'x')).toBeNull();
  });

  it("finds a marker on a section's accessory button", () => {
    const section = { type: ComponentType.Section, components: [{ type: ComponentType.TextDisplay, content: 'x' }], accessory: { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Go', custom_id: 'spotlight:go#m-1' } };
    expect(markersIn({ components: [{ type: ComponentType.Container, components: [section] }] })).toEqual(['m-1']);
  });
});
