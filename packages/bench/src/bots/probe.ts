/**
 * Loaded into every bot process with `--import` (compiled to JavaScript first). It measures the bot
 * from the inside and answers the harness over the IPC channel: CPU time since the last mark, RSS
 * now, the largest RSS sampled since the mark, and the kernel's peak RSS of this process.
 * Both the baseline and the cqkit bot carry exactly this, so its small cost is the same on both sides.
 */
import { readFileSync } from 'node:fs';
import type { ProbeReply, ProbeRequest } from './probe-messages.js';

/**
 * The kernel's peak RSS of this process, bytes: VmHWM on Linux. Not ru_maxrss: Linux carries it over
 * execve from the forked parent, so every bot reported at least the harness's RSS at its spawn
 * (which grows over a run: 73 -> 91 MB across the rounds of one run, for bots of 60-75 MB).
 */
function kernelPeakRss(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // not Linux: ru_maxrss, with the caveat above
  }
  return process.resourceUsage().maxRSS * 1024;
}

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
      maxRss: kernelPeakRss(),
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
