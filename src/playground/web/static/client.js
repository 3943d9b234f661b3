// @ts-check
/**
 * The web playground's page script: shows #books as the server renders it, keeps it live (server-sent events),
 * and turns what the member does (a command, a click, a choice, a form, a vote, the clock) into POSTs to the
 * playground. Every message's HTML is built and escaped by the server; this script only places it and wires it up.
 * Polls (polls.js) and the events list (events.js) have their own files.
 */
import { drawEvents, wireEvents } from './events.js';
import { wirePolls } from './polls.js';

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const query = new URLSearchParams(location.search);
let viewer = query.get('as') || localStorage.getItem('grimoire.viewer') || 'you';
/** The channel shown: the playground's own ("home"), or the one in the server without the bot ("elsewhere", `?in=elsewhere`). */
let where = query.get('in') === 'elsewhere' ? 'elsewhere' : 'home';

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const list = $('pg-message-list');
const command = /** @type {HTMLInputElement} */ ($('pg-command'));
const suggestions = $('pg-suggestions');
const notice = $('pg-notice');
const memberSelect = /** @type {HTMLSelectElement} */ ($('pg-member'));
const whereSelect = /** @type {HTMLSelectElement} */ ($('pg-where'));
const modalHost = $('pg-modal-host');

/** @type {Map<string, string>} the HTML each shown message was drawn from, to redraw only what changed */
const drawn = new Map();
let shownModal = '';

async function post(/** @type {string} */ path, /** @type {unknown} */ body) {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return /** @type {{ ok: boolean, error?: string, notice?: string }} */ (await response.json());
}

function say(/** @type {string} */ text, /** @type {'error' | 'info'} */ kind = 'info') {
  notice.textContent = text;
  notice.dataset.kind = kind;
  notice.hidden = text === '';
}

/** Shows an action's answer: an error stays until the next action, a notice ("The application did not respond") too. */
function answered(/** @type {{ ok: boolean, error?: string, notice?: string }} */ reply) {
  if (!reply.ok) say(reply.error ?? 'That did not work.', 'error');
  else say(reply.notice ?? '');
  return reply;
}

function fromHtml(/** @type {string} */ html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  return /** @type {HTMLElement} */ (template.content.firstElementChild);
}

function drawMessages(/** @type {{ id: string, html: string }[]} */ messages) {
  const atBottom = list.parentElement ? list.parentElement.scrollHeight - list.parentElement.scrollTop - list.parentElement.clientHeight < 80 : true;
  const wanted = new Set(messages.map((message) => message.id));
  for (const element of [...list.querySelectorAll(':scope > [data-message-id]')]) {
    const id = /** @type {HTMLElement} */ (element).dataset.messageId ?? '';
    if (!wanted.has(id)) {
      element.remove();
      drawn.delete(id);
    }
  }
  /** @type {Element | null} */
  let previous = null;
  for (const message of messages) {
    let element = list.querySelector(`:scope > [data-message-id="${CSS.escape(message.id)}"]`);
    if (!element || drawn.get(message.id) !== message.html) {
      // An edited message (a deferred reply, a component update) changes in place.
      const fresh = fromHtml(message.html);
      if (element) element.replaceWith(fresh);
      else list.append(fresh);
      element = fresh;
      drawn.set(message.id, message.html);
    }
    const expectedAfter = previous ? previous.nextElementSibling : list.firstElementChild;
    if (expectedAfter !== element) {
      if (previous) previous.after(element);
      else list.prepend(element);
    }
    previous = element;
  }
  // The web components draw after they are defined, and grow the list: scroll once they have.
  const scroller = list.parentElement;
  if (atBottom && scroller) {
    void customElements.whenDefined('discord-message').then(() => requestAnimationFrame(() => (scroller.scrollTop = scroller.scrollHeight)));
  }
}

function drawMembers(/** @type {string[]} */ members) {
  const current = [...memberSelect.options].map((option) => option.value).join('\n');
  if (current !== members.join('\n')) {
    memberSelect.replaceChildren(...members.map((name) => new Option(name, name)));
  }
  memberSelect.value = viewer;
}

/** @typedef {{ where: string, guildName: string, channelName: string, note?: string }} ShownChannel */

function drawChannel(/** @type {ShownChannel} */ channel, /** @type {ShownChannel[]} */ channels) {
  const options = channels.map((shown) => `${shown.where}\n${shown.guildName} #${shown.channelName}`).join('\n');
  if (whereSelect.dataset.options !== options) {
    whereSelect.replaceChildren(...channels.map((shown) => new Option(`${shown.guildName} · #${shown.channelName}`, shown.where)));
    whereSelect.dataset.options = options;
  }
  whereSelect.value = channel.where;
  $('pg-guild').textContent = channel.guildName;
  $('pg-channel-link').textContent = `# ${channel.channelName}`;
  $('pg-channel-name').textContent = channel.channelName;
  const note = $('pg-where-note');
  note.textContent = channel.note ?? '';
  note.hidden = !channel.note;
  command.placeholder = `Message #${channel.channelName} — type / for commands`;
  command.setAttribute('aria-label', `Message #${channel.channelName}`);
  document.title = `#${channel.channelName} · ${channel.guildName} · Grimoire playground`;
}

