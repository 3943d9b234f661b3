// @ts-check
/**
 * The server's events, as Discord's Events window: a sidebar button with how many are to come, a dialog listing
 * them (the server builds each card), and links to an event (https://discord.com/events/<guild>/<event>) in a
 * message opening that dialog on the event's card instead of leaving the page.
 */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const dialog = /** @type {HTMLDialogElement} */ ($('pg-events'));
const list = $('pg-events-list');
const note = $('pg-events-note');
const eventLink = /^https:\/\/(?:www\.|ptb\.|canary\.)?discord\.com\/events\/(\d{1,20})\/(\d{1,20})\/?$/;

/** @typedef {{ guildId: string, upcoming: number, ids: string[], html: string }} EventsView */
/** @type {EventsView} */
let shown = { guildId: '', upcoming: 0, ids: [], html: '' };
/** @type {{ guildId: string, eventId: string } | null} the event a link asked for */
let wanted = null;

function highlight() {
  for (const card of /** @type {NodeListOf<HTMLElement>} */ (list.querySelectorAll('[data-event-id]'))) {
    card.dataset.highlighted = String(wanted !== null && card.dataset.eventId === wanted.eventId);
  }
  const missing = wanted !== null && (wanted.guildId !== shown.guildId || !shown.ids.includes(wanted.eventId));
  note.textContent = missing ? 'That event is not in this server’s list: it may have been deleted, or belong to another server.' : '';
  note.hidden = !missing;
}

/** Draws the list from the page's state (on every refresh, so an open list stays current). */
export function drawEvents(/** @type {EventsView} */ view) {
  $('pg-events-count').textContent = view.upcoming === 1 ? '1 Event' : `${view.upcoming} Events`;
  if (view.html !== shown.html) list.innerHTML = view.html;
  shown = view;
  highlight();
}

/** @param {{ refresh: () => Promise<unknown> }} options the page's state is read again on opening (events send no change). */
export function wireEvents({ refresh }) {
  async function open(/** @type {{ guildId: string, eventId: string } | null} */ link) {
    wanted = link;
    if (!dialog.open) dialog.showModal();
    await refresh();
    highlight();
    list.querySelector('[data-highlighted="true"]')?.scrollIntoView({ block: 'nearest' });
  }
  $('pg-events-button').addEventListener('click', () => void open(null));
  dialog.querySelector('[data-role="events-close"]')?.addEventListener('click', () => dialog.close());
  // Before the link's own target="_blank" takes the member away.
  document.addEventListener('click', (event) => {
    const anchor = /** @type {HTMLElement} */ (event.target).closest('a[href]');
    const match = anchor ? eventLink.exec(anchor.getAttribute('href') ?? '') : null;
    if (!match) return;
    event.preventDefault();
    void open({ guildId: match[1] ?? '', eventId: match[2] ?? '' });
  });
}
