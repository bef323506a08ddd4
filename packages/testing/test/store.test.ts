import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin } from '@cqkit/core';
import { createScratchStore, postgresSkipNote, probePostgres, testPostgresUrl } from '@cqkit/store/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../src/index.js';

// Decided before the tests are collected: without a server the PostgreSQL case is skipped, and says so.
const pgUrl = testPostgresUrl();
const pgAnswers = await probePostgres(pgUrl);
if (!pgAnswers) console.log(postgresSkipNote(pgUrl));

/** `/count` counts in the kv store of whatever store the bot was given. */
const counter = definePlugin({
  name: 'counter',
  inject: ['store'],
  apply(ctx) {
    const kv = ctx.service('store').kv('counter');
    ctx.command('count').action(async () => {
      const n = ((await kv.get<number>('n')) ?? 0) + 1;
      await kv.set('n', n);
      return `第 ${n} 次`;
    });
  },
});

describe('createTestBot store option', () => {
  let bot: TestBot | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('gives a plugin that injects the store a fresh SQLite store in memory by default', async () => {
    bot = await createTestBot({ plugins: [counter] });
    expect(bot.store?.dialect).toBe('sqlite');
    expect(bot.store?.location).toBe(':memory:');
    expect((await bot.receive('/count')).text).toBe('第 1 次');
    expect((await bot.receive('/count')).text).toBe('第 2 次');
    await bot.stop();
    // Fresh each time.
    bot = await createTestBot({ plugins: [counter] });
    expect((await bot.receive('/count')).text).toBe('第 1 次');
  });

  it('store: false gives none, so the plugin waits for it', async () => {
    // hints: false — else core would answer the unregistered /count as an unknown command.
    bot = await createTestBot({ plugins: [counter], store: false, hints: false });
    expect(bot.store).toBeUndefined();
    expect((await bot.say('/count')).messages).toEqual([]);
  });

  it('a file store outlives the bot (for restart tests) and is closed by stop()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cqkit-testing-store-'));
    dirs.push(dir);
    const file = join(dir, 'data', 'cqkit.db');
    bot = await createTestBot({ plugins: [counter], store: { file } });
    await bot.receive('/count');
    const first = bot.store!;
    await bot.stop();
    expect(() => first.db).toThrow('the store was closed');
    bot = await createTestBot({ plugins: [counter], store: { file } });
    expect((await bot.receive('/count')).text).toBe('第 2 次');
  });

  it.skipIf(!pgAnswers)('store: { url } runs on a new PostgreSQL schema, dropped by stop()', async () => {
    bot = await createTestBot({ plugins: [counter], store: { url: pgUrl } });
    expect(bot.store?.dialect).toBe('postgres');
    expect((await bot.receive('/count')).text).toBe('第 1 次');
    const current = await bot.store!.db.selectNoFrom((eb) => eb.fn<string>('current_schema', []).as('schema')).executeTakeFirstOrThrow();
    expect(current.schema).toMatch(/^cqkit_test_/);
    await bot.stop();
    const admin = await createScratchStore({ url: pgUrl });
    const catalog = admin.db.withTables<{ pg_namespace: { nspname: string } }>();
    const left = await catalog.selectFrom('pg_namespace').select('nspname').where('nspname', '=', current.schema).execute();
    await admin.close();
    expect(left).toEqual([]);
  });
});