function drawModal(/** @type {string | null} */ html) {
  if ((html ?? '') === shownModal) return;
  shownModal = html ?? '';
  modalHost.replaceChildren();
  if (!html) return;
  const dialog = /** @type {HTMLDialogElement} */ (fromHtml(html));
  modalHost.append(dialog);
  if (typeof dialog.showModal === 'function') dialog.showModal();
}

let refreshing = false;
let again = false;
async function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    const response = await fetch(`/api/state?viewer=${encodeURIComponent(viewer)}&zone=${encodeURIComponent(zone)}&where=${where}`);
    const state = await response.json();
    drawMembers(state.members);
    drawChannel(state.channel, state.channels);
    $('pg-clock').textContent = new Intl.DateTimeFormat('en-US', { timeZone: zone, dateStyle: 'full', timeStyle: 'short' }).format(state.nowMs);
    $('pg-clock').dataset.nowMs = String(state.nowMs);
    drawMessages(state.messages);
    drawModal(state.modal);
    drawEvents(state.events);
    document.body.dataset.ready = 'true';
  } finally {
    refreshing = false;
    if (again) {
      again = false;
      void refresh();
    }
  }
}

// ── Acting on messages ─────────────────────────────────────────────────────────────────────────────
document.addEventListener('click', async (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  const button = /** @type {HTMLButtonElement | null} */ (target.closest('[data-action="button"]'));
  if (button && !button.disabled) {
    button.disabled = true;
    answered(await post('/api/button', { viewer, messageId: button.dataset.messageId, customId: button.dataset.customId }));
    button.disabled = false;
    return refresh();
  }
  const spoiler = /** @type {HTMLElement | null} */ (target.closest('[data-spoiler="hidden"]'));
  if (spoiler) spoiler.dataset.spoiler = 'shown';
  const done = target.closest('[data-role="select-submit"]');
  if (done) {
    const select = /** @type {HTMLSelectElement | null} */ (done.parentElement?.querySelector('select[data-action="select"]') ?? null);
    if (select) await choose(select);
  }
});

async function choose(/** @type {HTMLSelectElement} */ select) {
  const values = [...select.selectedOptions].map((option) => option.value).filter((value) => value !== '');
  answered(await post('/api/select', { viewer, messageId: select.dataset.messageId, customId: select.dataset.customId, values }));
  return refresh();
}

document.addEventListener('change', (event) => {
  const select = /** @type {HTMLElement} */ (event.target).closest('select[data-action="select"]');
  // A multiple choice is sent with its Done button, as Discord sends it when the menu closes.
  if (select instanceof HTMLSelectElement && !select.multiple) void choose(select);
});

// An image that cannot be loaded (no network, a dead link) shows its description instead.
document.addEventListener(
  'error',
  (event) => {
    const image = event.target;
    if (!(image instanceof HTMLImageElement) || image.dataset.fallback === undefined) return;
    const text = document.createElement('span');
    text.className = 'gr-image-fallback';
    text.dataset.testid = 'image-fallback';
    text.textContent = image.dataset.fallback || image.alt || 'image';
    image.replaceWith(text);
  },
  true,
);

// ── The form the bot opened ────────────────────────────────────────────────────────────────────────
document.addEventListener('submit', async (event) => {
  const form = /** @type {HTMLFormElement} */ (event.target);
  if (form.id === 'pg-new-member') return;
  if (form.dataset.action !== 'modal') return;
  event.preventDefault();
  /** @type {Record<string, string>} */
  const fields = {};
  for (const element of [...form.elements]) {
    if (element instanceof HTMLSelectElement && element.name) fields[element.name] = [...element.selectedOptions].map((option) => option.value).filter(Boolean).join(',');
    else if ((element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) && element.name) fields[element.name] = element.value;
  }
  const reply = await post('/api/modal', { viewer, customId: form.dataset.customId, fields });
  if (!reply.ok) {
    const error = /** @type {HTMLElement | null} */ (form.querySelector('[data-role="modal-error"]'));
    if (error) {
      error.textContent = reply.error ?? 'The form was not sent.';
      error.hidden = false;
    }
    return;
  }
  answered(reply);
  shownModal = '';
  modalHost.replaceChildren();
  return refresh();
});

document.addEventListener('click', async (event) => {
  const cancel = /** @type {HTMLElement} */ (event.target).closest('[data-role="modal-cancel"]');
  if (!cancel) return;
  event.preventDefault();
  await post('/api/modal/close', { viewer });
  shownModal = '';
  modalHost.replaceChildren();
});

// ── The message box: slash commands with the bot's own suggestions ────────────────────────────────
/** @type {{ start: number, candidates: { text: string, label?: string }[], note?: string }} */
let completion = { start: 0, candidates: [] };
let highlighted = -1;
let completionAsked = 0;

