import { describe, expect, it } from 'vitest';
import { escapeAttribute, escapeHtml, safeHttpUrl } from '../../src/playground/web/render/escape.js';
import { markdownHtml, type MarkdownContext } from '../../src/playground/web/render/markdown.js';

const names = {
  user: (id: string) => ({ '111': 'ana', '666': '<img src=x onerror=alert(1)>' })[id],
  channel: (id: string) => (id === '222' ? 'books' : undefined),
  role: (id: string) => (id === '333' ? 'Readers' : undefined),
};
const ctx = (pinged: Partial<MarkdownContext['pinged']> = {}): MarkdownContext => ({
  timeZone: 'Europe/Berlin',
  nowMs: Date.parse('2026-12-07T16:30:00Z'),
  names,
  pinged: { everyone: false, users: [], roles: [], ...pinged },
});
const md = (source: string, context = ctx()): string => markdownHtml(source, context);

describe('escaping', () => {
  it('escapes the five HTML characters in text and attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeAttribute('"><script>')).toBe('&quot;&gt;&lt;script&gt;');
  });

  it('allows only absolute http(s) URLs', () => {
    expect(safeHttpUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl(42)).toBeNull();
  });

  it('never lets hostile content become markup', () => {
    const html = md('<img src=x onerror=alert(1)> "><script>alert(1)</script>');
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes a hostile user name inside a mention', () => {
    const html = md('<@666>');
    expect(html).not.toContain('<img');
    expect(html).toContain('@&lt;img src=x onerror=alert(1)&gt;');
  });

  it('does not turn javascript: links into links', () => {
    expect(md('[click](javascript:alert(1))')).not.toContain('<a');
    expect(md('javascript:alert(1)')).not.toContain('<a');
    expect(md('<javascript:alert(1)>')).not.toContain('<a');
  });
});

describe('inline markdown', () => {
  it.each([
    ['**bold**', '<strong>bold</strong>'],
    ['*italic*', '<em>italic</em>'],
    ['_italic_', '<em>italic</em>'],
    ['__underline__', '<u>underline</u>'],
    ['~~strike~~', '<s>strike</s>'],
    ['***both***', '<strong><em>both</em></strong>'],
    ['`a <b> *c*`', '<code class="gr-inline-code">a &lt;b&gt; *c*</code>'],
    ['\\*not italic\\*', '*not italic*'],
    ['snake_case_word', 'snake_case_word'],
  ])('%s', (source, html) => {
    expect(md(source)).toBe(html);
  });

  it('renders spoilers hidden until clicked', () => {
    expect(md('||secret||')).toMatch(/^<span class="gr-spoiler" data-spoiler="hidden"[^>]*>secret<\/span>$/);
  });

  it('makes masked and bare https links that open in a new tab', () => {
    expect(md('[Fluent **Python**](https://example.com/fp)')).toBe(
      '<a class="gr-link" href="https://example.com/fp" target="_blank" rel="noopener noreferrer">Fluent <strong>Python</strong></a>',
    );
    const bare = md('see https://example.com/a_(b). next');
    expect(bare).toContain('<a class="gr-link" href="https://example.com/a_(b)" target="_blank" rel="noopener noreferrer">https://example.com/a_(b)</a>. next');
    expect(md('(https://example.com/x)')).toContain('href="https://example.com/x"');
  });

  it('escapes quotes in link targets', () => {
    expect(md('[x](https://example.com/"onmouseover="alert(1))')).not.toMatch(/href="[^"]*"onmouseover/);
  });
});

