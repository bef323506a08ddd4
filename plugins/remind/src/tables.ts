/** The reminders table: declared for typed queries, built by the plugin's migrations. */
import type { Generated, PluginTables } from '@cqkit/store';

declare module '@cqkit/store' {
  interface Tables {
    remind_reminders: {
      id: Generated<number>;
      /** The bot account that sends it. */
      self_id: number;
      user_id: number;
      /** null: a private chat with user_id. */
      group_id: number | null;
      /** Plain text as the user typed it (no CQ codes). */
      text: string;
      /** ms since the epoch. */
      fire_at: number;
      created_at: number;
    };
  }
}

export const remindTables: PluginTables = {
  tables: ['remind_reminders'],
  migrations: [
    {
      name: '2026-12-05-reminders',
      up: (db, t) =>
        db.schema
          .createTable('remind_reminders')
          .addColumn(...t.autoId('id'))
          .addColumn('self_id', 'bigint', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.notNull())
          .addColumn('group_id', 'bigint')
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('fire_at', 'bigint', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute(),
    },
  ],
};
