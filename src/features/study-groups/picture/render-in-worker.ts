import { Worker } from 'node:worker_threads';
import type { ProgressPictureInput } from '../core/progress-picture.js';
import type { PictureRequest, PictureResponse } from './progress-picture-worker.js';

/**
 * Progress pictures rendered on a worker thread. Drawing a picture of 200 members holds a thread for tens of
 * milliseconds and encoding it for hundreds (bench/progress-picture.ts): too long for the bot's event loop, which
 * must answer every interaction within 3 s. One worker renders one picture at a time, in order; the composition root
 * creates it once and closes it on shutdown. Only the small layout input crosses to the worker; the PNG's memory is
 * handed back without a copy.
 *
 * The worker starts on the first picture (about 0.7 s: its loader, the canvas and the fonts) and stops after
 * `idleMs` without one: a warm worker holds about 85 MB, which a bot whose servers rarely look at a board should not
 * carry all day.
 */
export interface ProgressPictureWorker {
  render(input: ProgressPictureInput): Promise<Buffer>;
  /** Whether a worker thread is up (it starts on the first picture and stops when idle). */
  readonly running: boolean;
  close(): Promise<void>;
}

/**
 * How to start the worker. From the build (plain node, this file is .js) it is the compiled worker module. From the
 * sources (tsx: the playground, tests) workers do not inherit tsx's loader, so each starts through tsx's API, looked
 * up only then: tsx is a development dependency.
 */
function workerStart(): { module: URL } | { bootstrap: string } {
  if (import.meta.url.endsWith('.js')) return { module: new URL('./progress-picture-worker.js', import.meta.url) };
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const workerModule = new URL('./progress-picture-worker.ts', import.meta.url).href;
  return { bootstrap: `import(${JSON.stringify(tsxApi)}).then((api) => api.tsImport(${JSON.stringify(workerModule)}, ${JSON.stringify(import.meta.url)}));` };
}

interface Pending {
  resolve(png: Buffer): void;
  reject(error: Error): void;
}

export interface ProgressPictureWorkerOptions {
  /** Stop the worker after this long without a picture (default 10 minutes). */
  idleMs?: number;
}

export function createProgressPictureWorker({ idleMs = 10 * 60_000 }: ProgressPictureWorkerOptions = {}): ProgressPictureWorker {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let idleTimer: NodeJS.Timeout | undefined;

  /** After the last answer: stop the worker once it has been idle for idleMs (a new picture starts another). */
  function stopWhenIdle(idle: Worker): void {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (worker !== idle || pending.size > 0) return;
      worker = null;
      void idle.terminate();
    }, idleMs);
    idleTimer.unref();
  }

  /** Fails whatever was waiting; the next render starts a new worker. */
  function lose(error: Error): void {
    worker = null;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  }

  function started(): Worker {
    if (worker) return worker;
    const start = workerStart();
    const created = 'module' in start ? new Worker(start.module) : new Worker(start.bootstrap, { eval: true });
    created.on('message', (response: PictureResponse) => {
      const waiting = pending.get(response.id);
      pending.delete(response.id);
      // An idle worker must not keep the process alive.
      if (pending.size === 0) {
        created.unref();
        stopWhenIdle(created);
      }
      if (!waiting) return;
      if ('png' in response) waiting.resolve(Buffer.from(response.png.buffer, response.png.byteOffset, response.png.byteLength));
      else waiting.reject(new Error(`progress picture: ${response.error}`));
    });
    created.on('error', (error) => {
      if (worker === created) lose(error);
    });
    created.on('exit', (code) => {
      if (worker === created) lose(new Error(`progress picture worker exited with code ${code}`));
    });
    worker = created;
    return created;
  }

  return {
    get running() {
      return worker !== null;
    },
    render(input) {
      clearTimeout(idleTimer);
      const target = started();
      const id = nextId++;
      return new Promise<Buffer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        target.ref();
        const request: PictureRequest = { id, input };
        target.postMessage(request);
      });
    },
    async close() {
      clearTimeout(idleTimer);
      const closing = worker;
      lose(new Error('progress picture worker closed'));
      if (closing) await closing.terminate();
    },
  };
}
