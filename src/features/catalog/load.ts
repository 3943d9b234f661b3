import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { z } from 'zod';
import { join } from 'node:path';
import { packageRoot } from '../../platform/package-root.js';
import { booksFileSchema, contentsSchema, namesFileSchema, notOursFileSchema, topicsFileSchema, type Contents, type Dataset } from './core/schema.js';

const dataDir = join(packageRoot, 'data');

/**
 * Reads and validates data/books.json, data/topics.json, each book's table of contents in
 * data/contents/<book-id>.json, and the name lists data/names.json and data/not-ours.json; throws a readable
 * error naming the bad record.
 */
export function loadDataset(dir: string = dataDir): Dataset {
  const booksFile = parseFile(booksFileSchema, `${dir}/books.json`);
  const { topics } = parseFile(topicsFileSchema, `${dir}/topics.json`);
  const contents = loadContents(`${dir}/contents`);
  const books = booksFile.books.map((book) => {
    const found = contents.get(book.id);
    contents.delete(book.id);
    return found ? { ...book, contents: found } : book;
  });
  if (contents.size > 0) throw new Error(`Contents for unknown books in ${dir}/contents: ${[...contents.keys()].join(', ')}`);
  const names = existsSync(`${dir}/names.json`) ? parseFile(namesFileSchema, `${dir}/names.json`) : undefined;
  const unknown = Object.keys(names?.books ?? {}).filter((id) => !books.some((book) => book.id === id));
  if (unknown.length > 0) throw new Error(`Names for unknown books in ${dir}/names.json: ${unknown.join(', ')}`);
  const notOurs = existsSync(`${dir}/not-ours.json`) ? parseFile(notOursFileSchema, `${dir}/not-ours.json`) : undefined;
  return { ...booksFile, books, topics, names, notOurs };
}

function loadContents(dir: string): Map<string, Contents> {
  const byBook = new Map<string, Contents>();
  if (!existsSync(dir)) return byBook;
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.json')).sort()) {
    const contents = parseFile(contentsSchema, `${dir}/${name}`);
    if (`${contents.bookId}.json` !== name) throw new Error(`Invalid dataset file ${dir}/${name}: bookId ${contents.bookId} does not match the file name`);
    byBook.set(contents.bookId, contents);
  }
  return byBook;
}

function parseFile<T>(schema: z.ZodType<T>, path: string): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.map(String).join('.')}: ${issue.message}`);
    throw new Error(`Invalid dataset file ${path}:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
