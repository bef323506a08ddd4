/** A redis-server of the test's own (installed binary, free port, temporary dir), for restarts and outages. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface OwnRedis {
  readonly url: string;
  readonly dir: string;
  /** SIGKILL: no shutdown save, only what the AOF already has survives. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Kill and remove the directory. */
  dispose(): Promise<void>;
}

/** Starts `redis-server` with AOF, fsync on every write (`appendfsync always`). */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'cqkit-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    for (let i = 0; i < 200; i++) {
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') {
          // Loading the AOF answers LOADING to commands until done.
          const info = await probe.info('persistence');
          if (info.includes('loading:0')) break;
        }
      } catch {
        // not up yet
      }
      probe.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
    probe.disconnect();
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await start();
  return {
    url,
    dir,
    kill,
    start,
    dispose: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
