import { definePlugin } from '@cqkit/core';
import type { PluginTables } from '@cqkit/store';

declare module '@cqkit/store' {
  interface Tables { points_balance: { user_id: number; points: number } }
}

const tables: PluginTables = {
  tables: ['points_balance'],
  migrations: [{
    name: '2026-12-01-balance',
    up: (db) => db.schema.createTable('points_balance')
      .addColumn('user_id', 'bigint', (c) => c.primaryKey())
      .addColumn('points', 'integer', (c) => c.notNull())
      .execute(),
  }],
};

export default definePlugin({
  name: 'points',
  inject: ['store'],
  async apply(ctx) {
    const db = await ctx.service('store').migrate(ctx, tables);
    ctx.command('points').action(async ({ session }) => {
      const row = await db.selectFrom('points_balance').select('points').where('user_id', '=', session.userId!).executeTakeFirst();
      return `你有 ${row?.points ?? 0} 分`;
    });
  },
});
