/**
 * Which book a server spotlights next: every book once, in an order shuffled per server, before any
 * repeats; queued books first. The order is derived from the server id and the history alone, so it
 * is the same after every restart.
 */

export interface RotationEntry {
  bookId: string;
  outcome: 'posted' | 'skipped';
}

export interface RotationInput {
  /** Every book in the catalog. */
  bookIds: readonly string[];
  seed: number;
  /** What this server spotlighted (or skipped), oldest first. */
  history: readonly RotationEntry[];
  /** Books an admin queued, next first. */
  queue: readonly string[];
}

export interface RotationPick {
  bookId: string;
  fromQueue: boolean;
}

/** A stable 32-bit seed from a server id (FNV-1a). */
export function rotationSeed(guildId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < guildId.length; i++) {
    hash ^= guildId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The books in a shuffled order that depends only on the seed and the round. */
export function shuffledOrder(bookIds: readonly string[], seed: number, round: number): string[] {
  const order = [...bookIds].sort();
  const random = mulberry32(seed ^ Math.imul(round + 1, 0x9e3779b1));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export interface RoundState {
  /** How many full rounds (every book once) are done. */
  round: number;
  /** Books already spotlighted or skipped in the current round. */
  seen: Set<string>;
}

export function currentRound(bookIds: readonly string[], history: readonly RotationEntry[]): RoundState {
  const known = new Set(bookIds);
  let round = 0;
  let seen = new Set<string>();
  for (const entry of history) {
    if (!known.has(entry.bookId)) continue;
    seen.add(entry.bookId);
    if (seen.size === known.size) {
      round++;
      seen = new Set();
    }
  }
  return { round, seen };
}

/** The next `count` picks, assuming each one is posted in turn (for previews and status). */
export function upcomingBooks(input: RotationInput, count: number): RotationPick[] {
  const picks: RotationPick[] = [];
  let history = [...input.history];
  let queue = input.queue.filter((bookId) => input.bookIds.includes(bookId));
  while (picks.length < count && input.bookIds.length > 0) {
    const pick = nextSpotlightBook({ ...input, history, queue });
    if (!pick) break;
    picks.push(pick);
    history = [...history, { bookId: pick.bookId, outcome: 'posted' }];
    if (pick.fromQueue) queue = queue.slice(1);
  }
  return picks;
}

export function nextSpotlightBook(input: RotationInput): RotationPick | null {
  const queued = input.queue.find((bookId) => input.bookIds.includes(bookId));
  if (queued) return { bookId: queued, fromQueue: true };
  if (input.bookIds.length === 0) return null;
  const { round, seen } = currentRound(input.bookIds, input.history);
  const bookId = shuffledOrder(input.bookIds, input.seed, round).find((id) => !seen.has(id))!;
  return { bookId, fromQueue: false };
}
