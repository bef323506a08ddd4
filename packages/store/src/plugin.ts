/**
 * The store plugin: opens the database when the app starts (an app `ready` hook, so start-up waits
 * for it and a server that is down is reported then) and provides it as the `store` service.
 * Plugins that declare `inject: ['store']` start once it is there.
 */
import { definePlugin } from '@cqkit/core';
import { z } from 'zod';
import { createStore } from './create.js';
import { describeError } from './errors.js';
import type { Store } from './store.js';

declare module '@cqkit/core' {
  interface Services {
    /** @cqkit/store: typed SQL (Kysely) over SQLite or PostgreSQL, migrations per plugin, kv. */
    store: Store;
  }
}

export const storeConfigSchema = z
  .object({
    /** A PostgreSQL server (`postgres://user:password@host:5432/db`); without it, a SQLite file. */
    url: z.string().min(1).optional(),
    /** The SQLite file, relative to the bot project. Default data/cqkit.db. */
    file: z.string().min(1).optional(),
    /** PostgreSQL: the schema the tables live in (created when missing). */
    schema: z.string().optional(),
    /** PostgreSQL: most connections at once. Default 10. */
    poolSize: z.number().int().positive().optional(),
    /** PostgreSQL: ms to wait for a connection. Default 10 000. */
    connectTimeout: z.number().int().positive().optional(),
  })
  .strict()
  .refine((c) => c.url === undefined || c.file === undefined, 'give either url (PostgreSQL) or file (SQLite), not both')
  .prefault({});

export type StoreConfig = z.output<typeof storeConfigSchema>;

export const store = definePlugin({
  name: 'store',
  schema: storeConfigSchema,
  apply(ctx, config) {
    ctx.on('ready', async () => {
      const opened = await createStore({ ...config, logger: ctx.logger });
      if (ctx.runtime.scope.isDisposed) {
        // Unloaded (or the app stopped) while the database was opening.
        await opened.close();
        return;
      }
      // Closed last: the service is withdrawn first (registered after), which stops every plugin using it.
      ctx.effect(() => {
        opened.close().catch((error: unknown) => ctx.logger.warn({ err: error }, `closing the store failed: ${describeError(error)}`));
      });
      ctx.provide('store', opened);
      ctx.logger.info({ dialect: opened.dialect, location: opened.location }, `store open: ${opened.dialect} at ${opened.location}`);
    });
  },
});
