/**
 * Child processes of the registry test: each leads its own process group (so a stop reaches pnpm and
 * the node it started), runs under a time limit, and is killed at the end whatever happened.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface Running {
  child: ChildProcess;
  output(): string;
  /** Resolves with the match once stdout or stderr matches; rejects at the timeout or when the process ends first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  write(line: string): void;
  /** Sends the signal to the whole group. */
  signal(signal: NodeJS.Signals): void;
  exited: Promise<number | string>;
}

const all = new Set<ChildProcess>();

export function start(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Running {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  all.add(child);
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.on('error', (error) => {
      text += `\n${error.message}\n`;
      resolve('spawn-error');
    });
    child.on('close', (code, signal) => {
      all.delete(child);
      resolve(code ?? signal ?? -1);
    });
  });
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      // Already gone.
    }
  };
  return {
    child,
    output: () => text,
    write: (line) => child.stdin!.write(`${line}\n`),
    signal,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = text.match(pattern);
          if (m) finish(() => resolve(m));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs / 1000} s`))), timeoutMs);
        void exited.then((code) => setImmediate(() => finish(() => reject(new Error(`ended (${code}) before ${pattern}`)))));
        let done = false;
        const finish = (then: () => void) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          listeners.delete(check);
          then();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export interface Result {
  code: number | string;
  output: string;
}

/** Runs a command to its end, killed (with its group) at the time limit. */
export async function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; input?: string }): Promise<Result> {
  const p = start(command, args, options);
  if (options.input !== undefined) p.child.stdin!.end(options.input);
  else p.child.stdin!.end();
  const timer = setTimeout(() => {
    p.signal('SIGKILL');
  }, options.timeoutMs);
  const code = await p.exited;
  clearTimeout(timer);
  return { code: code === 'SIGKILL' ? `killed after ${options.timeoutMs / 1000} s` : code, output: p.output() };
}

/** Stops everything still running: SIGTERM to each group, SIGKILL to what is left after a grace period. */
export async function killAll(graceMs = 5_000): Promise<void> {
  const left = [...all];
  for (const c of left) if (c.pid) tryKill(-c.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && left.some((c) => c.exitCode === null && c.signalCode === null)) await new Promise((r) => setTimeout(r, 100));
  for (const c of left) if (c.pid && c.exitCode === null && c.signalCode === null) tryKill(-c.pid, 'SIGKILL');
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}
