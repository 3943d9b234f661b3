/**
 * Loaded into a bot child process (`node --import ./bench/bot-probe.mjs …`, plain JavaScript: the bots run without tsx): answers the bench over
 * IPC with the process's own memory (after a full GC when asked) and CPU time, without touching the bot.
 */

/**
 * @typedef {{ rss: number, heapUsed: number, maxRss: number, cpuUs: number }} ProbeReading
 *   memory in bytes (maxRss: the peak resident set so far), cpuUs: CPU time since the process started (user + system)
 * @typedef {{ id: number, gc: boolean }} ProbeRequest
 */

const collect = globalThis.gc;

process.on('message', (/** @type {ProbeRequest} */ request) => {
  if (request.gc && collect) {
    // Twice: the first pass can leave objects that only the second finds unreachable (weak refs, finalizers).
    collect();
    collect();
  }
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const reading = { rss: memory.rss, heapUsed: memory.heapUsed, maxRss: process.resourceUsage().maxRSS * 1024, cpuUs: cpu.user + cpu.system };
  process.send?.({ id: request.id, reading });
});