function drawSuggestions() {
  suggestions.replaceChildren(
    ...completion.candidates.map((candidate, index) => {
      const item = document.createElement('li');
      item.role = 'option';
      item.dataset.index = String(index);
      item.dataset.testid = 'suggestion';
      item.className = index === highlighted ? 'pg-suggestion pg-suggestion--on' : 'pg-suggestion';
      const name = document.createElement('span');
      name.className = 'pg-suggestion-name';
      name.textContent = candidate.label ?? candidate.text.trim();
      item.append(name);
      if (candidate.label !== undefined) {
        const value = document.createElement('span');
        value.className = 'pg-suggestion-value';
        value.textContent = candidate.text.trim();
        item.append(value);
      }
      return item;
    }),
  );
  if (completion.candidates.length === 0 && completion.note) {
    const item = document.createElement('li');
    item.className = 'pg-suggestion pg-suggestion--note';
    item.textContent = completion.note;
    suggestions.append(item);
  }
  suggestions.hidden = suggestions.childElementCount === 0;
}

async function askCompletion() {
  const line = command.value.slice(0, command.selectionStart ?? command.value.length);
  if (!line.startsWith('/')) {
    completion = { start: 0, candidates: [] };
    return drawSuggestions();
  }
  const asked = ++completionAsked;
  const response = await fetch(`/api/complete?line=${encodeURIComponent(line)}&where=${where}`);
  const answer = await response.json();
  if (asked !== completionAsked) return;
  completion = answer;
  highlighted = completion.candidates.length > 0 ? 0 : -1;
  drawSuggestions();
}

function take(/** @type {number} */ index) {
  const candidate = completion.candidates[index];
  if (!candidate) return;
  const text = completion.candidates.length === 1 && !candidate.text.endsWith(' ') ? `${candidate.text} ` : candidate.text;
  command.value = command.value.slice(0, completion.start) + text;
  command.focus();
  void askCompletion();
}

let completionTimer = 0;
command.addEventListener('input', () => {
  clearTimeout(completionTimer);
  completionTimer = window.setTimeout(askCompletion, 60);
});

command.addEventListener('keydown', async (event) => {
  const open = !suggestions.hidden && completion.candidates.length > 0;
  if (event.key === 'Tab' && open) {
    event.preventDefault();
    take(Math.max(0, highlighted));
  } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && open) {
    event.preventDefault();
    const step = event.key === 'ArrowDown' ? 1 : -1;
    highlighted = (highlighted + step + completion.candidates.length) % completion.candidates.length;
    drawSuggestions();
  } else if (event.key === 'Escape') {
    suggestions.hidden = true;
  } else if (event.key === 'Enter') {
    event.preventDefault();
    const line = command.value.trim();
    if (line === '') return;
    if (!line.startsWith('/')) return say('Only slash commands reach the bot here: type / to see them.', 'error');
    // A suggestion still on its way is for the line just sent: drop it.
    clearTimeout(completionTimer);
    completionAsked++;
    completion = { start: 0, candidates: [] };
    suggestions.hidden = true;
    const reply = answered(await post('/api/command', { viewer, line, where }));
    if (reply.ok) command.value = '';
    await refresh();
  }
});

suggestions.addEventListener('mousedown', (event) => {
  const item = /** @type {HTMLElement} */ (event.target).closest('[data-index]');
  if (!item) return;
  event.preventDefault();
  take(Number(/** @type {HTMLElement} */ (item).dataset.index));
});

// ── Member and clock ───────────────────────────────────────────────────────────────────────────────
/** Starts the view afresh: another member, or another channel. */
function redraw() {
  drawn.clear();
  list.replaceChildren();
  shownModal = '';
  modalHost.replaceChildren();
  say('');
  void refresh();
}

function actAs(/** @type {string} */ name) {
  viewer = name;
  localStorage.setItem('grimoire.viewer', name);
  redraw();
}

memberSelect.addEventListener('change', () => actAs(memberSelect.value));
whereSelect.addEventListener('change', () => {
  where = whereSelect.value === 'elsewhere' ? 'elsewhere' : 'home';
  redraw();
});

$('pg-new-member').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = /** @type {HTMLInputElement} */ ($('pg-new-member-name'));
  const name = input.value.trim().toLowerCase().replace(/^@/, '');
  const reply = answered(await post('/api/member', { name }));
  if (reply.ok) {
    input.value = '';
    actAs(name);
  }
});

for (const button of document.querySelectorAll('[data-clock]')) {
  button.addEventListener('click', async () => {
    const element = /** @type {HTMLButtonElement} */ (button);
    element.disabled = true;
    answered(await post('/api/clock', { ms: Number(element.dataset.clock) }));
    element.disabled = false;
    await refresh();
  });
}

// ── Polls and events ───────────────────────────────────────────────────────────────────────────────
wirePolls({
  vote: (messageId, answerIds) => post('/api/vote', { viewer, messageId, answerIds }),
  done: (reply) => {
    answered(reply);
    return refresh();
  },
});
wireEvents({ refresh });

// ── Live ──────────────────────────────────────────────────────────────────────────────────────────
const events = new EventSource('/api/events');
events.addEventListener('change', () => void refresh());
void refresh();
