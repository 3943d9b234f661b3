import { Worker } from 'node:worker_threads';
import type { Book } from '../src/features/catalog/core/schema.js';

/**
 * Top-1 Fuse.js answers for many queries, split over worker threads. Fuse.js takes hundreds of milliseconds
 * per query on 10,000 books, so the accuracy pass would otherwise dominate the bench. Nothing is timed while
 * the workers run.
 */

// Workers do not inherit tsx's loader: bootstrap each one through tsx's API.
const tsxApi = import.meta.resolve('tsx/esm/api');
const workerModule = new URL('./fuse-worker.ts', import.meta.url).href;
const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(workerModule)}, ${JSON.stringify(import.meta.url)}));`;

function runWorker(books: readonly Book[], queries: readonly string[]): Promise<(string | null)[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: { books, queries } });
    worker.once('message', (ids: (string | null)[]) => {
      resolve(ids);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`Fuse.js worker exited with code ${code}`));
    });
  });
}

export async function fuseTopIds(books: readonly Book[], queries: readonly string[], threads: number): Promise<(string | null)[]> {
  const count = Math.max(1, Math.min(threads, queries.length));
  // Interleave so every worker gets a similar mix of short and long queries.
  const slices = Array.from({ length: count }, (_, w) => queries.filter((_, i) => i % count === w));
  const answers = await Promise.all(slices.map((slice) => runWorker(books, slice)));
  return queries.map((_, i) => answers[i % count]![Math.floor(i / count)] ?? null);
}
