import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { startPinnedWorld, type PinnedWorld } from '../../src/playground/session/pinned-world.js';
import { manifestPath, readManifest, screenshotsDir } from '../../src/playground/screenshots/manifest.js';
import { playScene, sessionDriver } from '../../src/playground/screenshots/play-scene.js';
import { scenes, type Scene } from '../../src/playground/screenshots/scenes.js';
import { createPlaygroundWebSession } from '../../src/playground/web/run-web.js';

/**
 * The pictures in docs/screenshots/ show what the bot answers today: each scene is played again, without a
 * browser, through the web session the page talks to, and the hash of what its picture shows (the bot's
 * message or form, volatile ids removed) must be the one `npm run screenshots` recorded in manifest.json.
 */

const definitions = commands.map((command) => command.definition);
let pinned: PinnedWorld | null = null;
afterEach(async () => {
  await pinned?.close();
  pinned = null;
});

async function play(scene: Scene): Promise<{ outputHash: string; output: string }> {
  pinned = await startPinnedWorld();
  const session = createPlaygroundWebSession({ world: pinned.world, clock: pinned.clock, definitions });
  const result = await playScene(scene, pinned.world, sessionDriver(session));
  await pinned.close();
  pinned = null;
  return result;
}

describe('docs/screenshots', { timeout: 60_000 }, () => {
  const manifest = existsSync(manifestPath) ? readManifest() : {};

  it('has a picture and a manifest entry for every scene, and no others', () => {
    const missing = scenes.filter((scene) => manifest[scene.name]?.file !== scene.file || !existsSync(`${screenshotsDir}${scene.file}`));
    expect(missing.map((scene) => `docs/screenshots/${scene.file} is missing: run npm run screenshots`)).toEqual([]);
    expect(Object.keys(manifest).sort()).toEqual(scenes.map((scene) => scene.name).sort());
  });

  it('shows what the bot answers now in every picture', async () => {
    const stale: string[] = [];
    for (const scene of scenes) {
      const { outputHash } = await play(scene);
      if (manifest[scene.name]?.outputHash !== outputHash) stale.push(`docs/screenshots/${scene.file} shows an older ${scene.shows}: run npm run screenshots`);
    }
    expect(stale).toEqual([]);
  });

  it('gives the same output on every run (the hash depends on the presenters alone)', async () => {
    const [scene] = scenes.filter((candidate) => candidate.name === 'spotlight-post');
    const first = await play(scene!);
    const second = await play(scene!);
    expect(second.output).toBe(first.output);
  });
});