describe('mentions', () => {
  const pill = (html: string) => /data-pinging="(true|false)"[^>]*>([^<]*)</.exec(html)?.slice(1);

  it('marks a user mention as pinging only when the message pinged that user', () => {
    expect(pill(md('<@111>', ctx({ users: ['111'] })))).toEqual(['true', '@ana']);
    expect(pill(md('<@!111>'))).toEqual(['false', '@ana']);
    expect(md('<@111>', ctx({ users: ['111'] }))).toContain('gr-mention--pinging');
    expect(md('<@111>')).not.toContain('gr-mention--pinging');
  });

  it('names unknown users, channels and roles the way Discord does', () => {
    expect(pill(md('<@999>'))).toEqual(['false', '@unknown-user']);
    expect(pill(md('<#999>'))).toEqual(['false', '#unknown-channel']);
    expect(pill(md('<#222>'))).toEqual(['false', '#books']);
  });

  it('marks role and @everyone / @here pings from the message pings', () => {
    expect(pill(md('<@&333>', ctx({ roles: ['333'] })))).toEqual(['true', '@Readers']);
    expect(pill(md('<@&333>'))).toEqual(['false', '@Readers']);
    expect(pill(md('@everyone', ctx({ everyone: true })))).toEqual(['true', '@everyone']);
    expect(pill(md('@here'))).toEqual(['false', '@here']);
    // escapeUserText guards "@" with a zero-width space: that is no mention at all.
    expect(md('@\u200Beveryone')).not.toContain('gr-mention');
  });

  it('shows command mentions and custom emoji by name, loading nothing', () => {
    expect(md('</study checkin:123>')).toBe('<span class="gr-command" data-command-id="123">/study checkin</span>');
    const emoji = md('<:python:456> <a:party:789>');
    expect(emoji).toContain('>:python:</span>');
    expect(emoji).toContain('>:party:</span>');
    expect(emoji).not.toMatch(/cdn\.discordapp\.com|<img/);
  });

  it('formats timestamps in the viewer zone, with the full date as a title', () => {
    const seconds = Date.parse('2026-12-07T16:30:00Z') / 1000;
    const html = md(`<t:${seconds}:f> <t:${seconds + 3 * 86400}:R> <t:${seconds}>`);
    expect(html).toContain('data-style="f" datetime="2026-12-07T16:30:00.000Z" title="Monday, December 7, 2026 at 5:30 PM">December 7, 2026 at 5:30 PM</time>');
    expect(html).toContain('data-style="R"');
    expect(html).toContain('>in 3 days</time>');
    expect(html.match(/<time/g)).toHaveLength(3);
  });
});

describe('block markdown', () => {
  it('renders code blocks with their language, escaped and unformatted', () => {
    expect(md('```py\nif a < b: **x**\n```')).toBe('<pre class="gr-code-block" data-language="py"><code>if a &lt; b: **x**</code></pre>');
    expect(md('```\nplain\n```')).toBe('<pre class="gr-code-block"><code>plain</code></pre>');
  });

  it('keeps lines inside a code block even when they look like blocks', () => {
    expect(md('```\n# not a heading\n- not a list\n```')).toBe('<pre class="gr-code-block"><code># not a heading\n- not a list</code></pre>');
  });

  it('renders > quotes line by line and >>> to the end', () => {
    expect(md('> one\n> two\nafter')).toBe('<blockquote class="gr-quote">one<br>two</blockquote>after');
    expect(md('before\n>>> all\nof **this**')).toBe('before<blockquote class="gr-quote">all<br>of <strong>this</strong></blockquote>');
    expect(md('>not a quote')).toBe('&gt;not a quote');
  });

  it('renders headings and subtext only at a line start', () => {
    expect(md('# One\n## Two\n### Three')).toBe('<h1 class="gr-heading">One</h1><h2 class="gr-heading">Two</h2><h3 class="gr-heading">Three</h3>');
    expect(md('#### four')).toBe('#### four');
    expect(md('a # b')).toBe('a # b');
    expect(md('-# small print')).toBe('<small class="gr-subtext">small print</small>');
  });

  it('renders bullet and numbered lists, nested by indentation', () => {
    expect(md('- a\n  - b\n* c')).toBe('<ul class="gr-list"><li>a<ul class="gr-list"><li>b</li></ul></li><li>c</li></ul>');
    expect(md('3. x\n4. **y**')).toBe('<ol class="gr-list" start="3"><li>x</li><li><strong>y</strong></li></ol>');
    expect(md('- a\n1. b')).toBe('<ul class="gr-list"><li>a</li></ul><ol class="gr-list"><li>b</li></ol>');
  });

  it('keeps line breaks in plain text', () => {
    expect(md('one\ntwo')).toBe('one<br>two');
  });
});
