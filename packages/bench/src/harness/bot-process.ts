/**
 * A bot in its own process, so its CPU and memory are its own. Started with the probe preloaded and
 * an IPC channel; `report()` asks the probe for CPU since the last mark, RSS and peak RSS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { ProbeReply, ProbeRequest } from '../bots/probe-messages.js';

export interface BotLaunch {
  /** Label for errors, e.g. "baseline". */
  label: string;
  /** Executable and arguments before the environment is applied, e.g. [node, --import, probe, bot.js]. */
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Give the bot an IPC channel (needed for the probe). */
  ipc: boolean;
}

export interface BotProcess {
  readonly child: ChildProcess;
  readonly startedAt: number;
  mark(): Promise<ProbeReply>;
  report(): Promise<ProbeReply>;
  /** A report after a full GC (when the bot runs with --expose-gc). */
  gcReport(): Promise<ProbeReply>;
  /** The last lines the bot wrote to stdout/stderr, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** `node --import <probe> [extra node args] <script>`. */
export function nodeWithProbe(probeFile: string, script: string, nodeArgs: readonly string[] = []): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', pathToFileURL(probeFile).href, ...nodeArgs, script] };
}

const outputLimit = 4000;

export function launchBot(launch: BotLaunch): BotProcess {
  const startedAt = performance.now();
  const child = spawn(launch.command, launch.args, {
    cwd: launch.cwd,
    env: { ...process.env, ...launch.env, NODE_OPTIONS: launch.env.NODE_OPTIONS ?? '' },
    stdio: launch.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-outputLimit);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let nextId = 1;
  const pending = new Map<number, (reply: ProbeReply) => void>();
  child.on('message', (raw: unknown) => {
    const reply = raw as ProbeReply;
    if (reply?.probe !== true) return;
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });

  const ask = (type: ProbeRequest['type']): Promise<ProbeReply> =>
    new Promise((resolve, reject) => {
      if (!child.connected) {
        reject(new Error(`${launch.label}: the bot process has no IPC channel (exited?)\n${tail}`));
        return;
      }
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${launch.label}: the probe did not answer within 5 s\n${tail}`));
      }, 5000);
      pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      const request: ProbeRequest = { probe: true, id, type };
      child.send(request);
    });

  return {
    child,
    startedAt,
    mark: () => ask('mark'),
    report: () => ask('report'),
    gcReport: () => ask('gc-report'),
    output: () => tail,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    },
  };
}
