import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { bookCardReply } from '../../src/features/catalog/presenters/book-replies.js';
import { readingReply } from '../../src/features/catalog/presenters/book-details.js';
import { toMessageBody } from '../../src/platform/discord/reply.js';
import type { InteractionOutcome } from '../../src/emulator/interaction-record.js';
import { recordedMessage } from '../fixtures/recorded-message.js';
import { ansiStyle, buttonsOf, markdownToText, renderMessage, renderOutcome, renderSuggestions, type NameLookup } from '../../src/playground/terminal/render.js';
import { displayWidth, wrapText } from '../../src/playground/terminal/wrap.js';
import { realCatalog } from '../fixtures/context.js';

const names: NameLookup = {
  user: (id) => ({ '1': 'Grimoire', '4': 'you' })[id],
  channel: (id) => ({ '3': 'books' })[id],
  role: (id) => ({ '2': 'readers' })[id],
};

const message = recordedMessage;

const cardButtons = [
  {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Similar books', custom_id: 'book:similar:fluent-python-2e' },
      { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Official page', url: 'https://fluentpython.com' },
    ],
  },
];

function outcome(overrides: Partial<InteractionOutcome> = {}): InteractionOutcome {
  return { responseType: 4, expired: false, message: null, followUps: [], choices: null, modal: null, ...overrides };
}

describe('markdownToText', () => {
  it('shows links as label <url> and drops bold and italic markers', () => {
    expect(markdownToText('**1. [Fluent Python](https://fluentpython.com)** · *Clear, Concise* · `code`')).toBe(
      '1. Fluent Python <https://fluentpython.com> · Clear, Concise · `code`',
    );
  });

  it('keeps asterisks that are not emphasis and snake_case names', () => {
    expect(markdownToText('use *args and **kwargs with __init_subclass__')).toBe('use *args and **kwargs with __init_subclass__');
  });

  it('names mentions and formats timestamps', () => {
    expect(markdownToText('<@&2> <@4> in <#3> at <t:0:F>', names)).toBe('@readers @you in #books at 1970-01-01 00:00 UTC');
  });
});

describe('renderMessage', () => {
  it('renders an embed: title with URL, description, fields with indented values, footer, numbered buttons', () => {
    const text = renderMessage(
      message({
        embeds: [
          {
            title: 'Fluent Python',
            url: 'https://fluentpython.com',
            description: '*Clear, Concise, and Effective Programming*\n2nd edition · Luciano Ramalho',
            fields: [
              { name: 'Level', value: '**Advanced**: deep' },
              { name: 'How to read it', value: '🆓 Free code only: [Example code](https://github.com/fluentpython/example-code-2e)' },
            ],
            footer: { text: 'ISBN-13 9781492056355' },
          },
        ],
        components: cardButtons,
      }),
      { names },
    );
    expect(text).toBe(
      [
        'Grimoire',
        '  │ Fluent Python <https://fluentpython.com>',
        '  │',
        '  │ Clear, Concise, and Effective Programming',
        '  │ 2nd edition · Luciano Ramalho',
        '  │',
        '  │ Level',
        '  │   Advanced: deep',
        '  │',
        '  │ How to read it',
        '  │   🆓 Free code only: Example code <https://github.com/fluentpython/example-code-2e>',
        '  │',
        '  │ ISBN-13 9781492056355',
        '  [1] Similar books   [2] Official page ↗ https://fluentpython.com',
      ].join('\n'),
    );
  });

  it('marks ephemeral and edited messages', () => {
    const text = renderMessage(message({ content: 'No book matches “zzzz”.', ephemeral: true, flags: MessageFlags.Ephemeral, editedAt: 1 }), { names });
    expect(text).toBe('Grimoire (only you can see this) (edited)\n  No book matches “zzzz”.');
  });

  it('keeps a real book card (Components v2) within 100 columns, its buttons numbered, its cover named', () => {
    const catalog = realCatalog();
    const book = catalog.bookById('fluent-python-2e');
    if (!book) throw new Error('fluent-python-2e is missing from the dataset');
    const body = toMessageBody(bookCardReply(catalog, book));
    const text = renderMessage(message({ components: body.components ?? [], flags: body.flags ?? 0 }), { names, width: 100 });
    for (const line of text.split('\n')) {
      if (displayWidth(line) > 100) expect(line.trim().split(' ').length, `unbreakable long line: ${line}`).toBeLessThanOrEqual(3);
    }
    expect(text).toContain('  ┃ Fluent Python\n');
    expect(text).toContain("[thumbnail: Cover of Fluent Python, 2nd edition (O'Reilly)]");
    expect(text).toMatch(/\[1\] How to read it {3}\[2\] Key takeaways {3}\[3\] Chapters {3}\[4\] Similar books/);
    expect(text).toMatch(/\[6\] Official page ↗ https:\/\//);
    expect(text).toContain('  ┃ ISBN-13 9781492056355 (print)');
    // A long line of a private detail hangs under its text.
    const reading = toMessageBody(readingReply(book));
    expect(renderMessage(message({ components: reading.components ?? [], flags: reading.flags ?? 0 }), { names, width: 100 })).toMatch(/ {2}┃ 🆓 .+\n {2}┃ {4}\S/);
  });
});

/** The first 33 bytes of a PNG (signature and IHDR chunk): all the renderer reads of it. */
function pngHeader(width: number, height: number): Buffer {
  const header = Buffer.alloc(33);
  header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 0);
  header.write('IHDR', 12, 'latin1');
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return header;
}

const attachment = (id: string, filename: string, contentType: string, data: Buffer) => ({ id, filename, contentType, size: data.length, data, description: null, url: `http://emulator/attachments/3/${id}/${filename}` });

