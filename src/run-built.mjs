// `npm start`, `npm run start:sharded`, `npm run backup` and `npm run deploy-commands` run the compiled bot with
// plain node: `node src/run-built.mjs main.js` runs dist/src/main.js in this process (so signals reach the bot),
// building dist/ first (`npm run build`) when it is missing or older than the sources. Plain JavaScript, since it
// runs before anything is compiled. `node src/run-built.mjs --build` (npm run build) builds in any case.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = process.argv[2];
const buildOnly = entry === '--build';
if (!buildOnly && !/^[\w-]+\.js$/.test(entry ?? '')) {
  console.error('usage: node src/run-built.mjs <entry.js under src/, e.g. main.js> | --build');
  process.exit(2);
}
// The build's folder under the project: dist/, or GRIMOIRE_DIST (a test builds into a folder of its own).
const distName = process.env.GRIMOIRE_DIST || 'dist';
if (!/^[\w.-]+$/.test(distName) || distName.startsWith('.')) {
  console.error('GRIMOIRE_DIST must be a folder name in the project, such as dist');
  process.exit(2);
}
const dist = join(root, distName);
// Written after each successful build: tsc's own outputs keep their times when nothing in them changed.
const stamp = join(dist, '.built-at');
/** Not part of the build (tsconfig.build.json): their changes need no rebuild. */
const notBuilt = new Set([join(root, 'src', 'playground'), join(root, 'src', 'emulator')]);

function newestSourceMs(folder) {
  let newest = 0;
  for (const item of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, item.name);
    if (item.isDirectory()) {
      if (!notBuilt.has(path)) newest = Math.max(newest, newestSourceMs(path));
    } else if (item.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sourcesMs = Math.max(
  newestSourceMs(join(root, 'src')),
  newestSourceMs(join(root, 'commands')),
  ...['tsconfig.json', 'tsconfig.build.json'].map((file) => statSync(join(root, file)).mtimeMs),
);
const builtMs = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (buildOnly || builtMs < sourcesMs) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    console.error(`Grimoire cannot start: ${distName}/ is missing or older than the sources, and TypeScript is not installed here (npm ci --omit=dev?). Run \`npm run build\` where it is, and ship ${distName}/.`);
    process.exit(1);
  }
  if (!buildOnly) console.error(existsSync(stamp) ? `The sources changed since the last build: building ${distName}/ (npm run build)…` : `No build yet: building ${distName}/ (npm run build)…`);
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', dist, '--tsBuildInfoFile', join(dist, '.tsbuildinfo')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('Grimoire cannot start: the build failed (above).');
    process.exit(built.status ?? 1);
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
if (!buildOnly) {
  // The bot sees the arguments it was given, as if started as `node dist/src/<entry> …`.
  const entryPath = join(dist, 'src', entry);
  process.argv.splice(1, 2, entryPath);
  await import(pathToFileURL(entryPath).href);
}
