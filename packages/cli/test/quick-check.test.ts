/**
 * The quick config check (src/config/quick-check.ts) may only say yes where the schema says yes, with
 * the same result. Checked on valid configs of every shape it knows, and on near misses: each leaf of
 * those configs replaced in turn by values that break one rule or another.
 */
import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { acceptedAsWritten } from '../src/config/quick-check.js';

const valid: Record<string, unknown>[] = [
  {},
  {
    bots: [
      { endpoint: 'http://127.0.0.1:5700', selfId: 10001, accessToken: 't', secret: 's', tokenScheme: 'Token', timeout: 5000 },
      { protocol: 'http', endpoint: 'https://example.com/api' },
      { protocol: 'ws', url: 'ws://127.0.0.1:6700', tokenScheme: 'query', selfId: 2 },
      { protocol: 'ws', apiUrl: 'ws://127.0.0.1:6700/api', eventUrl: 'wss://127.0.0.1:6700/event' },
      { protocol: 'ws-reverse', selfId: 10002, host: '0.0.0.0', port: 8081, path: '/onebot/v11/ws', accessToken: 'x', timeout: 0 },
    ],
    receiver: {
      host: '127.0.0.1',
      port: 8080,
      path: '/',
      quickWindow: 0,
      accessToken: 'a',
      bodyLimit: 1024,
      headersTimeout: 10,
      requestTimeout: 20,
      maxConnections: 5,
      ackAfterDispatch: true,
    },
    plugins: { help: {}, echo: {}, ping: { reply: 'pong!' }, './src/greeter.js': { greeting: 'Hello', sides: 6 }, off: false, bare: null, on: true },
    prefix: '/',
    stopDeadline: 5000,
    superusers: [12345, 1],
    logLevel: 'debug',
    locale: 'en-US',
    hints: { unknownCommand: false, mention: true },
    rateLimit: { global: { count: 20, interval: 1000, jitter: 5 }, perTarget: false },
    cluster: { redis: 'redis://127.0.0.1:6379', prefix: 'cqkit:a', claimAfter: 15000, leaseTtl: 1, dedupeTtl: 2 },
  },
  { plugins: ['echo', ['./src/dice.ts', { sides: 6 }]], prefix: ['/', '!'], hints: false, rateLimit: { global: false } },
  { cluster: { redis: 'rediss://h:1' }, locale: 'zh' },
];

/** Values that break one rule or another wherever they land. */
const odd: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  70000,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 60,
  '',
  'x',
  '/x',
  'http://h',
  'ws://h',
  'redis://h',
  'query',
  'Token',
  true,
  false,
  [],
  ['x'],
  {},
  { x: 1 },
  new Date(0),
];

/** Every config obtained by replacing one leaf (or one whole branch) of `value` by `replacement`. */
function* mutations(value: unknown, replacement: unknown): Generator<unknown> {
  yield replacement;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) for (const inner of mutations(value[i], replacement)) yield value.map((item, j) => (j === i ? inner : item));
    yield [...value, replacement];
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      for (const inner of mutations((value as Record<string, unknown>)[key], replacement)) yield { ...value, [key]: inner };
    }
    yield { ...value, extra: replacement };
  }
}

function expectAgreement(raw: unknown): 'quick' | 'schema' {
  const quick = acceptedAsWritten(raw);
  if (quick === undefined) return 'schema';
  const full = configSchema.safeParse(raw);
  expect(full.success, JSON.stringify(raw)).toBe(true);
  expect(quick).toStrictEqual(full.data);
  return 'quick';
}

describe('the quick config check', () => {
  it('accepts the valid configs it knows, with the result the schema gives', () => {
    for (const raw of valid) expect(expectAgreement(raw)).toBe('quick');
  });

  it('never accepts what the schema refuses, nor returns anything else than the schema would (near misses)', () => {
    let tried = 0;
    let quick = 0;
    for (const base of valid) {
      for (const replacement of odd) {
        for (const raw of mutations(base, replacement)) {
          tried++;
          if (expectAgreement(raw) === 'quick') quick++;
        }
      }
    }
    expect(tried).toBeGreaterThan(2000);
    // Some mutations are still valid configs (a plugin's config, a string where any string goes).
    expect(quick).toBeGreaterThan(0);
  });

  it('leaves to the schema what it does not check: adapters, metrics, sandbox, class instances', () => {
    for (const raw of [{ adapters: {} }, { metrics: { port: 1 } }, { sandbox: { chat: false } }, new Map(), { bots: [{ endpoint: 'http://x', selfId: undefined }] }]) {
      expect(acceptedAsWritten(raw)).toBeUndefined();
    }
  });

  it('copies what it returns (lists and objects), as the schema does, and passes plugin configs on as written', () => {
    const pluginConfig = { sides: 6 };
    const raw = { bots: [{ endpoint: 'http://x' }], prefix: ['/'], plugins: { dice: pluginConfig } };
    const config = acceptedAsWritten(raw)!;
    expect(config.bots).not.toBe(raw.bots);
    expect(config.bots?.[0]).toEqual({ protocol: 'http', endpoint: 'http://x' });
    expect(config.prefix).not.toBe(raw.prefix);
    expect((config.plugins as Record<string, unknown>).dice).toBe(pluginConfig);
  });
});
