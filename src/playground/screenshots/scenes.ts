/**
 * The scenes `npm run screenshots` shows, as plain data: who does what in the playground, starting on a fresh
 * database at Tuesday 2026-12-08 20:00 UTC, and which message (or form) the picture is of. The browser runner
 * and the freshness test (test/e2e/screenshots-current.test.ts) play these same steps.
 */

export type Member = 'you' | 'alice' | 'bob';
export type ClockButton = '1h' | '1d' | '7d';

/** The last message the member sees, or the last one whose text contains `containing`. */
export interface MessagePick {
  containing?: string;
}

export type SceneStep =
  | { command: string; as?: Member }
  | { clock: ClockButton }
  /** Presses the button with this label on the picked message. */
  | { press: string; on: MessagePick; as?: Member }
  /** Votes in the channel's latest poll for its answer number `vote` (1 = the first). */
  | { vote: number; as?: Member };

export type SceneShot = { message: MessagePick; as?: Member } | { form: true; as?: Member };

export interface Scene {
  name: string;
  /** Under docs/screenshots/. */
  file: string;
  /** What the picture shows, for the freshness test's message ("shows an older /book card"). */
  shows: string;
  steps: readonly SceneStep[];
  shot: SceneShot;
}

export const clockButtonMs: Record<ClockButton, number> = { '1h': 3_600_000, '1d': 86_400_000, '7d': 604_800_000 };

const readers = '/study create name: Readers book: fluent python day: wednesday time: 19:00 timezone: Europe/Berlin';
const joinedByAliceAndBob: SceneStep[] = [
  { command: readers },
  { command: '/study join group: Readers', as: 'alice' },
  { command: '/study join group: Readers', as: 'bob' },
];

export const scenes: readonly Scene[] = [
  { name: 'book-card', file: 'book-card.png', shows: '/book card', steps: [{ command: '/book query: fluent python' }], shot: { message: {} } },
  { name: 'recommend', file: 'recommend.png', shows: '/recommend answer', steps: [{ command: '/recommend topic: asyncio' }], shot: { message: {} } },
  {
    name: 'spotlight-post',
    file: 'spotlight-post.png',
    shows: 'weekly spotlight post',
    // Set up on Tuesday evening; a day later Wednesday 18:30 in Berlin has passed and the post is out.
    steps: [{ command: '/spotlight setup channel: #books day: wednesday time: 18:30 timezone: Europe/Berlin' }, { clock: '1d' }],
    shot: { message: {} },
  },
  {
    name: 'study-board',
    file: 'study-board.png',
    shows: '/study status board',
    steps: [
      ...joinedByAliceAndBob,
      { command: '/study checkin group: Readers progress: ch 4', as: 'alice' },
      { command: '/study checkin group: Readers progress: 30%', as: 'bob' },
      { command: '/study checkin group: Readers progress: ch 2' },
      { command: '/study status group: Readers' },
    ],
    shot: { message: {} },
  },
  {
    name: 'reminder',
    file: 'reminder.png',
    shows: 'weekly study reminder',
    // alice checked in, bob and you did not: Wednesday 19:00 in Berlin passes and the reminder pings only those two.
    steps: [...joinedByAliceAndBob, { command: '/study checkin group: Readers progress: ch 4', as: 'alice' }, { clock: '1d' }],
    shot: { message: {} },
  },
  {
    name: 'checkin-form',
    file: 'checkin-form.png',
    shows: 'check-in form',
    steps: [...joinedByAliceAndBob, { command: '/study status group: Readers', as: 'alice' }, { press: 'Check in', on: {}, as: 'alice' }],
    shot: { form: true, as: 'alice' },
  },
  {
    name: 'poll-outcome',
    file: 'poll-outcome.png',
    shows: 'poll outcome post',
    // A spotlight poll for an hour: alice and bob vote for its second book, you for its first; then it closes.
    steps: [
      { command: '/spotlight setup channel: #books day: monday time: 18:30 timezone: Europe/Berlin' },
      { command: '/spotlight poll hours: 1' },
      { vote: 2, as: 'alice' },
      { vote: 2, as: 'bob' },
      { vote: 1 },
      { clock: '1h' },
    ],
    shot: { message: { containing: 'Poll closed' } },
  },
  { name: 'not-in-list', file: 'not-in-list.png', shows: '"not in our list" answer', steps: [{ command: '/book query: clean code robert martin' }], shot: { message: {} } },
];