const T = ComponentType;
const v2Card = [
  {
    type: T.Container,
    accent_color: 0x5865f2,
    components: [
      { type: T.Section, components: [{ type: T.TextDisplay, content: '## **Fluent Python**' }, { type: T.TextDisplay, content: 'for <@4>' }], accessory: { type: T.Thumbnail, media: { url: 'https://covers.example/fluent.jpg' }, description: 'Cover of Fluent Python' } },
      { type: T.Separator },
      { type: T.MediaGallery, items: [{ media: { url: 'attachment://progress.png' } }, { media: { url: 'https://covers.example/back.jpg' }, description: 'Back cover', spoiler: true }] },
      { type: T.File, file: { url: 'attachment://notes.txt' } },
      { type: T.Section, components: [{ type: T.TextDisplay, content: 'Similar books' }], accessory: { type: T.Button, style: ButtonStyle.Secondary, label: 'Similar', custom_id: 'book:similar' } },
      { type: T.ActionRow, components: [{ type: T.Button, style: ButtonStyle.Primary, label: 'Shelve', custom_id: 'book:shelve' }, { type: T.Button, style: ButtonStyle.Link, label: 'Page', url: 'https://fluentpython.com' }] },
    ],
  },
  { type: T.Separator, divider: false },
  { type: T.TextDisplay, content: 'Outside the card' },
];
const v2Message = () =>
  message({
    flags: MessageFlags.IsComponentsV2,
    components: v2Card,
    attachments: [attachment('20', 'progress.png', 'image/png', pngHeader(1200, 640)), attachment('21', 'notes.txt', 'text/plain', Buffer.from('chapter 1 done'))],
  });

describe('renderMessage with Components v2', () => {
  it('shows a container behind a bar, a section with its accessory, separators, media by name and size, files and numbered buttons', () => {
    expect(renderMessage(v2Message(), { names })).toBe(
      [
        'Grimoire',
        '  ┃ Fluent Python',
        '  ┃ for @you',
        '  ┃ [thumbnail: Cover of Fluent Python]',
        `  ┃ ${'─'.repeat(40)}`,
        '  ┃ [image: progress.png 1200×640]',
        '  ┃ [image: Back cover https://covers.example/back.jpg] (spoiler)',
        '  ┃ [file: notes.txt (14 bytes)]',
        '  ┃ Similar books',
        '  ┃ [1] Similar',
        '  ┃ [2] Shelve   [3] Page ↗ https://fluentpython.com',
        '',
        '  Outside the card',
      ].join('\n'),
    );
  });

  it('colours the bar with the accent on a terminal', () => {
    expect(renderMessage(v2Message(), { names, style: ansiStyle })).toContain('  \x1b[38;2;88;101;242m┃\x1b[39m for @you');
  });

  it('names an attachment:// file the message does not have', () => {
    const text = renderMessage(message({ flags: MessageFlags.IsComponentsV2, components: [{ type: T.MediaGallery, items: [{ media: { url: 'attachment://gone.png' } }] }] }), { names });
    expect(text).toBe('Grimoire\n  [image: gone.png (not attached)]');
  });
});

describe('wrapText', () => {
  it('wraps at the width, hangs bullets and keeps list items indented', () => {
    const lines = wrapText('• one two three four five six\n1. Title\nreason text here and more\n\nafter', 22, '> ');
    expect(lines).toEqual(['> • one two three four', '>   five six', '> 1. Title', '>    reason text here and', '>    more', '>', '> after']);
  });
});

describe('buttonsOf', () => {
  it('numbers buttons across rows and tells links apart', () => {
    expect(buttonsOf(message({ components: cardButtons }))).toEqual([
      { number: 1, label: 'Similar books', customId: 'book:similar:fluent-python-2e', url: null, disabled: false },
      { number: 2, label: 'Official page', customId: null, url: 'https://fluentpython.com', disabled: false },
    ]);
  });

  it("finds the buttons of a v2 message in reading order: a section's accessory, then a container's row", () => {
    expect(buttonsOf(v2Message()).map((button) => [button.number, button.customId])).toEqual([
      [1, 'book:similar'],
      [2, 'book:shelve'],
      [3, null],
    ]);
  });
});

describe('renderOutcome', () => {
  it('shows the answer and its follow-ups', () => {
    const reply = message({ content: 'first' });
    const followUp = message({ id: '11', content: 'second', ephemeral: true });
    expect(renderOutcome(outcome({ message: reply, followUps: [followUp] }), { names })).toBe(
      'Grimoire\n  first\n\nGrimoire (only you can see this)\n  second',
    );
  });

  it('says when the bot did not answer in time or is still thinking', () => {
    expect(renderOutcome(outcome({ responseType: null, expired: true }))).toMatch(/did not answer within 3 seconds/);
    expect(renderOutcome(outcome({ responseType: 5 }))).toMatch(/thinking/);
  });
});

describe('renderSuggestions', () => {
  it('lists autocomplete choices with the value sent and the name shown', () => {
    expect(renderSuggestions([{ text: 'fluent-python-2e', label: 'Fluent Python (2nd edition) — Luciano Ramalho' }, { text: 'cpython-internals', label: 'CPython Internals' }])).toBe(
      [
        'Suggestions (the value sent, then what Discord shows):',
        '  fluent-python-2e   Fluent Python (2nd edition) — Luciano Ramalho',
        '  cpython-internals  CPython Internals',
      ].join('\n'),
    );
    expect(renderSuggestions([], 'no suggestions')).toBe('No suggestions (no suggestions).');
  });
});
