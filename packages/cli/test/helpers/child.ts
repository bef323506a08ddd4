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
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  kill(): void;
}

const running = new Set<Child>();

export function spawnChild(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Child {
  const child = spawn(command, args, {
    cwd: options.cwd,
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
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

export function runCqkit(args: string[], cwd: string, env?: NodeJS.ProcessEnv): Child {
  return spawnChild(process.execPath, [binPath, ...args], { cwd, ...(env && { env }) });
}

/** For afterAll: every child still running is killed. */
export function killAll(): void {
  for (const child of running) child.kill();
}
