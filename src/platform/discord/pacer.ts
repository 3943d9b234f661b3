import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces request starts evenly at `perSecond` (a smooth rate, not bursts), so a fan-out of thousands of
 * posts never trips Discord's global limit; every request of the budget (posts and history reads) takes a slot.
 *
 * Discord counts a request when it arrives, and the bot cannot see when that is: somewhere between the start and
 * the answer. Requests started evenly can arrive bunched (a slow network path, then a fast one; a stalled event
 * loop that sends several at once), and then more than `perSecond` land in one of Discord's seconds. So a request
 * holds its place in the window from its start until one second after its answer: at most `perSecond` requests
 * are in flight or were answered within the last second whenever one starts, and then no second of arrivals at
 * Discord can hold more than `perSecond` of them, however their transit times vary. (Each arrival in such a second
 * came before its own answer, so that answer is at most a second older than the latest start among them.) The cost
 * is the round trip: at a round trip of r seconds the sustained rate is `perSecond / (1 + r)`.
 */
export interface Pacer {
  /** Resolves at this request's slot with `done`, to call once its answer (or its failure) has come back. */
  wait(): Promise<() => void>;
  /** Discord asked the whole bot to wait (a global 429): no slot starts within the next `ms`. */
  holdFor(ms: number): void;
  /** Requests waiting for their slot now (the scheduler's queue). */
  readonly waiting: number;
}

const windowMs = 1000;

export function createPacer(perSecond: number, now: () => number = () => performance.now()): Pacer {
  const interval = 1000 / perSecond;
  const maxPerWindow = Math.ceil(perSecond);
  /** When the answers of the last second's requests came back, oldest first. */
  const answered: number[] = [];
  let inFlight = 0;
  let waiting = 0;
  let nextSlot = 0;
  let heldUntil = 0;
  /** Woken by the next answer, when every place in the window is taken by a request still in flight. */
  let onAnswer: (() => void)[] = [];

  /** How long until one more request fits in the window (Infinity: until an answer comes back). */
  function windowWaitMs(at: number): number {
    while (answered.length > 0 && answered[0]! <= at - windowMs) answered.shift();
    if (inFlight + answered.length < maxPerWindow) return 0;
    return answered.length > 0 ? answered[0]! + windowMs - at : Number.POSITIVE_INFINITY;
  }

  async function waitForPlace(ms: number): Promise<void> {
    if (ms !== Number.POSITIVE_INFINITY) return sleep(ms);
    return new Promise((resolve) => onAnswer.push(resolve));
  }

  function finished(): void {
    inFlight--;
    answered.push(now());
    const woken = onAnswer;
    onAnswer = [];
    for (const wake of woken) wake();
  }

  async function slot(): Promise<void> {
    for (;;) {
      const current = now();
      const start = Math.max(nextSlot, current, heldUntil);
      const holdAtSlot = heldUntil;
      nextSlot = start + interval;
      if (start > current) await sleep(start - current);
      // Timers that fire late (a busy event loop) would start several requests at once: still no more than
      // `perSecond` within the window, which is what Discord counts.
      for (let wait = windowWaitMs(now()); wait > 0; wait = windowWaitMs(now())) await waitForPlace(wait);
      // A hold placed while this request slept (another request met a global 429) moves it behind the hold.
      if (heldUntil !== holdAtSlot && now() < heldUntil) continue;
      // Taken here, in the same turn as the check, so that no other request woken meanwhile can take it too.
      inFlight++;
      return;
    }
  }

  return {
    async wait() {
      waiting++;
      try {
        await slot();
      } finally {
        waiting--;
      }
      let done = false;
      return () => {
        if (done) return;
        done = true;
        finished();
      };
    },
    holdFor(ms) {
      heldUntil = Math.max(heldUntil, now() + ms);
    },
    get waiting() {
      return waiting;
    },
  };
}
