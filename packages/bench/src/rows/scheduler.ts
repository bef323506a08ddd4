/** Runs the in-process scheduler rows in a child process of their own and reads its JSON line. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { SchedulerReport } from '../bots/scheduler-worker.js';
import type { BenchConfig } from '../harness/bench-config.js';
import { benchDir, botsBuiltDir } from '../paths.js';

const limitMs = 90_000;

export function measureScheduler(config: BenchConfig): Promise<SchedulerReport> {
  return new Promise((resolve, reject) => {
    const args = [join(botsBuiltDir, 'scheduler-worker.js'), String(config.schedulerCalls), String(config.schedulerRounds), String(config.rateLimitSendsPerPhase), String(config.rateLimitSendsPerGroup)];
    const child = spawn(process.execPath, args, { cwd: benchDir, stdio: ['ignore', 'pipe', 'pipe'] });
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
        resolve(JSON.parse(line) as SchedulerReport);
        return;
      }
      const why = signal === 'SIGKILL' ? `took longer than ${limitMs} ms` : `exited with ${code ?? signal}`;
      reject(new Error(`scheduler worker ${why}\n${stderr}`));
    });
  });
}
