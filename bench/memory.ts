import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Heap and RSS readings after a full garbage collection, so deltas show what stays alive. */

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (() => void) | undefined;

export interface MemoryReading {
  label: string;
  heapUsed: number;
  rss: number;
}

export function collectGarbage(): boolean {
  if (!collect) return false;
  collect();
  collect();
  return true;
}

export function readMemory(label: string): MemoryReading {
  collectGarbage();
  const usage = process.memoryUsage();
  return { label, heapUsed: usage.heapUsed, rss: usage.rss };
}

export const gcAvailable = collect !== undefined;
