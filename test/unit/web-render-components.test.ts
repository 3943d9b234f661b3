import { ButtonStyle, ComponentType, SeparatorSpacingSize } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { checkinModal } from '../../src/features/study-groups/presenters/replies.js';
import { componentsHtml, type ComponentContext } from '../../src/playground/web/render/components.js';

const ctx: ComponentContext = {
  timeZone: 'UTC',
  nowMs: Date.parse('2026-12-07T16:30:00Z'),
  names: { user: () => 'ana', channel: () => 'books', role: () => 'Readers' },
  pinged: { everyone: false, users: [], roles: [] },
  messageId: '900',
  attachments: [{ filename: 'cover.png', url: 'http://127.0.0.1:4000/attachments/1/2/cover.png', contentType: 'image/png', size: 2048, description: 'The cover' }, { filename: 'notes.txt', url: 'http://127.0.0.1:4000/attachments/1/3/notes.txt', contentType: 'text/plain', size: 1536, description: null }],
};
const render = (...components: unknown[]): string => componentsHtml(components, ctx);
const row = (...components: unknown[]) => ({ type: ComponentType.ActionRow, components });

/** The opening tags of one element name, with their attributes (a tiny parser: enough for our own output). */
function tags(html: string, name: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${name}((?:\\s+[\\w-]+(?:="[^"]*")?)*)\\s*>`, 'g'))].map((match) =>
    Object.fromEntries([...match[1]!.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((attr) => [attr[1]!, attr[2] ?? ''])),
  );
}

describe('buttons', () => {
  it('wires a clickable button by data attributes and a test id', () => {
    const [button] = tags(render(row({ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Check in', custom_id: 'study:checkin:1', emoji: { name: '📌' } })), 'button');
    expect(button).toMatchObject({ 'data-action': 'button', 'data-message-id': '900', 'data-custom-id': 'study:checkin:1', 'data-testid': 'button-study:checkin:1', class: 'gr-button gr-button--primary' });
    expect(render(row({ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Check in', custom_id: 'x', emoji: { name: '📌' } }))).toContain('📌');
  });

  it('gives each style its class', () => {
    const html = render(row(...[1, 2, 3, 4].map((style) => ({ type: ComponentType.Button, style, label: `s${style}`, custom_id: `c${style}` }))));
    expect(tags(html, 'button').map((button) => button.class)).toEqual(['gr-button gr-button--primary', 'gr-button gr-button--secondary', 'gr-button gr-button--success', 'gr-button gr-button--danger']);
  });

  it('renders a disabled button disabled and unwired', () => {
    const [button] = tags(render(row({ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next', custom_id: 'page:2', disabled: true })), 'button');
    expect(button).toHaveProperty('disabled');
    expect(button).not.toHaveProperty('data-action');
  });

  it('makes a link button a plain new-tab link with no interaction attribute', () => {
    const html = render(row({ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Official page', url: 'https://example.com/book' }));
    const [anchor] = tags(html, 'a');
    expect(anchor).toMatchObject({ href: 'https://example.com/book', target: '_blank', rel: 'noopener noreferrer' });
    expect(html).not.toContain('data-action');
    expect(html).not.toContain('data-custom-id');
  });

  it('refuses a javascript: link button', () => {
    const html = render(row({ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Evil', url: 'javascript:alert(1)' }));
    expect(html).not.toContain('<a');
    expect(html).not.toContain('javascript:');
  });

  it('shows a premium button as disabled', () => {
    const [button] = tags(render(row({ type: ComponentType.Button, style: ButtonStyle.Premium, sku_id: '5' })), 'button');
    expect(button).toHaveProperty('disabled');
    expect(button).not.toHaveProperty('data-action');
  });

  it('escapes a hostile custom id and label', () => {
    const html = render(row({ type: ComponentType.Button, style: ButtonStyle.Primary, label: '<img src=x onerror=alert(1)>', custom_id: '"><script>alert(1)</script>' }));
    expect(html).not.toMatch(/<script|<img/);
    expect(tags(html, 'button')[0]!['data-custom-id']).toBe('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows a custom emoji by name without loading it', () => {
    const html = render(row({ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Go', custom_id: 'go', emoji: { id: '123', name: 'py' } }));
    expect(html).toContain(':py:');
    expect(html).not.toContain('cdn.discordapp.com');
  });
});

describe('string selects', () => {
  const options = Array.from({ length: 25 }, (_, index) => ({ label: `${index + 1}. Chapter ${index + 1}`, value: String(index + 1), ...(index === 4 ? { default: true } : {}) }));

  it('is a real control with every option, the default selected and the ids wired', () => {
    const html = render(row({ type: ComponentType.StringSelect, custom_id: 'book:chapter', placeholder: 'Pick a chapter', options }));
    const [select] = tags(html, 'select');
    expect(select).toMatchObject({ 'data-action': 'select', 'data-message-id': '900', 'data-custom-id': 'book:chapter', 'data-min-values': '1', 'data-max-values': '1' });
    expect(select).not.toHaveProperty('multiple');
    const values = tags(html, 'option').map((option) => option.value);
    expect(values).toEqual(['', ...options.map((option) => option.value)]);
    expect(tags(html, 'option').filter((option) => 'selected' in option).map((option) => option.value)).toEqual(['5']);
    expect(html).toContain('data-testid="select-book:chapter"');
  });

  it('shows the placeholder when no option is a default', () => {
    const html = render(row({ type: ComponentType.StringSelect, custom_id: 's', placeholder: 'Pick one', options: [{ label: 'A', value: 'a' }] }));
    expect(tags(html, 'option')[0]).toMatchObject({ value: '', selected: '', disabled: '' });
    expect(html).toContain('>Pick one</option>');
  });

  it('lets several be chosen when max_values > 1, with a Done button', () => {
    const html = render(row({ type: ComponentType.StringSelect, custom_id: 'topics', min_values: 1, max_values: 3, options: options.slice(0, 5) }));
    const [select] = tags(html, 'select');
    expect(select).toMatchObject({ multiple: '', 'data-min-values': '1', 'data-max-values': '3' });
    expect(tags(html, 'option')).toHaveLength(5);
    expect(html).toContain('data-role="select-submit"');
  });

  it('shows option descriptions and a disabled select unwired', () => {
    const html = render(row({ type: ComponentType.StringSelect, custom_id: 'd', disabled: true, options: [{ label: 'A', value: 'a', description: 'first' }] }));
    expect(html).toContain('A — first');
    expect(tags(html, 'select')[0]).not.toHaveProperty('data-action');
  });
});

describe('Components v2', () => {
  it('draws a container with its accent colour and spoiler', () => {
    const html = render({ type: ComponentType.Container, accent_color: 0x5865f2, spoiler: true, components: [{ type: ComponentType.TextDisplay, content: '# Title' }] });
    expect(html).toMatch(/^<div class="gr-container gr-container--accent gr-spoiler-block" data-spoiler="hidden" style="--gr-accent: #5865f2" data-accent="#5865f2">/);
    expect(html).toContain('<div class="gr-text-display"><h1 class="gr-heading">Title</h1></div>');
  });

  it('draws a container without accent plainly', () => {
    expect(render({ type: ComponentType.Container, components: [] })).toBe('<div class="gr-container"></div>');
  });

  it('draws a section with a thumbnail accessory', () => {
    const html = render({
      type: ComponentType.Section,
      components: [{ type: ComponentType.TextDisplay, content: '**Fluent Python**' }],
      accessory: { type: ComponentType.Thumbnail, media: { url: 'https://covers.example/fp.jpg' }, description: 'Cover of Fluent Python' },
    });
    expect(html).toContain('<div class="gr-section-text"><div class="gr-text-display"><strong>Fluent Python</strong></div></div>');
    const [image] = tags(html, 'img');
    expect(image).toMatchObject({ src: 'https://covers.example/fp.jpg', alt: 'Cover of Fluent Python', 'data-fallback': 'Cover of Fluent Python', loading: 'lazy' });
    expect(html).not.toContain('onerror');
  });

  it('draws a section with a button accessory, wired', () => {
    const html = render({ type: ComponentType.Section, components: [{ type: ComponentType.TextDisplay, content: 'x' }], accessory: { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'More', custom_id: 'more' } });
    expect(html).toContain('<div class="gr-section-accessory"><button');
    expect(tags(html, 'button')[0]).toMatchObject({ 'data-action': 'button', 'data-custom-id': 'more' });
  });

  it('draws a media gallery of every item, descriptions as alt, attachment:// resolved', () => {
    const html = render({
      type: ComponentType.MediaGallery,
      items: [{ media: { url: 'attachment://cover.png' } }, { media: { url: 'https://img.example/2.png' }, description: 'Second', spoiler: true }, { media: { url: 'javascript:alert(1)' }, description: 'Bad' }],
    });
    expect(html).toContain('data-count="3"');
    const images = tags(html, 'img');
    expect(images.map((image) => image.src)).toEqual(['http://127.0.0.1:4000/attachments/1/2/cover.png', 'https://img.example/2.png']);
    expect(images.map((image) => image.alt)).toEqual(['The cover', 'Second']);
    expect(html).toContain('gr-gallery-item gr-spoiler-block');
    expect(html).toContain('>Bad</span>');
    expect(html).not.toContain('javascript:');
  });

  it('draws separators with or without a divider, small or large', () => {
    expect(render({ type: ComponentType.Separator })).toBe('<div class="gr-separator gr-separator--small" data-divider="true" role="separator"><hr></div>');
    expect(render({ type: ComponentType.Separator, divider: false, spacing: SeparatorSpacingSize.Large })).toBe('<div class="gr-separator gr-separator--large" data-divider="false" role="separator"></div>');
  });

  it('draws a File component from the message attachment, with name and size', () => {
    const html = render({ type: ComponentType.File, file: { url: 'attachment://notes.txt' } });
    const [anchor] = tags(html, 'a');
    expect(anchor).toMatchObject({ href: 'http://127.0.0.1:4000/attachments/1/3/notes.txt', download: 'notes.txt' });
    expect(html).toContain('>1.5 KB</span>');
    expect(render({ type: ComponentType.File, file: { url: 'attachment://missing.pdf' } })).toContain('File not found: attachment://missing.pdf');
  });

  it('renders action rows inside a container', () => {
    const html = render({ type: ComponentType.Container, components: [row({ type: ComponentType.Button, style: ButtonStyle.Primary, label: 'Go', custom_id: 'go' })] });
    expect(html).toContain('<div class="gr-action-row" role="group"><button');
  });
});

describe('what our bot sends', () => {
  it('a select inside a modal label is not a message component, but its options render the same way', () => {
    const modal = checkinModal(1, 'Readers', ['Data Model', 'Sequences'], 2);
    const label = modal.components[0] as { component: unknown };
    const html = render(row(label.component));
    expect(tags(html, 'option').map((option) => option.value)).toEqual(['', '1', '2']);
  });
});
