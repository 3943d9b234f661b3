/**
 * A reason the bot cannot start that the person running it can fix (a bad path, an old build, an
 * unreachable Discord). `message` is written for that person: it names the setting and says what to do.
 * `src/main.ts` prints only the message (no stack trace) and exits with code 1.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
