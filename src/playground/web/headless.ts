import { chromium, type Browser, type Page } from 'playwright-core';
import { commands } from '../../../commands/index.js';
import type { PlaygroundClock } from '../session/playground-clock.js';
import { startPinnedWorld, startInstant } from '../session/pinned-world.js';
import type { World } from '../session/world.js';
import { startWebPlayground } from './run-web.js';
import type { WebServer } from './server.js';

/**
 * A real web playground (the bot, the emulator, the page's server) in this process, and Debian's Chromium
 * driving its page: what the browser tests and `npm run screenshots` share. The playground's clock is pinned;
 * the browser reads times in Berlin. playwright-core is a development dependency: only tools import this.
 */

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export { startInstant };

export interface Playground {
  world: World;
  server: WebServer;
  clock: PlaygroundClock;
  close(): Promise<void>;
}

export async function startPlayground(options: { startMs?: number } = {}): Promise<Playground> {
  const pinned = await startPinnedWorld(options);
  const { world, clock } = pinned;
  const server = await startWebPlayground({ world, clock, definitions: commands.map((command) => command.definition) }).catch(async (error: unknown) => {
    await pinned.close();
    throw error;
  });
  return {
    world,
    server,
    clock,
    async close() {
      await server.close();
      await pinned.close();
    },
  };
}

/** Chromium with the machine's environment minus libfaketime: the page gets its times from the playground. */
export function launchBrowser(): Promise<Browser> {
  const { LD_PRELOAD: _preload, FAKETIME: _faketime, FAKETIME_DONT_FAKE_MONOTONIC: _monotonic, ...env } = process.env;
  return chromium.launch({ executablePath: chromiumPath, headless: true, env: env as Record<string, string> });
}

export interface OpenPage {
  page: Page;
  /** Requests the page tried to make anywhere but the playground (all refused): scripts, styles, fonts… */
  external: string[];
  /** Images asked for by URL from their own hosts (a book's cover): refused here too, so the page shows their description. */
  externalImages: string[];
  /** Errors the page's scripts threw. */
  errors: string[];
}

export async function openPage(browser: Browser, url: string, options: { viewer?: string; width?: number; height?: number } = {}): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1200, height: options.height ?? 900 }, timezoneId: 'Europe/Berlin', locale: 'en-US' });
  const page = await context.newPage();
  const external: string[] = [];
  const externalImages: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested.startsWith(url) || requested.startsWith('http://127.0.0.1:')) return route.continue();
    (route.request().resourceType() === 'image' ? externalImages : external).push(requested);
    return route.abort();
  });
  await page.goto(options.viewer ? `${url}?as=${encodeURIComponent(options.viewer)}` : url);
  await page.locator('body[data-ready="true"]').waitFor();
  return { page, external, externalImages, errors };
}

/** Types a slash command into the message box and sends it with Enter. */
export async function send(page: Page, line: string): Promise<void> {
  const box = page.getByTestId('command');
  await box.fill(line);
  await box.press('Enter');
  // Sent (the box is cleared: its placeholder shows) or refused (the notice says why). Locators, not
  // waitForFunction: its polling evaluates a string, which the page's Content-Security-Policy forbids.
  await page.locator('[data-testid="command"]:placeholder-shown').or(page.locator('[data-testid="notice"]:not([hidden])')).first().waitFor();
}

/** The messages of #books the page shows, newest last. */
export const messages = (page: Page) => page.locator('#pg-message-list > discord-message');
