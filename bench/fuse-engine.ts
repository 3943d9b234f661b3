import Fuse, { type IFuseOptions } from 'fuse.js';
import { fieldWeights } from '../src/features/catalog/core/catalog.js';
import type { Book } from '../src/features/catalog/core/schema.js';

/** The baseline: Fuse.js set up the way a typical bot would, over the same fields and weights as our index. */

export const fuseOptions: IFuseOptions<Book> = {
  keys: [
    { name: 'title', weight: fieldWeights.title },
    { name: 'aliases', weight: fieldWeights.alias },
    { name: 'authors', weight: fieldWeights.author },
    { name: 'subtitle', weight: fieldWeights.subtitle },
  ],
  includeScore: true,
  threshold: 0.4,
  ignoreLocation: true,
};

const searchLimit = 25;

/** The set-up in words, from the options themselves: `new Fuse(books, { … }).search(query, { limit: 25 })`. */
export function describeFuseSetup(): string[] {
  const keys = (fuseOptions.keys ?? []).map((key) => (typeof key === 'object' && 'weight' in key ? `{ name: '${String(key.name)}', weight: ${key.weight} }` : JSON.stringify(key)));
  const rest = Object.entries(fuseOptions)
    .filter(([name]) => name !== 'keys')
    .map(([name, value]) => `${name}: ${JSON.stringify(value)}`);
  return [`new Fuse(books, { keys: [${keys.join(', ')}],`, `  ${rest.join(', ')} })`, `.search(query, { limit: ${searchLimit} })`];
}

export interface FuseEngine {
  search(query: string): Book[];
}

export function createFuseEngine(books: readonly Book[]): FuseEngine {
  const fuse = new Fuse([...books], fuseOptions);
  return { search: (query) => fuse.search(query, { limit: searchLimit }).map((result) => result.item) };
}
