import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { checkinModal, startGroupModal } from '../../src/features/study-groups/presenters/replies.js';
import { messageHtml, type MessageContext, type MessageView } from '../../src/playground/web/render/message.js';
import { modalHtml } from '../../src/playground/web/render/modal.js';

const now = Date.parse('2026-12-07T16:30:00Z');
const ctx: MessageContext = {
  timeZone: 'Europe/Berlin',
  nowMs: now,
  viewerId: '10',
  names: { user: (id) => ({ '10': 'ana', '11': 'ben' })[id], channel: () => 'books', role: () => 'Readers' },
  authorName: (id) => (id === '1' ? 'Grimoire' : id === '10' ? 'ana' : id === '66' ? '"><script>alert(1)</script>' : undefined),
  authorIsBot: (id) => id === '1',
};
const message = (overrides: Partial<MessageView> = {}): MessageView => ({
  id: '500',
  authorId: '1',
  content: 'Hello <@10>',
  embeds: [],
  components: [],
  flags: 0,
  pinged: { everyone: false, users: [], roles: [] },
  createdAt: now - 60_000,
  editedAt: null,
  ephemeral: false,
  ...overrides,
});
const openTag = (html: string): string => /^<discord-message[^>]*>/.exec(html)![0];

describe('messageHtml', () => {
  it('wraps the message in skyra with our time text, local avatar, bot tag and test id', () => {
    const tag = openTag(messageHtml(message(), ctx));
    expect(tag).toContain('data-testid="message-500"');
    expect(tag).toContain('author="Grimoire"');
    expect(tag).toContain('avatar="/avatars/bot.svg"');
    expect(tag).toMatch(/ bot[ >]/);
    expect(tag).toContain('timestamp="Today at 5:29 PM"');
    expect(tag).not.toMatch(/ (edited|ephemeral|highlight)[ >]/);
  });

  it('uses the user avatar and no bot tag for a member', () => {
    const tag = openTag(messageHtml(message({ authorId: '10' }), ctx));
    expect(tag).toContain('avatar="/avatars/user.svg"');
    expect(tag).not.toMatch(/ bot[ >]/);
  });

  it('escapes a hostile author name', () => {
    const html = messageHtml(message({ authorId: '66' }), ctx);
    expect(html).not.toContain('<script');
    expect(openTag(html)).toContain('author="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('marks edited, ephemeral and thinking messages', () => {
    expect(openTag(messageHtml(message({ editedAt: now }), ctx))).toMatch(/ edited[ >]/);
    const ephemeral = openTag(messageHtml(message({ ephemeral: true, flags: MessageFlags.Ephemeral }), ctx));
    expect(ephemeral).toMatch(/ ephemeral[ >]/);
    expect(ephemeral).toContain('data-ephemeral="true"');
    const thinking = messageHtml(message({ content: '', flags: MessageFlags.Loading | MessageFlags.Ephemeral }), ctx);
    expect(thinking).toContain('data-loading="true"');
    expect(thinking).toContain('Grimoire is thinking…');
  });

  it('highlights the message when it pings the viewer, and draws the mention as a ping', () => {
    const pinged = messageHtml(message({ pinged: { everyone: false, users: ['10'], roles: [] } }), ctx);
    expect(openTag(pinged)).toMatch(/ highlight[ >]/);
    expect(pinged).toContain('data-pinging="true"');
    const quiet = messageHtml(message(), ctx);
    expect(openTag(quiet)).not.toMatch(/ highlight[ >]/);
    expect(quiet).toContain('data-pinging="false"');
  });

  it('shows image attachments and other files as rows', () => {
    const html = messageHtml(
      message({
        attachments: [
          { filename: 'board.png', url: 'http://127.0.0.1:4000/attachments/1/2/board.png', contentType: 'image/png', size: 5000, description: 'The board' },
          { filename: 'export.csv', url: 'http://127.0.0.1:4000/attachments/1/3/export.csv', contentType: 'text/csv', size: 300, description: null },
        ],
      }),
      ctx,
    );
    expect(html).toContain('<div slot="attachments" class="gr-attachments">');
    expect(html).toMatch(/<img class="gr-attachment-img" src="http:\/\/127\.0\.0\.1:4000\/attachments\/1\/2\/board\.png" alt="The board" loading="lazy" data-fallback="The board">/);
    expect(html).toContain('export.csv</a><span class="gr-file-size">300 bytes</span>');
  });

  it('renders embeds without pinging and keeps unsafe embed links out', () => {
    const html = messageHtml(
      message({
        content: '',
        pinged: { everyone: false, users: ['10'], roles: [] },
        embeds: [
          {
            title: 'Fluent Python',
            url: 'javascript:alert(1)',
            description: 'For <@10>',
            color: 0x3ba55c,
            author: { name: 'Grimoire' },
            fields: [{ name: 'Level', value: '**Advanced**', inline: true }, { name: 'Topics', value: 'Data model' }],
            thumbnail: { url: 'https://covers.example/fp.jpg' },
            footer: { text: 'ISBN 978' },
            timestamp: '2026-12-07T16:00:00.000Z',
          },
        ],
      }),
      ctx,
    );
    expect(html).toContain('<article class="gr-embed" data-testid="embed" style="--gr-accent: #3ba55c" data-accent="#3ba55c">');
    expect(html).toContain('<div class="gr-embed-title">Fluent Python</div>');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('data-pinging="false"');
    expect(html).toContain('<div class="gr-embed-field gr-embed-field--inline"><div class="gr-embed-field-name">Level</div><div class="gr-embed-field-value"><strong>Advanced</strong></div></div>');
    expect(html).toContain('<div class="gr-embed-field"><div class="gr-embed-field-name">Topics</div>');
    expect(html).toContain('data-fallback="thumbnail"');
    expect(html).toContain('ISBN 978</span><span class="gr-embed-footer-separator" aria-hidden="true"> • </span><time class="gr-embed-timestamp" datetime="2026-12-07T16:00:00.000Z">Today at 5:00 PM</time>');
  });

  it('puts components in the components slot, v2 without loose attachments', () => {
    const v2 = messageHtml(
      message({
        content: '',
        flags: MessageFlags.IsComponentsV2,
        components: [{ type: ComponentType.Container, components: [{ type: ComponentType.TextDisplay, content: 'Hi' }, { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Go', custom_id: 'go' }] }] }],
        attachments: [{ filename: 'a.png', url: 'http://127.0.0.1:4000/a.png', contentType: 'image/png', size: 1, description: null }],
      }),
      ctx,
    );
    expect(v2).toContain('<div slot="components" class="gr-components gr-components--v2">');
    expect(v2).toContain('data-message-id="500" data-custom-id="go"');
    expect(v2).not.toContain('slot="attachments"');
  });
});

describe('modalHtml', () => {
  const names = ctx.names;

  it('renders the legacy text-input form with names, limits, placeholders and values', () => {
    const html = modalHtml(startGroupModal('fluent-python', 'Fluent Python', 'Europe/Berlin') as unknown as Record<string, unknown>, { timeZone: 'UTC', nowMs: now, names });
    expect(html).toMatch(/^<dialog class="gr-modal" data-testid="modal-study:start:fluent-python"/);
    expect(html).toContain('<form class="gr-modal-form" method="dialog" data-action="modal" data-custom-id="study:start:fluent-python">');
    expect(html).toContain('<h2 class="gr-modal-title" id="gr-modal-title">Study group: Fluent Python</h2>');
    expect(html).toContain('<input class="gr-modal-input" type="text" id="gr-modal-field-0" name="name" placeholder="Fluent Python readers" required maxlength="50" data-testid="modal-field-name">');
    expect(html).toContain('name="timezone" placeholder="Europe/Berlin" required maxlength="64" data-testid="modal-field-timezone" value="Europe/Berlin">');
    expect(html).toContain('<label class="gr-modal-label" for="gr-modal-field-1">Check-in day<span class="gr-modal-required" aria-hidden="true">*</span></label>');
    expect(html).toContain('data-role="modal-error"');
    expect(html).toContain('data-role="modal-cancel">Cancel</button>');
    expect(html).toContain('type="submit" class="gr-button gr-button--primary" data-role="modal-submit">Submit</button>');
  });

  it('renders labels around a select and text inputs, with descriptions, paragraph style and optional fields', () => {
    const html = modalHtml(checkinModal(7, 'Readers', ['Data Model', 'Sequences', 'Dicts'], 2) as unknown as Record<string, unknown>, { timeZone: 'UTC', nowMs: now, names });
    expect(html).toContain('<label class="gr-modal-label" for="gr-modal-field-0">Chapter reached</label><div class="gr-modal-description">3 chapters; pick the one you reached</div>');
    expect(html).toContain('<select class="gr-modal-input gr-modal-select" id="gr-modal-field-0" name="chapter" data-min-values="0" data-max-values="1" data-testid="modal-field-chapter">');
    expect(html).toContain('<option value="">Pick a chapter</option><option value="1">1. Data Model</option><option value="2" selected>2. Sequences</option><option value="3">3. Dicts</option></select>');
    expect(html).toContain('name="progress" placeholder="p. 120, 45% or done" maxlength="100"');
    expect(html).toMatch(/<textarea class="gr-modal-input gr-modal-input--paragraph" rows="4" id="gr-modal-field-2" name="note" maxlength="500" data-testid="modal-field-note"><\/textarea>/);
  });

  it('escapes hostile titles, ids and values', () => {
    const html = modalHtml(
      { custom_id: '"><script>x</script>', title: '<img src=x onerror=alert(1)>', components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: 'a"b', label: '<b>L</b>', style: 2, value: '</textarea><script>y</script>' }] }] },
      { timeZone: 'UTC', nowMs: now, names },
    );
    expect(html).not.toMatch(/<script|<img|<b>|<\/textarea><script/);
    expect(html).toContain('data-custom-id="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(html).toContain('name="a&quot;b"');
  });

  it('shows a text display in a modal as markdown', () => {
    const html = modalHtml({ custom_id: 'm', title: 'T', components: [{ type: ComponentType.TextDisplay, content: '**Read this**' }] }, { timeZone: 'UTC', nowMs: now, names });
    expect(html).toContain('<div class="gr-text-display"><strong>Read this</strong></div>');
  });
});
