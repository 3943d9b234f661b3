import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, messages, openPage, send, startPlayground, type Playground } from '../../src/playground/web/headless.js';

/**
 * The web playground in a real Chromium: a member looks a book up with the bot's own autocomplete, presses
 * buttons, checks in through the form, lets a week pass, sees only their own private replies, votes in a poll
 * as several members, and opens the server's events from a link.
 */

let playground: Playground;
let browser: Browser;

beforeAll(async () => {
  [playground, browser] = await Promise.all([startPlayground(), launchBrowser()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await playground?.close();
});

describe('the web playground', { timeout: 60_000 }, () => {
  it('looks a book up with autocomplete picked from the list, then presses one of its buttons', async () => {
    const { page, external, errors } = await openPage(browser, playground.server.url);
    const box = page.getByTestId('command');
    await box.pressSequentially('/book query: fluent pyh');
    const suggestion = page.getByTestId('suggestion').filter({ hasText: 'Fluent Python' });
    await suggestion.first().waitFor();
    await suggestion.first().dispatchEvent('mousedown');
    await expect.poll(() => box.inputValue()).toMatch(/^\/book query: fluent-python-2e\s*$/);
    await box.press('Enter');
    const card = messages(page).filter({ hasText: 'Clear, Concise, and Effective Programming' });
    await card.waitFor();
    expect(await card.getByText('Luciano Ramalho').count()).toBeGreaterThan(0);

    const before = playground.world.emulator.interactions.length;
    await card.getByRole('button', { name: 'Chapters' }).click();
    await messages(page).filter({ hasText: 'The Python Data Model' }).first().waitFor();
    expect(playground.world.emulator.interactions.length).toBe(before + 1);
    expect(external).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('runs /recommend with a topic picked from its suggestions (a value like topic:performance)', async () => {
    const { page, errors } = await openPage(browser, playground.server.url);
    const box = page.getByTestId('command');
    await box.pressSequentially('/reco');
    await page.getByTestId('suggestion').filter({ hasText: '/recommend' }).waitFor();
    await box.press('Tab');
    await box.pressSequentially('topic: make my code fas');
    await page.getByTestId('suggestion').filter({ hasText: 'Performance' }).first().waitFor();
    await box.press('Tab');
    await expect.poll(() => box.inputValue()).toMatch(/^\/recommend topic: topic:performance\s*$/);
    await box.press('Enter');
    await messages(page).filter({ hasText: 'Books for Performance' }).waitFor();
    expect(await page.getByTestId('notice').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens a link button in a new tab and sends the bot nothing', async () => {
    const { page } = await openPage(browser, playground.server.url);
    await send(page, '/book query: fluent python');
    const card = messages(page).last();
    const link = card.getByRole('link', { name: 'Official page' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^https:\/\//);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('data-action')).toBeNull();
    const before = playground.world.emulator.interactions.length;
    const popup = page.context().waitForEvent('page');
    await link.click();
    await (await popup).close();
    expect(playground.world.emulator.interactions.length).toBe(before);
    await page.context().close();
  });

  it('shows a private reply only to the member who got it', async () => {
    const you = await openPage(browser, playground.server.url);
    await send(you.page, '/book query: zzzz qqqq');
    const privateReply = messages(you.page).filter({ hasText: 'zzzz qqqq' }).last();
    await privateReply.waitFor();
    expect(await privateReply.getAttribute('ephemeral')).not.toBeNull();
    const alice = await openPage(browser, playground.server.url, { viewer: 'alice' });
    await messages(alice.page).first().waitFor();
    expect(await messages(alice.page).filter({ hasText: 'zzzz qqqq' }).count()).toBe(0);
    // The same page, switched to alice, no longer shows it either.
    await you.page.getByTestId('member-switcher').selectOption('alice');
    await expect.poll(() => messages(you.page).filter({ hasText: 'zzzz qqqq' }).count()).toBe(0);
    await you.page.context().close();
    await alice.page.context().close();
  });

  it('checks in through the form the bot opens', async () => {
    const { page } = await openPage(browser, playground.server.url);
    await send(page, '/study create name: Readers book: fluent python timezone: Europe/Berlin');
    await messages(page).filter({ hasText: 'Study group Readers' }).last().waitFor();
    await send(page, '/study status group: Readers');
    await page.getByRole('button', { name: 'Check in' }).last().click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.getByText('Chapter reached').count()).toBe(1);
    await dialog.locator('select[name="chapter"]').selectOption({ index: 5 });
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'detached' });
    await messages(page).filter({ hasText: /ch(apter)?\.? ?5/i }).first().waitFor();
    await page.context().close();
  });

  it('lets a week pass with +7d and shows the spotlight post when it falls due', async () => {
    const { page } = await openPage(browser, playground.server.url);
    await send(page, '/spotlight setup channel: #books day: wednesday time: 18:30 timezone: Europe/Berlin');
    await messages(page).filter({ hasText: /spotlight/i }).last().waitFor();
    const spotlightPosts = () => messages(page).filter({ hasText: /this week's spotlight|spotlight/i }).count();
    const before = await spotlightPosts();
    await page.getByTestId('clock-7d').click();
    await expect.poll(() => page.getByTestId('clock').textContent(), { timeout: 20_000 }).toContain('Tuesday, December 15, 2026 at 9:00 PM');
    await expect.poll(spotlightPosts).toBeGreaterThan(before);
    await page.context().close();
  });

  it('changes a message in place when the bot edits it (as a deferred reply is finished)', async () => {
    const { page } = await openPage(browser, playground.server.url);
    await send(page, '/recommend topic: asyncio');
    const reply = messages(page).filter({ hasText: 'Books for' }).last();
    await reply.waitFor();
    const id = await reply.getAttribute('data-message-id');
    const count = await messages(page).count();
    // What the bot does to finish a deferred reply: PATCH its original message through the interaction's webhook.
    const { emulator } = playground.world;
    const record = emulator.interactions.at(-1)!;
    const edited = await fetch(`${emulator.apiBase}/v10/webhooks/${emulator.applicationId}/${record.token}/messages/@original`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      // A Components v2 message stays one: the edit sends new components and leaves the flags out.
      body: JSON.stringify({ components: [{ type: 17, components: [{ type: 10, content: 'Edited: the list is ready' }] }] }),
    });
    expect(edited.status).toBe(200);
    const same = page.locator(`discord-message[data-message-id="${id}"]`);
    await expect.poll(() => same.textContent()).toContain('Edited: the list is ready');
    expect(await same.getAttribute('edited')).not.toBeNull();
    expect(await messages(page).count()).toBe(count);
    await page.context().close();
  });

  it("shows an image's description when the image cannot be loaded", async () => {
    const { emulator, place } = playground.world;
    const response = await fetch(`${emulator.apiBase}/v10/channels/${place.channelId}/messages`, {
      method: 'POST',
      headers: { Authorization: `Bot ${emulator.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ embeds: [{ title: 'A cover from far away', image: { url: 'https://covers.invalid/fluent-python.png' } }] }),
    });
    expect(response.status).toBe(200);
    const { page, external, externalImages } = await openPage(browser, playground.server.url);
    const post = messages(page).filter({ hasText: 'A cover from far away' });
    await post.getByTestId('image-fallback').waitFor();
    expect(externalImages).toContain('https://covers.invalid/fluent-python.png');
    expect(external).toEqual([]);
    await page.context().close();
  });

  it('shows a poll, takes votes from several members, and shows its result once it has ended', async () => {
    const { emulator, place } = playground.world;
    const question = 'Which book should the club read next?';
    const posted = await asBot(`/channels/${place.channelId}/messages`, {
      poll: { question: { text: question }, answers: ['Fluent Python', 'Effective Python', 'Robust Python'].map((text) => ({ poll_media: { text } })), duration: 1 },
      allowed_mentions: { parse: [] },
    });
    expect(posted.status).toBe(200);
    const pollId = ((await posted.json()) as { id: string }).id;
    const { page, errors } = await openPage(browser, playground.server.url);
    const poll = page.locator(`[data-poll-id="${pollId}"]`);
    const status = poll.getByTestId('poll-status');
    await poll.waitFor();
    expect(await poll.getByText('Select one answer').count()).toBe(1);
    expect(await status.textContent()).toBe('0 votes · 1h left');

    // Each member picks an answer and presses Vote, as in Discord; the tally shows once they have voted.
    const voteAs = async (member: string, answer: string): Promise<void> => {
      await page.getByTestId('member-switcher').selectOption(member);
      await expect.poll(() => poll.getAttribute('data-results')).toBe('hidden');
      const vote = poll.getByRole('button', { name: 'Vote', exact: true });
      expect(await vote.isDisabled()).toBe(true);
      await poll.getByTestId('poll-answer').filter({ hasText: answer }).click();
      await vote.click();
      await expect.poll(() => poll.getAttribute('data-results')).toBe('shown');
    };
    await voteAs('you', 'Fluent Python');
    const mine = poll.locator('[data-testid="poll-answer"][data-mine="true"]');
    expect(await mine.textContent()).toContain('Fluent Python1 vote100%');
    // Show results peeks at the tally without voting, and goes back.
    await page.getByTestId('member-switcher').selectOption('alice');
    await expect.poll(() => poll.getAttribute('data-results')).toBe('hidden');
    await poll.getByRole('button', { name: 'Show results' }).click();
    expect(await poll.getAttribute('data-results')).toBe('shown');
    await poll.getByRole('button', { name: 'Go back to vote' }).click();
    expect(await poll.getAttribute('data-results')).toBe('hidden');
    await voteAs('alice', 'Effective Python');
    await voteAs('bob', 'Fluent Python');
    expect(await status.textContent()).toBe('3 votes · 1h left');
    expect(await mine.textContent()).toContain('Fluent Python2 votes67%');
    expect(await poll.getByRole('button', { name: 'Remove vote' }).count()).toBe(1);
    expect(emulator.pollView(pollId).answers.map((answer) => answer.count)).toEqual([2, 1, 0]);

    // An hour later the poll has closed: its winner in green, no more voting, and Discord's result line under it.
    await page.getByTestId('clock-1h').click();
    await expect.poll(() => status.textContent()).toBe('3 votes · Poll closed');
    expect(await poll.locator('[data-winner="true"]').textContent()).toContain('Fluent Python');
    expect(await poll.getByRole('button').count()).toBe(0);
    const result = page.getByTestId('poll-result').filter({ hasText: question });
    expect(await result.textContent()).toMatch(/^📊Grimoire's poll Which book should the club read next\? has closed\..*✓Fluent PythonWinning answer · 2 votes · 67%View poll$/);
    await result.getByRole('button', { name: 'View poll' }).click();
    await expect.poll(() => page.locator(`#pg-message-list > [data-message-id="${pollId}"]`).getAttribute('data-flash')).toBe('true');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("lists the server's events, and a link to one in a message opens the list on it instead of leaving the page", async () => {
    const { emulator, place } = playground.world;
    const start = '2026-12-23T18:00:00.000Z';
    const created = await asBot(`/guilds/${place.guildId}/scheduled-events`, {
      name: '📖 Readers: weekly session',
      description: 'Reading Fluent Python together.',
      privacy_level: 2,
      entity_type: 2,
      channel_id: playground.world.directory().channels.get('reading-room'),
      scheduled_start_time: start,
      scheduled_end_time: '2026-12-23T19:00:00.000Z',
      recurrence_rule: { start, frequency: 2, interval: 1, by_weekday: [2] },
    });
    expect(created.status).toBe(200);
    const eventId = ((await created.json()) as { id: string }).id;
    const link = `https://discord.com/events/${place.guildId}/${eventId}`;
    expect((await asBot(`/channels/${place.channelId}/messages`, { content: `This week's session: ${link}`, allowed_mentions: { parse: [] } })).status).toBe(200);

    const { page, errors } = await openPage(browser, playground.server.url);
    await expect.poll(() => page.getByTestId('events-button').textContent()).toContain('1 Event');
    const before = emulator.interactions.length;
    await messages(page).filter({ hasText: "This week's session" }).getByRole('link', { name: link }).click();
    const panel = page.getByTestId('events-panel');
    const card = panel.locator(`[data-event-id="${eventId}"][data-highlighted="true"]`);
    await card.waitFor();
    // Berlin time, as the browser reads it: 18:00 UTC is 7 PM there, on a Wednesday.
    expect(await card.textContent()).toBe('ScheduledWednesday, December 23, 2026 at 7:00 PM – 8:00 PM📖 Readers: weekly session🔊 #reading-room🔁 every WednesdayReading Fluent Python together.');
    expect(page.context().pages()).toHaveLength(1);
    expect(emulator.interactions.length).toBe(before);
    await panel.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

/** A request to the emulator's REST as the bot makes it. */
function asBot(path: string, body: unknown): Promise<Response> {
  const { emulator } = playground.world;
  return fetch(`${emulator.apiBase}/v10${path}`, { method: 'POST', headers: { Authorization: `Bot ${emulator.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}
