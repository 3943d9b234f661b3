import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { commands } from '../../commands/index.js';
import { createLogger, silentLogger, type Logger } from '../platform/logger.js';
import { bannerText } from './terminal/help.js';
import { runInteractive } from './terminal/interactive.js';
import { deleteDatabase, parsePlaygroundArgs, usageText } from './session/options.js';
import { PlaygroundClock } from './session/playground-clock.js';
import { ansiStyle, defaultWidth, plainStyle } from './terminal/render.js';
import { runScript } from './terminal/script.js';
import { createSession } from './terminal/session.js';
import { startWorld } from './session/world.js';
import { startWebPlayground } from './web/run-web.js';

/**
 * `npm run playground`: the real bot against a local Discord, driven from the terminal, or from a script
 * on standard input (`npm run playground < script.txt`).
 */

function fileLogger(path: string): Logger {
  mkdirSync(dirname(path), { recursive: true });
  return createLogger('debug', createWriteStream(path, { flags: 'a' }));
}

async function main(): Promise<number> {
  const parsed = parsePlaygroundArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    console.error(parsed.error);
    return 2;
  }
  const { options } = parsed;
  if (options.help) {
    console.log(usageText);
    return 0;
  }
  if (options.fresh) deleteDatabase(options.databasePath);

  const interactive = process.stdin.isTTY === true;
  const output = process.stdout;
  const clock = new PlaygroundClock(undefined, options.startMs === null ? {} : { startMs: options.startMs });
  const world = await startWorld({
    databasePath: options.databasePath,
    clock,
    log: options.logPath ? fileLogger(options.logPath) : silentLogger,
    commands,
  });
  const definitions = commands.map((command) => command.definition);

  if (options.web) {
    const server = await startWebPlayground({ world, clock, definitions, ...(options.port === null ? {} : { port: options.port }) }).catch(async (error: unknown) => {
      await world.stop();
      throw error;
    });
    output.write(`Grimoire web playground: ${server.url}  (open it in a browser; Ctrl-C stops it)\n`);
    // Ctrl-C or SIGTERM: close the page's server, then the bot and the emulator; 128 + the signal, as usual.
    const signal = await new Promise<number>((resolve) => {
      process.once('SIGINT', () => resolve(130));
      process.once('SIGTERM', () => resolve(143));
    });
    await server.close();
    await world.stop();
    return signal;
  }

  // In a terminal, readline turns Ctrl-C into a clean exit; otherwise stop here, with the usual 128 + signal code.
  const stopOnSignal = (code: number) => (): void => {
    void world.stop().finally(() => process.exit(code));
  };
  process.once('SIGTERM', stopOnSignal(143));
  if (!interactive) process.once('SIGINT', stopOnSignal(130));

  try {
    const colour = interactive && output.isTTY && !process.env.NO_COLOR;
    const session = createSession({
      discord: world.discord,
      place: world.place,
      elsewhere: world.elsewhere,
      definitions,
      directory: world.directory,
      names: world.names,
      clock,
      passTime: world.passTime,
      guildName: world.guildName,
      render: { width: interactive ? Math.min(defaultWidth, output.columns || defaultWidth) : defaultWidth, style: colour ? ansiStyle : plainStyle },
    });
    output.write(`${bannerText({ guildName: world.guildName, channelName: world.channelName, userName: world.userName, databasePath: options.databasePath, interactive })}\n\n`);
    if (interactive) await runInteractive(session, process.stdin, output, `#${world.channelName} › `);
    else await runScript(session, process.stdin, output);
  } finally {
    await world.stop();
  }
  return 0;
}

let code: number;
try {
  code = await main();
} catch (error) {
  console.error(`The playground crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  code = 1;
}
process.exitCode = code;
// Everything is closed by now; do not wait on a stray handle (e.g. standard input left open by a pipe).
setTimeout(() => process.exit(code), 2000).unref();
process.stdin.destroy();
