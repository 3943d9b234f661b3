import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, messages, openPage, send, startPlayground, type Playground } from '../../src/playground/web/headless.js';

/**
 * The web playground in a real Chromium: a member looks a book up with the bot's own autocomplete, presses
 * buttons, checks in through the form, lets a week pass, and sees only their own private replies.
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
});
