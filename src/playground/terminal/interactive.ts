import { createInterface, type Interface } from 'node:readline';
import type { Session } from './session.js';
import { createTabCompleter } from './tab-completer.js';

/** Terminal mode: a prompt with history and Tab completion; `exit`, Ctrl-D or Ctrl-C leave. */
export async function runInteractive(session: Session, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, prompt: string): Promise<void> {
  const holder: { rl?: Interface } = {};
  const completer = createTabCompleter({ complete: (line) => session.complete(line), readline: () => holder.rl, output });
  const lines = createInterface({ input, output, prompt, completer, terminal: true, historySize: 500 });
  holder.rl = lines;
  lines.on('SIGINT', () => lines.close());
  lines.prompt();
  try {
    for await (const line of lines) {
      const result = await session.execute(line);
      if (result.output !== '') output.write(`${result.output}\n\n`);
      if (result.exit) break;
      lines.prompt();
    }
  } finally {
    lines.close();
    output.write('\n');
  }
}
