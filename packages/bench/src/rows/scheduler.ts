/**
 * Runs the in-process scheduler rows in children of their own and reads their JSON lines. The cost
 * comparison runs in several processes: the same build's queued ÷ direct differs more from one
 * process to the next (the optimizing compiler inlines differently in each) than between its own
 * rounds, so one process's figure is a draw of that, and the verdict pools the rounds of all.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RateLimitReport, SchedulerCost, SchedulerReport } from '../bots/scheduler-worker.js';
import type { BenchConfig } from '../harness/bench-config.js';
import { median } from '../harness/stats.js';
import { benchDir, botsBuiltDir } from '../paths.js';

const limitMs = 90_000;

export async function measureScheduler(config: BenchConfig): Promise<SchedulerReport> {
  const rounds: SchedulerCost['rounds'] = [];
  const processRatios: number[] = [];
  for (let i = 0; i < config.schedulerProcesses; i++) {
    const cost = await runWorker<SchedulerCost>(['cost', String(config.schedulerCalls), String(config.schedulerRounds)]);
    rounds.push(...cost.rounds);
    processRatios.push(median(cost.rounds.map((r) => r.queued / r.direct)));
  }
  const rateLimit = await runWorker<RateLimitReport>(['rate-limit', String(config.rateLimitSendsPerPhase), String(config.rateLimitSendsPerGroup)]);
  return {
    rounds,
    processRatios,
    directCallsPerSecond: median(rounds.map((r) => r.direct)),
    queuedCallsPerSecond: median(rounds.map((r) => r.queued)),
    rateLimit,
  };
}

function runWorker<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(botsBuiltDir, 'scheduler-worker.js'), ...args], { cwd: benchDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) {
        resolve(JSON.parse(line) as T);
        return;
      }
      const why = signal === 'SIGKILL' ? `took longer than ${limitMs} ms` : `exited with ${code ?? signal}`;
      reject(new Error(`scheduler worker (${args[0]}) ${why}\n${stderr}`));
    });
  });
}
