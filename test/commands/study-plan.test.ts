import type { APIInteraction } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createRouter } from '../../src/platform/discord/router.js';
import { fixedClock, testContext } from '../fixtures/context.js';
import { ids } from '../fixtures/interactions.js';
import { imagesOf, sendProblems, textOf, type SentMessage } from '../fixtures/layout.js';
import { studyInteraction } from '../fixtures/study-interactions.js';

/** `/study plan`: the owner sets a plan by end date or pace; everyone sees it week by week and against the board. */

// Wednesday 9 December 2026, noon in Berlin: ISO week 2026-W50 (7–13 Dec).
const wednesday = Date.UTC(2026, 11, 9, 11, 0);
const owner = ids.user;
const reader = '700000000000000009';

function setup() {
  const clock = fixedClock(wednesday);
  const ctx = testContext({ clock });
  const router = createRouter(ctx, commands);
  const run = async (payload: APIInteraction): Promise<SentMessage> => ((await router.handle(payload)) as { data: SentMessage }).data;
  const read = (data: SentMessage): string => (data.content ?? '') + textOf(data);
  return { ctx, clock, run, read };
}

async function groupWithReader(run: (payload: APIInteraction) => Promise<SentMessage>): Promise<void> {
  await run(studyInteraction('create', { name: 'Readers', book: 'fluent python', timezone: 'Europe/Berlin' }, owner));
  await run(studyInteraction('join', { group: 'Readers' }, reader));
}

describe('/study plan', () => {
  it('spreads the book\'s chapters to the end date and shows the weeks with their chapters, this week marked', async () => {
    const { run, read } = setup();
    await groupWithReader(run);
    const set = await run(studyInteraction('plan', { group: 'Readers', end: '2027-01-31' }, owner));
    expect(sendProblems(set)).toEqual([]);
    const text = read(set);
    expect(text).toContain('By chapter: 24 chapters over 8 weeks');
    expect(text).toContain('**1.** 7–13 Dec: ch. 1 The Python Data Model, ch. 2 An Array of Sequences, ch. 3 Dictionaries and Sets ◀ this week');
    expect(text).toContain('**8.** 25–31 Jan: ch. 22');
    // Anyone may look; the same plan.
    expect(read(await run(studyInteraction('plan', { group: 'Readers' }, reader)))).toContain('**2.** 14–20 Dec: ch. 4');
  });

  it('sets a plan by pace, lets only the owner change it, and removes it while keeping check-ins', async () => {
    const { run, read, ctx } = setup();
    await groupWithReader(run);
    expect(read(await run(studyInteraction('plan', { group: 'Readers', pace: '6 chapters' }, owner)))).toContain('24 chapters over 4 weeks');
    expect(read(await run(studyInteraction('plan', { group: 'Readers', pace: '1 chapter' }, reader)))).toMatch(/Only the owner of \*\*Readers\*\*/);
    expect(read(await run(studyInteraction('plan', { group: 'Readers', pace: '50 pages' }, owner)))).toMatch(/chapters or percent/);
    await run(studyInteraction('checkin', { group: 'Readers', progress: 'ch 2' }, reader));
    expect(read(await run(studyInteraction('plan', { group: 'Readers', clear: true }, owner)))).toMatch(/removed; everyone's check-ins are kept/);
    expect(read(await run(studyInteraction('plan', { group: 'Readers' }, reader)))).toMatch(/has no reading plan yet/);
    expect(ctx.studyGroups.board(ids.guild, 'Readers').members.find((member) => member.userId === reader)?.latest?.progress.value).toBe(2);
  });

  it('puts each member against the plan on the board and in /study me', async () => {
    const { run, read, clock } = setup();
    await groupWithReader(run);
    await run(studyInteraction('plan', { group: 'Readers', end: '2027-01-31' }, owner));
    await run(studyInteraction('checkin', { group: 'Readers', progress: 'ch 5' }, reader));
    // Two weeks on (week 3: chapters 7–9), the reader is at 5 of the 6 due, the owner has not checked in.
    clock.set(wednesday + 14 * 24 * 3600_000);
    const boardMessage = await run(studyInteraction('status', { group: 'Readers' }, owner));
    const board = read(boardMessage);
    // The picture says it too: the plan's week, and the reader behind it.
    const alt = imagesOf(boardMessage)[0]!.description!;
    expect(alt).toContain('Reading plan: week 3 of 8: ch. 7–9.');
    expect(alt).toMatch(/: chapter 5 of 24, checked in 1 of \d+ weeks?, behind the plan by 1 chapter\./);
    expect(board).toContain('**Plan:** week 3 of 8 · this week ch. 7–9');
    expect(board).toMatch(new RegExp(`<@${reader}>.*⚠️ behind the plan by 1 chapter`));
    await run(studyInteraction('checkin', { group: 'Readers', progress: 'ch 12' }, owner));
    expect(read(await run(studyInteraction('me', {}, owner)))).toContain('🚀 ahead of the plan by 3 chapters');
  });

  it('plans by percent for a book without a sourced chapter list, and says why', async () => {
    const { run, read } = setup();
    await run(studyInteraction('create', { name: 'Internals', book: 'cpython internals', timezone: 'UTC' }, owner));
    const text = read(await run(studyInteraction('plan', { group: 'Internals', pace: '25%' }, owner)));
    expect(text).toContain('By percent over 4 weeks: this book has no sourced chapter list.');
    expect(text).toContain('**1.** 7–13 Dec: 0–25% ◀ this week');
  });
});
