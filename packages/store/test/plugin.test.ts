/** The store as a plugin of a real app: provided at start, used through inject, faults stop only the plugin. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp, definePlugin, memoryAdapter, type PluginErrorReport } from '@cqkit/core';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import store, { defineTables } from '../src/index.js';
import './tables.js';

const pgUrl = inject('pgUrl');

const notes = defineTables({
  tables: ['test_notes'],
  migrations: [
    {
      name: '001-notes',
      up: (db, t) =>
        db.schema
          .createTable('test_notes')
          .addColumn(...t.autoId('id'))
          .addColumn('author', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute(),
    },
  ],
});

/** A plugin as a user writes it: `/note <text>` saves, `/notes` counts; the same code on both backends. */
const notesPlugin = definePlugin({
  name: 'notes',
  inject: ['store'],
  apply(ctx) {
    const ready = ctx.service('store').migrate(ctx, notes);
    ctx.command('note <text:text>').action(async ({ session, args }) => {
      const db = await ready;
      await db.insertInto('test_notes').values({ author: String(session.userId), text: args.text, created_at: 1 }).execute();
      return 'saved';
    });
    ctx.command('notes').action(async () => {
      const db = await ready;
      const rows = await db.selectFrom('test_notes').select('text').orderBy('id').execute();
      return rows.map((r) => r.text).join(',');
    });
    return ready.then(() => undefined);
  },
});

interface Running {
  app: App;
  adapter: ReturnType<typeof memoryAdapter>;
  errors: PluginErrorReport[];
  /** Resolves with the first plugin error (it may come after start: a plugin's apply runs on). */
  firstError: Promise<PluginErrorReport>;
  say(text: string): Promise<string[]>;
}

async function startBot(storeConfig: Record<string, unknown>, plugins = [notesPlugin]): Promise<Running> {
  const app = createApp({ logLevel: 'silent' });
  const adapter = memoryAdapter();
  const errors: PluginErrorReport[] = [];
  let reported: (report: PluginErrorReport) => void = () => undefined;
  const firstError = new Promise<PluginErrorReport>((resolve) => {
    reported = resolve;
  });
  app.on('plugin/error', (report) => {
    errors.push(report);
    reported(report);
  });
  app.adapter(adapter);
  app.plugin(store, storeConfig);
  for (const plugin of plugins) app.plugin(plugin);
  await app.start();
  const say = async (text: string): Promise<string[]> => {
    const before = adapter.calls.length;
    await adapter.receive(adapter.privateMessage(2001, text));
    await app.idle();
    return adapter.calls.slice(before).map((c) => String(c.params.message));
  };
  return { app, adapter, errors, firstError, say };
}

describe('store plugin', () => {
  let dir: string;
  let bot: Running | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cqkit-store-plugin-'));
  });
  afterEach(async () => {
    await bot?.app.stop();
    bot = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the file at start and provides the service; data outlives the bot', async () => {
    bot = await startBot({ file: join(dir, 'cqkit.db') });
    expect(await bot.say('/note 喝水')).toEqual(['saved']);
    expect(await bot.say('/notes')).toEqual(['喝水']);
    await bot.app.stop();
    bot = await startBot({ file: join(dir, 'cqkit.db') });
    expect(await bot.say('/notes')).toEqual(['喝水']);
  });

  it('a failed migration stops that plugin, not the bot, and names the migration', async () => {
    const broken = definePlugin({
      name: 'broken',
      inject: ['store'],
      async apply(ctx) {
        ctx.command('broken').action(() => 'should be gone');
        await ctx.service('store').migrate(ctx, {
          tables: [],
          migrations: [
            {
              name: '001-typo',
              up: (db) => db.schema.alterTable('no_such_table').addColumn('x', 'text').execute(),
            },
          ],
        });
      },
    });
    bot = await startBot({ file: join(dir, 'cqkit.db') }, [broken, notesPlugin]);
    await bot.firstError;
    expect(bot.errors.map((e) => [e.plugin, e.event, (e.error as Error).message])).toEqual([
      ['broken', 'apply', expect.stringMatching(/^migration "001-typo" of plugin "broken" failed: .*no_such_table/)],
    ]);
    expect((bot.errors[0]!.error as { code: string }).code).toBe('CQKIT_STORE_MIGRATION');
    expect(bot.app.commands.map((c) => c.name)).not.toContain('broken');
    expect(await bot.say('/note still here')).toEqual(['saved']);
  });

  it('a server that is down at start is reported naming the URL without its password; the bot runs on', async () => {
    bot = await startBot({ url: 'postgres://bot:hunter2@127.0.0.1:1/test', connectTimeout: 2000 });
    expect(bot.errors).toHaveLength(1);
    expect(bot.errors[0]).toMatchObject({ plugin: 'store', event: 'ready' });
    const error = bot.errors[0]!.error as Error & { code: string };
    expect(error.code).toBe('CQKIT_STORE_OPEN');
    expect(error.message).toMatch(/^cannot open the store at postgres:\/\/\*\*\*@127\.0\.0\.1:1\/test: /);
    expect(error.message).not.toContain('hunter2');
    // The plugin needing it waits (its command is not there yet), and nothing crashes.
    expect(await bot.say('/notes')).toEqual(['未知命令 /notes，发送 /help 查看全部命令']);
  });

  it.skipIf(pgUrl === null)('the same plugin runs on PostgreSQL with one URL in the config', async () => {
    const schema = `cqkit_test_plugin_${process.pid}`;
    try {
      bot = await startBot({ url: pgUrl!, schema });
      expect(await bot.say('/note 喝水')).toEqual(['saved']);
      expect(await bot.say('/notes')).toEqual(['喝水']);
    } finally {
      await bot?.app.stop();
      bot = undefined;
      const admin = new pg.Client({ connectionString: pgUrl! });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });
});
