import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { fileURLToPath } from 'node:url';
import { booksFileSchema, topicsFileSchema, type Dataset } from './core/schema.js';

const dataDir = fileURLToPath(new URL('../../../data/', import.meta.url));

/** Reads and validates data/books.json and data/topics.json; throws a readable error naming the bad record. */
export function loadDataset(dir: string = dataDir): Dataset {
  const books = parseFile(booksFileSchema, `${dir}/books.json`);
  const { topics } = parseFile(topicsFileSchema, `${dir}/topics.json`);
  return { ...books, topics };
}

function parseFile<T>(schema: z.ZodType<T>, path: string): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.map(String).join('.')}: ${issue.message}`);
    throw new Error(`Invalid dataset file ${path}:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
