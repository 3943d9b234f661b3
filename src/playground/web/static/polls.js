// @ts-check
/**
 * Polls on the page, as in Discord: pick an answer (or several, where the poll allows), then Vote; Remove vote takes
 * it back; Show results peeks at the tally before voting. Votes are sent as the member the page acts as; the page
 * redraws from the server's answer like after any other action.
 */

/** @typedef {{ ok: boolean, error?: string, notice?: string }} Reply */

/**
 * @param {{ vote: (messageId: string, answerIds: number[]) => Promise<Reply>, done: (reply: Reply) => unknown }} options
 */
export function wirePolls({ vote, done }) {
  // The Vote button wakes up once an answer is picked, as Discord's does.
  document.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains('gr-poll-input')) return;
    const poll = input.closest('.gr-poll');
    const button = /** @type {HTMLButtonElement | null} */ (poll?.querySelector('[data-action="poll-vote"]') ?? null);
    if (poll && button) button.disabled = poll.querySelector('.gr-poll-input:checked') === null;
  });

  document.addEventListener('click', async (event) => {
    const control = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest('[data-action^="poll-"]'));
    if (!control) return;
    const poll = /** @type {HTMLElement | null} */ (control.closest('.gr-poll'));
    switch (control.dataset.action) {
      case 'poll-show-results': {
        if (!poll) return;
        const showing = poll.dataset.results === 'shown';
        poll.dataset.results = showing ? 'hidden' : 'shown';
        control.textContent = showing ? 'Show results' : 'Go back to vote';
        return;
      }
      case 'poll-jump': {
        const target = document.querySelector(`#pg-message-list > [data-message-id="${CSS.escape(control.dataset.pollId ?? '')}"]`);
        if (!(target instanceof HTMLElement)) return;
        target.scrollIntoView({ block: 'center', behavior: 'smooth' });
        target.dataset.flash = 'true';
        setTimeout(() => delete target.dataset.flash, 1600);
        return;
      }
      case 'poll-vote':
      case 'poll-remove-vote': {
        const button = /** @type {HTMLButtonElement} */ (control);
        const picked = control.dataset.action === 'poll-vote' && poll ? [...poll.querySelectorAll('.gr-poll-input:checked')] : [];
        button.disabled = true;
        await done(await vote(control.dataset.messageId ?? '', picked.map((input) => Number(/** @type {HTMLInputElement} */ (input).value))));
        button.disabled = false;
      }
    }
  });
}
