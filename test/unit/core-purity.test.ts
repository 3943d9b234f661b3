import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The restricted-import messages ESLint reports for `code` as if it were the file at `filePath`. */
async function importProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('lint: cores stay pure', () => {
  it.each([
    ["import Database from 'better-sqlite3';", /SQLite/],
    ["import { Client } from 'discord.js';", /Discord/],
    ["import { REST } from '@discordjs/rest';", /Discord/],
    ["import { readFileSync } from 'node:fs';", /file system/],
    ["import type { Poster } from '../../../platform/discord/poster.js';", /platform/],
    ["import { createSpotlightJob } from '../job.js';", /only import other core modules/],
  ])('rejects %s in a feature core', async (line, reason) => {
    const problems = await importProblems('src/features/spotlight/core/example.ts', `${line}\nexport const used = 1;\n`);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(reason);
  });

  it('rejects the platform in the shared core and in the scheduling core too', async () => {
    expect(await importProblems('src/core/example.ts', "import type { Store } from '../platform/store/store.js';\nexport const used = 1;\n")).not.toEqual([]);
    expect(await importProblems('src/platform/scheduling/core/example.ts', "import { deliveryNonce } from '../delivery-nonce.js';\nexport const used = 1;\n")).not.toEqual([]);
  });

  it('allows other cores, zod, luxon and the same folder', async () => {
    const code = [
      "import { z } from 'zod';",
      "import { DateTime } from 'luxon';",
      "import { localWeekKey } from '../../../core/weekly-rule.js';",
      "import type { Book } from '../../catalog/core/schema.js';",
      "import { rotationSeed } from './rotation.js';",
      'export const used = [z, DateTime, localWeekKey, rotationSeed];',
      'export type Used = Book;',
    ].join('\n');
    expect(await importProblems('src/features/spotlight/core/example.ts', code)).toEqual([]);
  });

  it('leaves shell code free to import the platform', async () => {
    expect(await importProblems('src/features/spotlight/service.ts', "import type { Store } from '../../platform/store/store.js';\nexport type Used = Store;\n")).toEqual([]);
  });
});

describe('lint: the platform knows no feature', () => {
  it.each([
    ["import type { Context } from '../../context.js';", 'src/platform/discord/example.ts'],
    ["import type { SpotlightService } from '../../features/spotlight/service.js';", 'src/platform/scheduling/example.ts'],
    ["import { commands } from '../../../commands/index.js';", 'src/platform/discord/example.ts'],
    ["import { migrations } from '../../migrations.js';", 'src/platform/store/example.ts'],
  ])('rejects %s', async (line, filePath) => {
    const problems = await importProblems(filePath, `${line}\nexport const used = 1;\n`);
    expect(problems.join('\n')).toMatch(/platform must not import the features/);
  });

  it('allows the platform its own modules', async () => {
    expect(await importProblems('src/platform/discord/example.ts', "import type { Store } from '../store/store.js';\nexport type Used = Store;\n")).toEqual([]);
  });
});
