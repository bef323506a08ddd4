/** The README's plugin example is this package's test/readme-example.ts, word for word, and it runs. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, definePlugin, memoryAdapter } from '@cqkit/core';
import { describe, expect, it } from 'vitest';
import { createScratchStore } from '../src/testing.js';
import points from './readme-example.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('README', () => {
  it('shows the example plugin as it is tested here, in under 30 lines', () => {
    const example = readFileSync(join(here, 'readme-example.ts'), 'utf8');
    expect(readFileSync(join(here, '..', 'README.md'), 'utf8')).toContain(`\`\`\`ts\n${example}\`\`\``);
    expect(example.trimEnd().split('\n').length).toBeLessThan(30);
  });

  it('the example plugin migrates and answers with a typed query', async () => {
    const store = await createScratchStore();
    const app = createApp({ logLevel: 'silent' });
    const adapter = memoryAdapter();
    app.adapter(adapter);
    app.plugin(definePlugin({ name: 'store', apply: (ctx) => void ctx.provide('store', store) }));
    app.plugin(points);
    await app.start();
    try {
      // Migrations run one at a time: once this (empty) one is through, the plugin's ran and it went on.
      const db = await store.migrate('readme-test', { tables: [], migrations: [] });
      await adapter.receive(adapter.privateMessage(2001, '/points'));
      await app.idle();
      await db.insertInto('points_balance').values({ user_id: 2001, points: 7 }).execute();
      await adapter.receive(adapter.privateMessage(2001, '/points'));
      await app.idle();
      expect(adapter.callsOf('send_private_msg').map((c) => c.params.message)).toEqual(['你有 0 分', '你有 7 分']);
    } finally {
      await app.stop();
      await store.close();
    }
  });
});

describe('error codes', () => {
  it('every error class exported has its code in the README table, and only those', async () => {
    const exported = await import('../src/index.js');
    const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
    const documented = [...readme.matchAll(/^\| `(CQKIT_STORE_[A-Z_]+)` \| `(\w+)` \|/gm)].map((m) => [m[1], m[2]]);
    expect(documented.map(([code]) => code).sort()).toEqual(Object.values(exported.storeErrorCodes).sort());
    for (const [code, name] of documented) {
      const Class = exported[name as keyof typeof exported] as unknown;
      expect(typeof Class, name).toBe('function');
      expect(Object.getPrototypeOf((Class as { prototype: object }).prototype) === exported.StoreError.prototype || Class === exported.StoreError, name).toBe(true);
      expect(readme).toContain(`| \`${code}\` | \`${name}\` |`);
    }
  });
});
