import { createInterface } from 'node:readline';
import type { Session } from './session.js';

/**
 * Script mode (standard input is not a terminal): each line is echoed as `> line`, run, and its output
 * printed; `#` lines are comments. Ends at `exit` or at the end of the input.
 */
export async function runScript(session: Session, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const lines = createInterface({ input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      const text = line.trim();
      if (text === '' || text.startsWith('#')) continue;
      output.write(`> ${text}\n`);
      const result = await session.execute(text);
      output.write(result.output === '' ? '\n' : `${result.output}\n\n`);
      if (result.exit) break;
    }
  } finally {
    lines.close();
  }
}
