import dotenv from 'dotenv';
import { createApp } from './app.js';
import { parseConfig } from './config.js';
import { createLogger } from './platform/logger.js';

/** `npm start`: read the configuration, start the bot, stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const result = parseConfig(process.env);
  if (!result.ok) {
    console.error(result.message);
    process.exitCode = 1;
    return;
  }
  const log = createLogger(result.config.LOG_LEVEL);
  const app = createApp({ config: result.config, log });

  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutting down');
    // If Discord or the disk hangs, do not hang with it.
    setTimeout(() => process.exit(1), 10_000).unref();
    void app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'unclean shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // One bad promise must not take the bot down; it is logged and the bot keeps answering.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));

  try {
    await app.start();
  } catch (error) {
    // A rejected token is not fixed by restarting: say so once and exit non-zero.
    const message = error instanceof Error && /token/i.test(error.message) ? 'Discord rejected DISCORD_TOKEN: reset the token in the Developer Portal and update .env.' : 'Could not connect to Discord.';
    log.fatal({ err: error }, message);
    console.error(`Grimoire cannot start: ${message}`);
    await app.stop();
    process.exitCode = 1;
  }
}

await main();
