/**
 * Smoke test of the harness: `pnpm bench --quick` end to end (real processes, loopback sockets,
 * a few hundred events). It checks that every row got a figure and the table printed; it never
 * checks the figures themselves, which depend on the machine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchResult } from '../src/run.js';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'cqkit-bench-'));
// A build directory of its own, so a `pnpm bench` running meanwhile is not disturbed.
const buildName = `test-${process.pid}`;
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(join(benchDir, '.build', buildName), { recursive: true, force: true });
});

function runQuick(out: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));
    const child = spawn(process.execPath, [tsxCli, 'src/main.ts', '--quick', '--out', out], {
      cwd: benchDir,
      env: { ...process.env, BENCH_BUILD_NAME: buildName },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 290_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('pnpm bench --quick', () => {
  it('measures every row and prints the table', async () => {
    const out = join(scratch, 'quick.json');
    const { code, stdout, stderr } = await runQuick(out);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as BenchResult;
    expect(result.mode).toBe('quick');
    // The cluster row needs a Redis; without one it must say so, and nothing else may fail.
    const { cluster: clusterError, ...errors } = result.measurements.errors;
    expect(errors, 'no measurement failed').toEqual({});
    if (clusterError !== undefined) expect(clusterError).toMatch(/no Redis answers/);

    // Every row of the issue is there and measured; only a quick operation over WebSocket does not exist.
    const ids = result.rows.map((r) => r.id);
    for (const id of ['http.api.throughput', 'http.api.p99', 'http.api.cpu', 'http.api.rss', 'http.quick.throughput', 'http.quick.p99', 'ws.api.throughput', 'ws-reverse.api.throughput', 'ws.api.cpu', 'scheduler.cost', 'ratelimit.deviation', 'ratelimit.order', 'startup.dist.first', 'startup.tsx.first', 'startup.dist.rss', 'startup.mjs.first', 'startup.mjs.rss', 'startup.ts.first', 'startup.ts.rss', 'startup.ts-tsx.first', 'soak.growth', 'soak.liveHeap', 'cluster.throughput', 'cluster.cpu']) {
      expect(ids).toContain(id);
    }
    // The start-up pair without NODE_EXTRA_CA_CERTS runs exactly where the environment sets it.
    const caCertsSet = (process.env.NODE_EXTRA_CA_CERTS ?? '') !== '';
    for (const id of ['startup.mjs-plain.first', 'startup.mjs-plain.cpu']) expect(ids.includes(id), id).toBe(caCertsSet);
    for (const r of result.rows) {
      if (/^ws(-reverse)?\.quick\./.test(r.id)) {
        expect(r.note).toMatch(/^not applicable: /);
        continue;
      }
      if (r.id.startsWith('cluster.') && clusterError !== undefined) {
        expect(r.note).toMatch(/^not measured: no Redis answers/);
        continue;
      }
      expect(Number.isFinite(r.cqkit), `${r.id} has a figure`).toBe(true);
      if (r.target !== null) expect(['PASS', 'FAIL'], `${r.id} has a verdict`).toContain(r.verdict);
    }
    // Ratio rows carry the baseline of the same run.
    for (const id of ['http.api.throughput', 'http.quick.throughput', 'ws.api.throughput', 'ws-reverse.api.throughput', 'scheduler.cost', 'startup.mjs.first', 'startup.mjs.rss', 'startup.ts.first', 'startup.ts.rss']) {
      expect(Number.isFinite(result.rows.find((r) => r.id === id)?.baseline)).toBe(true);
    }

    // The scheduler comparison pools the rounds of every process it ran in, and names each one's ratio.
    const scheduler = result.measurements.scheduler!;
    expect(scheduler.processRatios).toHaveLength(1);
    expect(scheduler.rounds).toHaveLength(1);
    expect(result.rows.find((r) => r.id === 'scheduler.cost')?.note).toMatch(/^1 round in 1 process; each process's median ratio: \d\.\d{3}$/);

    expect(stdout).toContain(result.table);
    expect(stdout).toMatch(/targets: \d+ pass, \d+ fail, \d+ not measured/);
    for (const r of result.rows) expect(stdout).toContain(r.section);
  });
});
