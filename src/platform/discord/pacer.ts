import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces request starts evenly at `perSecond` (a smooth rate, not bursts), so a fan-out of thousands of
 * posts never trips Discord's global limit; every request of the budget (posts and history reads) takes a slot.
 */
export interface Pacer {
  /** Resolves at this request's slot. */
  wait(): Promise<void>;
  /** Discord asked the whole bot to wait (a global 429): no slot starts within the next `ms`. */
  holdFor(ms: number): void;
}

const windowMs = 1000;

export function createPacer(perSecond: number, now: () => number = () => performance.now()): Pacer {
  const interval = 1000 / perSecond;
  const maxPerWindow = Math.ceil(perSecond);
  /** When the last requests started, oldest first (at most one window's worth). */
  const recent: number[] = [];
  let nextSlot = 0;
  let heldUntil = 0;

  /** How long until one more start fits in the last second's count. */
  function windowWaitMs(at: number): number {
    while (recent.length > 0 && recent[0]! <= at - windowMs) recent.shift();
    return recent.length < maxPerWindow ? 0 : recent[0]! + windowMs - at;
  }

  return {
    async wait() {
      for (;;) {
        const current = now();
        const slot = Math.max(nextSlot, current, heldUntil);
        const holdAtSlot = heldUntil;
        nextSlot = slot + interval;
        if (slot > current) await sleep(slot - current);
        // Timers that fire late (a busy event loop) would start several requests at once: still no more than
        // `perSecond` within any second, which is what Discord counts.
        for (let wait = windowWaitMs(now()); wait > 0; wait = windowWaitMs(now())) await sleep(wait);
        // A hold placed while this request slept (another request met a global 429) moves it behind the hold.
        if (heldUntil !== holdAtSlot && now() < heldUntil) continue;
        recent.push(now());
        return;
      }
    },
    holdFor(ms) {
      heldUntil = Math.max(heldUntil, now() + ms);
    },
  };
}
