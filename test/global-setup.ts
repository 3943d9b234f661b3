import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Once before the suite: the compiled build (npm run build), which the tests that start the bot as an operator does
 * (`npm start`, `npm run backup`, `npm run deploy-commands`) then run, none of them building it meanwhile. Incremental:
 * quick when dist/ is current.
 */
export default function buildOnce(): void {
  const root = fileURLToPath(new URL('../', import.meta.url));
  const built = spawnSync(process.execPath, ['src/run-built.mjs', '--build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed before the tests');
}
