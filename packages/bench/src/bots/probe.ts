/**
 * Loaded into every bot process with `--import` (compiled to JavaScript first). It measures the bot
 * from the inside and answers the harness over the IPC channel: CPU time since the last mark, RSS
 * now, the largest RSS sampled since the mark, and the kernel's peak RSS (ru_maxrss).
 * Both the baseline and the cqkit bot carry exactly this, so its small cost is the same on both sides.
 */
import type { ProbeReply, ProbeRequest } from './probe-messages.js';

const sampleEvery = 100;

if (typeof process.send === 'function') {
  let markCpu = process.cpuUsage();
  let markTime = performance.now();
  let peakRss = process.memoryUsage.rss();
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peakRss) peakRss = rss;
  };
  setInterval(sample, sampleEvery).unref();

  process.on('message', (raw: unknown) => {
    const request = raw as ProbeRequest;
    if (request?.probe !== true) return;
    const gc = (globalThis as { gc?: () => void }).gc;
    const collected = request.type === 'gc-report' && typeof gc === 'function';
    if (collected) gc();
    sample();
    if (request.type === 'mark') {
      markCpu = process.cpuUsage();
      markTime = performance.now();
      peakRss = process.memoryUsage.rss();
    }
    const cpu = process.cpuUsage(markCpu);
    const memory = process.memoryUsage();
    const reply: ProbeReply = {
      probe: true,
      id: request.id,
      pid: process.pid,
      cpuUserUs: cpu.user,
      cpuSystemUs: cpu.system,
      wallMs: performance.now() - markTime,
      rss: memory.rss,
      peakRss,
      maxRss: process.resourceUsage().maxRSS * 1024,
      heapUsed: memory.heapUsed,
      collected,
      heapTotal: memory.heapTotal,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
    };
    process.send?.(reply);
  });
  // The probe must not keep a finished bot alive on its own.
  process.channel?.unref();
}
