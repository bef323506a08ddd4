/**
 * The store plugin: opens the database when the app starts (an app `ready` hook, so start-up waits
 * for it and a server that is down is reported then) and provides it as the `store` service.
 * Plugins that declare `inject: ['store']` start once it is there.
 */
import { definePlugin } from '@cqkit/core';
import * as v from 'valibot';
import { createStore } from './create.js';
import { describeError } from './errors.js';
import type { Store } from './store.js';

declare module '@cqkit/core' {
  interface Services {
    /** @cqkit/store: typed SQL (Kysely) over SQLite or PostgreSQL, migrations per plugin, kv. */
    store: Store;
  }
}

export const storeConfigSchema = v.optional(
  v.pipe(
    v.strictObject({
      /** A PostgreSQL server (`postgres://user:password@host:5432/db`); without it, a SQLite file. */
      url: v.optional(v.pipe(v.string(), v.minLength(1))),
      /** The SQLite file, relative to the bot project. Default data/cqkit.db. */
      file: v.optional(v.pipe(v.string(), v.minLength(1))),
      /** PostgreSQL: the schema the tables live in (created when missing). */
      schema: v.optional(v.string()),
      /** PostgreSQL: most connections at once. Default 10. */
      poolSize: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
      /** PostgreSQL: ms to wait for a connection. Default 10 000. */
      connectTimeout: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1))),
    }),
    v.check((c) => c.url === undefined || c.file === undefined, 'give either url (PostgreSQL) or file (SQLite), not both'),
  ),
  {},
);

export type StoreConfig = v.InferOutput<typeof storeConfigSchema>;

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
