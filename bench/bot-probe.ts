/**
 * Loaded into a bot child process (`node --import tsx --import bench/bot-probe.ts …`): answers the bench over
 * IPC with the process's own memory (after a full GC when asked) and CPU time, without touching the bot.
 */

export interface ProbeReading {
  rss: number;
  heapUsed: number;
  /** Peak resident set size of the process so far, bytes. */
  maxRss: number;
  /** CPU time since the process started, µs (user + system). */
  cpuUs: number;
}

export interface ProbeRequest {
  id: number;
  gc: boolean;
}

const collect = (globalThis as { gc?: () => void }).gc;

process.on('message', (request: ProbeRequest) => {
  if (request.gc && collect) {
    // Twice: the first pass can leave objects that only the second finds unreachable (weak refs, finalizers).
    collect();
    collect();
  }
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const reading: ProbeReading = { rss: memory.rss, heapUsed: memory.heapUsed, maxRss: process.resourceUsage().maxRSS * 1024, cpuUs: cpu.user + cpu.system };
  process.send?.({ id: request.id, reading });
});
