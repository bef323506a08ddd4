/**
 * Start-up time and idle memory of a bot with and without the store, each in a fresh node process:
 *   node --import tsx scripts/startup.ts [runs]        (PostgreSQL from CQKIT_TEST_PG_URL)
 * Medians of `runs` (default 7). A variant child prints one JSON line (see Sample).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '@cqkit/store';

const variants = ['bare', 'imported', 'sqlite', 'postgres'] as const;
type Variant = (typeof variants)[number];
const labels: Record<Variant, string> = {
  bare: 'no store',
  imported: '@cqkit/store imported, not loaded',
  sqlite: 'store on SQLite (file), one plugin reading',
  postgres: 'store on PostgreSQL (local), one plugin reading',
};

/**
 * CPU time (user + system), not wall time: on a shared, busy machine the wall clock mostly measures
 * the other processes. tsx compiles the TypeScript sources on the first run and caches them.
 */
interface Sample {
  /** CPU ms from process start until the bot answered its first message. */
  startMs: number;
  /** CPU ms from app.start() until a plugin's first store read returned (0 without a store). */
  openMs: number;
  rssMb: number;
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function child(variant: Variant, dir: string): Promise<Sample> {
  const { createApp, definePlugin, memoryAdapter } = await import('@cqkit/core');
  const app = createApp({ logLevel: 'silent' });
  const adapter = memoryAdapter();
  app.adapter(adapter);
  app.command('ping').action(() => 'pong');
  let opened: Promise<Store | undefined> = Promise.resolve(undefined);
  if (variant !== 'bare') {
    const { store } = await import('@cqkit/store');
    if (variant !== 'imported') {
      app.plugin(store, variant === 'sqlite' ? { file: join(dir, 'cqkit.db') } : { url: process.env.CQKIT_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test', schema: `cqkit_startup_${process.pid}` });
      // A plugin that uses it: open, migrate (the store's own tables), one read.
      opened = new Promise((resolve) => {
        app.plugin(
          definePlugin({
            name: 'user',
            inject: ['store'],
            apply: async (ctx) => {
              await ctx.service('store').kv('user').get('x');
              resolve(ctx.service('store'));
            },
          }),
        );
      });
    }
  }
  const before = cpuMs();
  await app.start();
  const store = await opened;
  const openMs = store ? cpuMs() - before : 0;
  await adapter.receive(adapter.privateMessage(2001, '/ping'));
  await app.idle();
  const startMs = cpuMs();
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  if (variant === 'postgres' && store) {
    const { sql } = await import('kysely');
    await sql`drop schema ${sql.id(`cqkit_startup_${process.pid}`)} cascade`.execute(store.db);
  }
  await app.stop();
  return { startMs, openMs, rssMb };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const [variant, dir] = process.argv.slice(2);
  if (variant && dir) {
    process.stdout.write(`${JSON.stringify(await child(variant as Variant, dir))}\n`);
    return;
  }
  const runs = Number(variant ?? 7);
  const self = fileURLToPath(import.meta.url);
  console.log(`| bot (medians of ${runs}) | CPU, process start to first answer | CPU, app.start() to first store read | idle RSS after GC |`);
  console.log('| --- | --- | --- | --- |');
  for (const v of variants) {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      const tmp = mkdtempSync(join(tmpdir(), 'cqkit-startup-'));
      try {
        const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, v, tmp], { encoding: 'utf8' });
        samples.push(JSON.parse(out.trim().split('\n').at(-1)!) as Sample);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
    const open = median(samples.map((s) => s.openMs));
    console.log(`| ${labels[v]} | ${median(samples.map((s) => s.startMs)).toFixed(0)} ms | ${open ? `${open.toFixed(0)} ms` : '-'} | ${median(samples.map((s) => s.rssMb)).toFixed(1)} MB |`);
  }
}

await main();
