import type { Interface } from 'node:readline';
import type { Candidate, Completion } from '../session/completion.js';
import { renderSuggestions } from './render.js';

/**
 * Adapts Completion to node:readline. Plain words (command and option names) use readline's own prefix
 * completion. The bot's suggestions need not start with what was typed ("beazly" → python-cookbook-3e), so
 * for those Tab prints the list (value and name) and puts the first value in the line; Tab again cycles
 * through the others and back to what was typed.
 */

type CompleterResult = [string[], string];

interface Menu {
  /** The line up to the cursor as we left it: Tab on exactly this line moves to the next candidate. */
  line: string;
  start: number;
  original: string;
  candidates: Candidate[];
  index: number;
}

export interface TabCompleterOptions {
  complete(line: string): Promise<Completion>;
  /** The readline interface (set once created: the completer is passed to its constructor). */
  readline(): Interface | undefined;
  output: NodeJS.WritableStream;
}

export function createTabCompleter(options: TabCompleterOptions): (line: string, callback: (error: Error | null, result: CompleterResult) => void) => void {
  let menu: Menu | null = null;

  function replace(line: string, start: number, text: string): string {
    const rl = options.readline();
    const updated = line.slice(0, start) + text;
    // Ctrl-U deletes from the cursor to the start of the line; then the new text goes in.
    rl?.write(null, { ctrl: true, name: 'u' });
    rl?.write(updated);
    return updated;
  }

  function printAbove(text: string): void {
    options.output.write(`\n${text}\n`);
    options.readline()?.prompt(true);
  }

  async function onTab(line: string): Promise<{ result: CompleterResult; after?: () => void }> {
    if (menu && line === menu.line) {
      const current = menu;
      current.index = (current.index + 1) % (current.candidates.length + 1);
      const text = current.index === current.candidates.length ? current.original : (current.candidates[current.index]?.text ?? current.original);
      return { result: [[], ''], after: () => (current.line = replace(line, current.start, text)) };
    }
    menu = null;
    const completion = await options.complete(line);
    const partial = line.slice(completion.start);
    const { candidates } = completion;
    if (candidates.length === 0) {
      return { result: [[], partial], ...(completion.note ? { after: () => printAbove(`(${completion.note})`) } : {}) };
    }
    const labelled = candidates.some((candidate) => candidate.label !== undefined);
    if (!labelled && candidates.every((candidate) => candidate.text.startsWith(partial))) {
      return { result: [candidates.map((candidate) => candidate.text), partial] };
    }
    const first = candidates[0] as Candidate;
    return {
      result: [[], ''],
      after: () => {
        if (labelled || candidates.length > 1) {
          const hint = candidates.length > 1 ? '\n(Tab again for the next one)' : '';
          printAbove(renderSuggestions(candidates) + hint);
        }
        // A single match is taken, like a shell: with a space after it, so the next Tab offers the next option.
        const updated = replace(line, completion.start, candidates.length === 1 && !first.text.endsWith(' ') ? `${first.text} ` : first.text);
        if (candidates.length > 1) menu = { line: updated, start: completion.start, original: partial, candidates, index: 0 };
      },
    };
  }

  return (line, callback) => {
    onTab(line).then(
      ({ result, after }) => {
        callback(null, result);
        after?.();
      },
      () => callback(null, [[], '']),
    );
  };
}
