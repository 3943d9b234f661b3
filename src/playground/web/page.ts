import { escapeHtml } from './render/escape.js';
import { importMap } from './static-files.js';

/**
 * The page's HTML: the channel view, the composer with its suggestions, the channel and member switchers, the
 * clock, and the server's events (a button and the dialog listing them). The messages (and which channel they
 * are in) and the events arrive from /api/state; everything the page loads is served by the playground itself.
 */
export function pageHtml(options: { guildName: string; channelName: string; botName: string }): string {
  const channel = escapeHtml(options.channelName);
  // The web components read avatars from here before they load: local images, never Discord's CDN.
  const profiles = JSON.stringify({ avatars: { default: '/avatars/user.svg', bot: '/avatars/bot.svg', user: '/avatars/user.svg' } });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>#${channel} · ${escapeHtml(options.guildName)} · Grimoire playground</title>
<link rel="icon" href="/avatars/bot.svg">
<link rel="stylesheet" href="/static/page.css">
<link rel="stylesheet" href="/static/discord-extras.css">
<script>window.$discordMessage = ${profiles};</script>
<script type="importmap">${importMap()}</script>
<script type="module" src="/node_modules/@skyra/discord-components-core/dist/index.js"></script>
<script type="module" src="/static/client.js"></script>
</head>
<body>
<div class="pg-app">
  <aside class="pg-sidebar">
    <div class="pg-guild" id="pg-guild">${escapeHtml(options.guildName)}</div>
    <button type="button" class="pg-events-button" id="pg-events-button" data-testid="events-button"><span aria-hidden="true">📅</span> <span id="pg-events-count">Events</span></button>
    <div class="pg-channel-link" id="pg-channel-link"># ${channel}</div>
    <section class="pg-panel" aria-label="Channel">
      <label class="pg-label" for="pg-where">Channel</label>
      <select id="pg-where" data-testid="channel-switcher"></select>
      <p id="pg-where-note" class="pg-hint" data-testid="channel-note" hidden></p>
    </section>
    <section class="pg-panel" aria-label="Member">
      <label class="pg-label" for="pg-member">Acting as</label>
      <select id="pg-member" data-testid="member-switcher"></select>
      <form id="pg-new-member" class="pg-inline-form">
        <input id="pg-new-member-name" placeholder="new member, e.g. carol" aria-label="New member name" autocomplete="off">
        <button type="submit">Add</button>
      </form>
    </section>
    <section class="pg-panel" aria-label="Clock">
      <div class="pg-label">Playground clock</div>
      <div id="pg-clock" data-testid="clock"></div>
      <div class="pg-clock-buttons">
        <button type="button" data-clock="3600000" data-testid="clock-1h">+1h</button>
        <button type="button" data-clock="86400000" data-testid="clock-1d">+1d</button>
        <button type="button" data-clock="604800000" data-testid="clock-7d">+7d</button>
      </div>
    </section>
    <p class="pg-hint">Type <kbd>/</kbd> in the message box for ${escapeHtml(options.botName)}'s commands; Tab or a click takes a suggestion, Enter sends.</p>
  </aside>
  <main class="pg-main">
    <header class="pg-header"><span class="pg-hash">#</span> <span id="pg-channel-name">${channel}</span></header>
    <div id="pg-messages" class="pg-messages" data-testid="messages" aria-live="polite">
      <discord-messages id="pg-message-list"></discord-messages>
    </div>
    <div class="pg-composer">
      <ul id="pg-suggestions" class="pg-suggestions" role="listbox" data-testid="suggestions" hidden></ul>
      <div id="pg-notice" class="pg-notice" role="status" data-testid="notice" hidden></div>
      <input id="pg-command" class="pg-command" data-testid="command" placeholder="Message #${channel} — type / for commands" autocomplete="off" spellcheck="false" aria-label="Message #${channel}">
    </div>
  </main>
</div>
<div id="pg-modal-host"></div>
<dialog id="pg-events" class="gr-modal pg-events" data-testid="events-panel" aria-labelledby="pg-events-title">
  <div class="pg-events-header"><h2 class="gr-modal-title" id="pg-events-title">Events</h2><button type="button" class="pg-events-close" data-role="events-close" aria-label="Close">✕</button></div>
  <p id="pg-events-note" class="pg-events-note" data-testid="events-note" hidden></p>
  <div id="pg-events-list" class="pg-events-list"></div>
</dialog>
</body>
</html>`;
}

/** A round avatar with a letter, drawn locally. */
export function avatarSvg(kind: 'bot' | 'user'): string {
  const [fill, letter] = kind === 'bot' ? ['#5865f2', 'G'] : ['#3ba55d', '@'];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="80" viewBox="0 0 80 80"><circle cx="40" cy="40" r="40" fill="${fill}"/><text x="40" y="53" font-family="sans-serif" font-size="36" font-weight="700" fill="#fff" text-anchor="middle">${letter}</text></svg>`;
}
