/**
 * RSS of a process we did not preload the probe into (the tsx way starts the bot as a child of the
 * tsx CLI): read from /proc on Linux. Elsewhere the figure is not available.
 */
import { existsSync, readFileSync } from 'node:fs';

/** The deepest descendant of `pid` (following first children), e.g. the node process tsx started. */
export function leafProcess(pid: number): number {
  let current = pid;
  for (let depth = 0; depth < 8; depth++) {
    const file = `/proc/${current}/task/${current}/children`;
    if (!existsSync(file)) break;
    const first = readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean)[0];
    if (first === undefined) break;
    current = Number(first);
  }
  return current;
}

/** Resident set size of `pid` in bytes, or null when /proc cannot tell. */
export function processRss(pid: number): number | null {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return null;
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(file, 'utf8'));
  return match ? Number(match[1]) * 1024 : null;
}
