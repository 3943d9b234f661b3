import { parentPort, workerData } from 'node:worker_threads';
import type { Book } from '../src/features/catalog/core/schema.js';
import { createFuseEngine } from './fuse-engine.js';

/** Runs Fuse.js over a slice of the accuracy queries in a worker thread (untimed; only top-1 ids go back). */

interface Job {
  books: Book[];
  queries: string[];
}

const { books, queries } = workerData as Job;
const engine = createFuseEngine(books);
const topIds = queries.map((query) => engine.search(query)[0]?.id ?? null);
parentPort!.postMessage(topIds);
