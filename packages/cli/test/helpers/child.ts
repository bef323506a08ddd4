/** Runs the real `cqkit` bin as a child process and reads its output as it comes. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const binPath = fileURLToPath(new URL('../../bin/cqkit.js', import.meta.url));

export interface Child {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout (or stderr) matches; rejects after `timeout` ms with what was seen. */
  waitFor(pattern: RegExp, options?: { stream?: 'stdout' | 'stderr'; timeout?: number; from?: number }): Promise<RegExpMatchArray>;
  write(line: string): void;
  /** Sends a signal to the child (to its whole group when spawned with group: true). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when both output streams are closed (every process that held them has exited). */
  closed: Promise<void>;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  kill(): void;
}

const running = new Set<Child>();

export function spawnChild(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; group?: boolean }): Child {
  // group: the child leads its own process group, so a signal reaches it and its children (like
  // Ctrl+C in a terminal reaches pnpm and the node process it started).
  const group = options.group === true;
  const child = spawn(command, args, {
    cwd: options.cwd,
    detached: group,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    for (const listener of listeners) listener();
  });
  const closed = Promise.all([
    new Promise<void>((resolve) => child.stdout.on('close', () => resolve())),
    new Promise<void>((resolve) => child.stderr.on('close', () => resolve())),
  ]).then(() => undefined);
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const handle: Child = {
    process: child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, { stream = 'stdout', timeout = 20_000, from = 0 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const text = (stream === 'stdout' ? out : err).slice(from);
          const match = text.match(pattern);
          if (match) {
            done();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out after ${timeout} ms waiting for ${pattern} on ${stream}\n--- stdout\n${out}\n--- stderr\n${err}`));
        }, timeout);
        const onExit = () => {
          setImmediate(() => {
            if (!listeners.has(check)) return;
            done();
            reject(new Error(`process exited while waiting for ${pattern}\n--- stdout\n${out}\n--- stderr\n${err}`));
          });
        };
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.on('exit', onExit);
        check();
      });
    },
    write(line) {
      child.stdin.write(`${line}\n`);
    },
    exited,
    closed,
    signal(signal) {
      if (child.pid === undefined) return;
      try {
        if (group) process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    },
    kill() {
      if (group && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // the group is gone
        }
      } else if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  running.add(handle);
  // A group may outlive its leader (pnpm exits, node still runs): keep it listed until the pipes close.
  void (group ? closed : exited).then(() => running.delete(handle));
  return handle;
}

export function runCqkit(args: string[], cwd: string, env?: NodeJS.ProcessEnv): Child {
  return spawnChild(process.execPath, [binPath, ...args], { cwd, ...(env && { env }) });
}

/** For afterAll: every child still running is killed. */
export function killAll(): void {
  for (const child of running) child.kill();
}

/**
 * How to run pnpm: the one running this test (`pnpm test` sets npm_execpath), else `pnpm` on PATH.
 * Returns [command, ...leading args].
 */
export function pnpmCommand(): [string, ...string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return /\.(c|m)?js$/.test(execPath) ? [process.execPath, execPath] : [execPath];
  return ['pnpm'];
}
