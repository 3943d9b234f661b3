import type { Browser, Page, Response } from 'playwright-core';
import type { RecordedMessage } from '../../emulator/state.js';
import { openPage, send, type OpenPage, type Playground } from '../web/headless.js';
import type { SceneDriver } from './play-scene.js';
import type { Member } from './scenes.js';

/**
 * Plays scenes in the page as a member would (one page per member, `?as=alice`), and takes the picture: the
 * message's own element, or the open form with a margin, once fonts and skyra's components are ready.
 */

export const viewport = { width: 1000, height: 800 } as const;
/** Room in the window for the page's header and message box around a tall message. */
const tallMessageRoom = 300;

export interface BrowserScene {
  driver: SceneDriver;
  captureMessage(member: Member, message: RecordedMessage, path: string): Promise<void>;
  captureForm(member: Member, path: string): Promise<void>;
  /** Requests refused and script errors, on every page. */
  problems(): string[];
  close(): Promise<void>;
}

/** Runs `act`, then waits for the answer of the POST to `route`, and fails on an action the page was refused. */
async function answered(page: Page, route: string, act: () => Promise<void>): Promise<void> {
  const response: Promise<Response> = page.waitForResponse((candidate) => new URL(candidate.url()).pathname === route && candidate.request().method() === 'POST');
  await act();
  const reply = (await (await response).json()) as { ok: boolean; error?: string };
  if (!reply.ok) throw new Error(`${route}: ${reply.error}`);
}

/** Fonts loaded, skyra's elements defined, images decoded, two frames drawn. Runs in the page, hence a string. */
const settled = `(async () => {
  await document.fonts.ready;
  await customElements.whenDefined('discord-message');
  await Promise.all([...document.images].map((image) => image.decode().catch(() => undefined)));
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
})()`;

export function browserScene(browser: Browser, playground: Playground): BrowserScene {
  const pages = new Map<Member, OpenPage>();
  async function pageOf(member: Member): Promise<Page> {
    let open = pages.get(member);
    if (!open) {
      open = await openPage(browser, playground.server.url, { ...(member === 'you' ? {} : { viewer: member }), ...viewport });
      pages.set(member, open);
    }
    return open.page;
  }
  const messageElement = (page: Page, id: string) => page.locator(`#pg-message-list > discord-message[data-message-id="${id}"]`);

  return {
    driver: {
      async command(member, line) {
        const page = await pageOf(member);
        await answered(page, '/api/command', () => send(page, line));
      },
      async clock(button) {
        const page = await pageOf('you');
        await answered(page, '/api/clock', () => page.getByTestId(`clock-${button}`).click());
      },
      async press(member, message, label) {
        const page = await pageOf(member);
        await answered(page, '/api/button', () => messageElement(page, message.id).getByRole('button', { name: label, exact: true }).click());
      },
      async vote(member, message, index) {
        const page = await pageOf(member);
        const poll = messageElement(page, message.id);
        await poll.getByTestId('poll-answer').nth(index).click();
        await answered(page, '/api/vote', () => poll.getByRole('button', { name: 'Vote', exact: true }).click());
      },
    },
    async captureMessage(member, message, path) {
      const page = await pageOf(member);
      const element = messageElement(page, message.id);
      // The page shows the message as the bot left it: not a "thinking" placeholder, and its latest edit.
      const edited = message.editedAt === null ? '' : `[data-edited-at="${new Date(message.editedAt).toISOString()}"]`;
      await page.locator(`#pg-message-list > discord-message[data-message-id="${message.id}"]:not([data-loading])${edited}`).waitFor();
      await page.evaluate(settled);
      // The channel scrolls inside the window: a card taller than it needs a taller window to be seen whole.
      const height = (await element.boundingBox())?.height ?? 0;
      if (height > viewport.height - tallMessageRoom) await page.setViewportSize({ width: viewport.width, height: Math.ceil(height) + tallMessageRoom });
      await element.scrollIntoViewIfNeeded();
      await page.evaluate(settled);
      await element.screenshot({ path, animations: 'disabled', caret: 'hide' });
    },
    async captureForm(member, path) {
      const page = await pageOf(member);
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor();
      await page.evaluate(settled);
      await dialog.screenshot({ path, animations: 'disabled', caret: 'hide' });
    },
    problems: () => [...pages.entries()].flatMap(([member, open]) => [...open.external.map((url) => `${member}'s page asked for ${url}`), ...open.errors.map((error) => `${member}'s page threw: ${error}`)]),
    async close() {
      for (const open of pages.values()) await open.page.context().close();
    },
  };
}
