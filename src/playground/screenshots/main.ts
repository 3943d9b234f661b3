import { mkdirSync } from 'node:fs';
import { launchBrowser, startPlayground } from '../web/headless.js';
import { browserScene } from './browser-driver.js';
import { screenshotsDir, writeManifest, type Manifest } from './manifest.js';
import { playScene } from './play-scene.js';
import { scenes } from './scenes.js';

/**
 * `npm run screenshots`: plays each scene in Chromium on a fresh playground (pinned to Tuesday 2026-12-08
 * 20:00 UTC), writes its picture to docs/screenshots/ and the hash of what it shows to manifest.json.
 */

async function main(): Promise<number> {
  mkdirSync(screenshotsDir, { recursive: true });
  const browser = await launchBrowser();
  const manifest: Manifest = {};
  try {
    for (const scene of scenes) {
      const playground = await startPlayground();
      const page = browserScene(browser, playground);
      try {
        const result = await playScene(scene, playground.world, page.driver);
        const path = `${screenshotsDir}${scene.file}`;
        const member = scene.shot.as ?? 'you';
        if (result.message) await page.captureMessage(member, result.message, path);
        else await page.captureForm(member, path);
        const problems = page.problems();
        if (problems.length > 0) throw new Error(`${scene.name}: ${problems.join('; ')}`);
        manifest[scene.name] = { file: scene.file, outputHash: result.outputHash };
        console.log(`docs/screenshots/${scene.file}  ${result.outputHash.slice(0, 12)}`);
      } finally {
        await page.close();
        await playground.close();
      }
    }
  } finally {
    await browser.close();
  }
  writeManifest(manifest);
  console.log('docs/screenshots/manifest.json');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
