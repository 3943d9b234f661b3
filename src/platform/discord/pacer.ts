import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Spaces request starts evenly at `perSecond` (a smooth rate, not bursts), so a fan-out of thousands of
 * posts never trips Discord's global limit.
 */
export interface Pacer {
  wait(): Promise<void>;
}

export function createPacer(perSecond: number, now: () => number = () => performance.now()): Pacer {
  const interval = 1000 / perSecond;
  let nextSlot = 0;
  return {
    async wait() {
      const current = now();
      const slot = Math.max(nextSlot, current);
      nextSlot = slot + interval;
      if (slot > current) await sleep(slot - current);
    },
  };
}
