import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import * as v from 'valibot';
import { createApp, definePlugin, memoryAdapter, PluginConfigError, PluginLoadError, type PluginErrorReport } from '../src/index.js';
import { sentMessages, setup } from './helpers.js';
import { manualClock } from './manual-clock.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('plugins', () => {
  it('validates config with the schema and passes the parsed config (defaults filled)', async () => {
    const { app } = await setup();
    const seen: unknown[] = [];
    const greet = definePlugin({
      name: 'greet',
      schema: z.object({ greeting: z.string(), times: z.number().int().default(1) }),
      apply(_ctx, config) {
        seen.push(config);
      },
    });
    app.plugin(greet, { greeting: 'hi' });
    expect(seen).toEqual([{ greeting: 'hi', times: 1 }]);
    app.unload(greet);
    // @ts-expect-error the config is required when the schema has required keys
    expect(() => app.plugin(greet)).toThrow(PluginConfigError);
    // @ts-expect-error wrong type for a key
    expect(() => app.plugin(greet, { greeting: 1 })).toThrow(/greeting/);
  });

  it('rejects a bad config with an error naming the plugin and the key', async () => {
    const { app } = await setup();
    const apply = vi.fn();
    const plugin = definePlugin({ name: 'weather', schema: z.object({ apiKey: z.string(), city: z.object({ id: z.number() }) }), apply });
    let error: unknown;
    try {
      app.plugin(plugin, { apiKey: 42, city: { id: 'x' } } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PluginConfigError);
    const message = (error as Error).message;
    expect(message).toContain('"weather"');
    expect(message).toContain('apiKey');
    expect(message).toContain('city.id');
    expect(apply).not.toHaveBeenCalled();
    expect(app.metrics.pluginErrors).toBe(0);
  });

  it('names an unknown key of a strict schema (as the plugin template declares it), with no path prefix', async () => {
    const { app } = await setup();
    const plugin = definePlugin({ name: 'hello', schema: z.strictObject({ greeting: z.string().optional() }).prefault({}), apply: vi.fn() });
    expect(() => app.plugin(plugin, { greting: 'Hi' } as never)).toThrow(/^invalid config for plugin "hello": Unrecognized key: "greting"$/);
  });

  it('takes any Standard Schema: a valibot schema fills defaults and names each bad key by its path', async () => {
    const { app } = await setup();
    const apply = vi.fn();
    const schema = v.optional(v.strictObject({ city: v.optional(v.object({ id: v.pipe(v.number(), v.integer()) })), units: v.optional(v.picklist(['c', 'f']), 'c') }), {});
    const weather = definePlugin({ name: 'weather', schema, apply });
    app.plugin(weather);
    expect(apply).toHaveBeenLastCalledWith(expect.anything(), { units: 'c' });
    const error = (() => {
      try {
        app.plugin(definePlugin({ name: 'weather2', schema, apply }), { city: { id: 1.5 }, units: 'k' as never });
      } catch (caught) {
        return caught as PluginConfigError;
      }
    })();
    expect(error).toBeInstanceOf(PluginConfigError);
    expect(error?.issues.map((issue) => issue.path)).toEqual(['city.id', 'units']);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('refuses a schema that is not a Standard Schema with an error that says what one is', async () => {
    const { app } = await setup();
    const legacy = { safeParse: () => ({ success: true, data: {} }) } as never;
    expect(() => app.plugin(definePlugin({ name: 'old', schema: legacy, apply: vi.fn() }), {})).toThrow(
      /^plugin "old": its schema is not a Standard Schema \(valibot 1, zod 3.24 or later, arktype 2 make one\)$/,
    );
  });

  it('refuses a schema that validates asynchronously, naming the plugin, and applies nothing', async () => {
    const { app } = await setup();
    const apply = vi.fn();
    const schema = v.pipeAsync(v.string(), v.checkAsync(async () => true));
    expect(() => app.plugin(definePlugin({ name: 'slow', schema, apply }), 'x')).toThrow(/^invalid config for plugin "slow": the schema validates asynchronously/);
    expect(apply).not.toHaveBeenCalled();
  });

  it('gives each plugin its own context and undoes everything on unload', async () => {
    vi.useFakeTimers();
    const { app, memory } = await setup();
    const ticks: string[] = [];
    const disposed: string[] = [];
    const child = definePlugin({
      name: 'child',
      apply(ctx) {
        ctx.on('message', () => void ticks.push('child-listener'));
        ctx.on('dispose', () => void disposed.push('child'));
      },
    });
    const parent = definePlugin({
      name: 'parent',
      apply(ctx) {
        expect(ctx).not.toBe(app);
        expect(ctx.pluginName).toBe('parent');
        ctx.on('message', () => void ticks.push('listener'));
        ctx.middleware((_s, next) => {
          ticks.push('middleware');
          return next();
        });
        ctx.command('ping').action(() => 'pong');
        ctx.keyword('hello', () => void ticks.push('keyword'));
        ctx.setTimeout(() => void ticks.push('timeout'), 1000);
        ctx.setInterval(() => void ticks.push('interval'), 300);
        ctx.plugin(child);
        ctx.on('dispose', () => void disposed.push('parent'));
      },
    });
    app.plugin(parent);
    await memory.receive(memory.privateMessage(1, '/ping'));
    await memory.receive(memory.privateMessage(1, 'hello there'));
    expect(ticks).toEqual(['listener', 'child-listener', 'middleware', 'listener', 'child-listener', 'middleware', 'keyword']);
    vi.advanceTimersByTime(1000);
    expect(ticks.filter((t) => t === 'interval')).toHaveLength(3);
    expect(ticks.filter((t) => t === 'timeout')).toHaveLength(1);
    expect(sentMessages(memory)).toEqual(['pong']);
    ticks.length = 0;
    expect(app.unload(parent)).toBe(true);
    expect(disposed).toEqual(['child', 'parent']);
    vi.advanceTimersByTime(5000);
    await memory.receive(memory.privateMessage(1, '/ping'));
    await memory.receive(memory.privateMessage(1, 'hello'));
    expect(ticks).toEqual([]);
    // The command is gone: /ping is an unknown command now.
    expect(sentMessages(memory)).toEqual(['pong', 'unknown command /ping; /help lists them']);
    expect(app.commands).toHaveLength(0);
    expect(app.unload(parent)).toBe(false);
    // Loadable again after unload.
    app.plugin(parent);
    expect(app.commands.map((c) => c.name)).toEqual(['ping']);
  });

  it('ctx.dispose() unloads the plugin; loading the same plugin twice is an error', async () => {
    const { app } = await setup();
    const p = definePlugin({ name: 'once', apply: (ctx) => void ctx.command('once') });
    const ctx = app.plugin(p);
    expect(() => app.plugin(p)).toThrow(PluginLoadError);
    ctx.dispose();
    expect(app.commands).toHaveLength(0);
    expect(() => app.plugin(p)).not.toThrow();
  });

  it('loads and unloads 10,000 times with flat listener, middleware, command, gate, timer and scope counts', async () => {
    vi.useFakeTimers();
    const { app, memory } = await setup();
    const plugin = definePlugin({
      name: 'churn',
      apply(ctx) {
        ctx.on('message', () => {});
        ctx.on('notice/group_increase', () => {});
        ctx.group(1).on('message/group', () => {});
        ctx.middleware((_s, next) => next());
        ctx
          .command('churn <n:integer>')
          .option('-v, --verbose')
          .alias('ch')
          .action(({ args }) => `n=${args.n}`);
        ctx.keyword('x', () => {});
        ctx.regex(/y/, () => {});
        ctx.intercept(() => true);
        ctx.effect(() => {});
        ctx.setTimeout(() => {}, 60_000);
        ctx.setInterval(() => {}, 60_000);
        ctx.on('ready', () => {});
        ctx.on('dispose', () => {});
        ctx.plugin(definePlugin({ name: `churn-child`, apply: (c) => void c.on('message', () => {}) }));
      },
    });
    const counts = () => ({
      message: app.host.bus.listenerCount('message'),
      increase: app.host.bus.listenerCount('notice/group_increase'),
      group: app.host.bus.listenerCount('message/group'),
      middleware: app.host.pipeline.middlewares.size,
      commands: app.commands.length,
      matchers: app.host.commands.matchers.size,
      gates: app.host.pipeline.gates.size,
      timers: vi.getTimerCount(),
      ready: app.host.lifecycle.size,
      scope: app.runtime.scope.size,
      children: app.runtime.scope.childCount,
      loaded: app.host.loaded.size,
    });
    const before = counts();
    for (let i = 0; i < 10_000; i++) {
      const ctx = app.plugin(plugin);
      if (i === 0) {
        // The counts really move while loaded, so flat afterwards means undone, not never counted.
        expect(counts()).toEqual({
          ...before,
          message: before.message + 2,
          increase: before.increase + 1,
          group: before.group + 1,
          middleware: before.middleware + 1,
          commands: before.commands + 1,
          matchers: before.matchers + 2,
          gates: before.gates + 1,
          timers: before.timers + 2,
          ready: before.ready + 1,
          children: before.children + 1,
          loaded: before.loaded + 2,
        });
      }
      ctx.dispose();
    }
    expect(counts()).toEqual(before);
    // Still fully functional afterwards.
    app.plugin(plugin);
    await memory.receive(memory.privateMessage(1, '/churn 3'));
    await memory.receive(memory.privateMessage(1, '/churn x'));
    expect(memory.calls.map((c) => c.params.message)).toEqual(['n=3', 'argument <n:integer> must be a whole number, got "x"\nusage: /churn <n:integer>\noptions: -v, --verbose']);
    expect(app.metrics.pluginErrors).toBe(0);
  });

  it('refuses to load into a stopped app or an unloaded plugin, naming why', async () => {
    const { app } = await setup();
    let parentCtx: ReturnType<typeof app.plugin> | undefined;
    const parent = definePlugin({
      name: 'parent',
      apply(ctx) {
        parentCtx = ctx;
      },
    });
    const child = definePlugin({ name: 'child', apply: (ctx) => void ctx.command('child') });
    app.plugin(parent);
    app.unload(parent);
    expect(() => parentCtx!.plugin(child)).toThrow(new PluginLoadError('cannot load plugin "child": plugin "parent" was unloaded'));
    await app.stop({ deadline: 0 });
    expect(() => app.plugin(child)).toThrow(new PluginLoadError('cannot load plugin "child": the app was stopped'));
    expect(app.commands).toEqual([]);
  });

  it('runs ready hooks at start, and at once for plugins loaded later', async () => {
    const app = createApp({ logLevel: 'silent' });
    const order: string[] = [];
    app.plugin(definePlugin({ name: 'early', apply: (ctx) => void ctx.on('ready', () => void order.push('early')) }));
    expect(order).toEqual([]);
    await app.start();
    expect(order).toEqual(['early']);
    app.plugin(definePlugin({ name: 'late', apply: (ctx) => void ctx.on('ready', () => void order.push('late')) }));
    await Promise.resolve();
    expect(order).toEqual(['early', 'late']);
    await app.stop();
  });

  it('app.stop() runs every dispose hook', async () => {
    const { app } = await setup();
    const disposed: string[] = [];
    app.plugin(definePlugin({ name: 'a', apply: (ctx) => void ctx.on('dispose', () => void disposed.push('a')) }));
    app.plugin(definePlugin({ name: 'b', apply: (ctx) => void ctx.on('dispose', () => void disposed.push('b')) }));
    await app.stop({ deadline: 10 });
    expect(disposed.sort()).toEqual(['a', 'b']);
  });
});

describe('plugin timers', () => {
  it('run on the injected app clock and stop on unload', async () => {
    const clock = manualClock();
    const app = createApp({ logLevel: 'silent', clock });
    const ticks: string[] = [];
    const p = definePlugin({
      name: 'ticker',
      apply(ctx) {
        ctx.setInterval(() => void ticks.push(`interval@${clock.now()}`), 300);
        ctx.setTimeout(() => void ticks.push(`timeout@${clock.now()}`), 500);
        const cancelled = ctx.setTimeout(() => void ticks.push('never'), 400);
        cancelled();
      },
    });
    app.plugin(p);
    clock.advance(1000);
    expect(ticks).toEqual(['interval@300', 'timeout@500', 'interval@600', 'interval@900']);
    app.unload(p);
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    expect(ticks).toHaveLength(4);
  });
});

describe('isolation of a throwing plugin', () => {
  it('catches sync and async throws of listeners, middleware, commands, timers; logs with plugin and event; others still run', async () => {
    vi.useFakeTimers();
    const { app, memory } = await setup();
    const reports: PluginErrorReport[] = [];
    app.on('plugin/error', (r) => void reports.push(r));
    const good: string[] = [];
    app.plugin(
      definePlugin({
        name: 'bad',
        apply(ctx) {
          ctx.on('message', () => {
            throw new Error('sync listener');
          });
          ctx.on('message/private', async () => {
            throw new Error('async listener');
          });
          ctx.middleware(() => {
            throw new Error('middleware');
          });
          ctx.command('boom').action(async () => {
            throw new Error('command');
          });
          ctx.setTimeout(() => {
            throw new Error('timer');
          }, 10);
        },
      }),
    );
    app.plugin(
      definePlugin({
        name: 'good',
        apply(ctx) {
          ctx.on('message', () => void good.push('listener'));
          ctx.middleware((_s, next) => {
            good.push('middleware');
            return next();
          });
          ctx.command('fine').action(() => 'ok');
        },
      }),
    );
    await memory.receive(memory.privateMessage(1, '/boom'));
    await memory.receive(memory.privateMessage(1, '/fine'));
    vi.advanceTimersByTime(20);
    await vi.runAllTimersAsync();
    expect(good).toEqual(['listener', 'middleware', 'listener', 'middleware']);
    expect(sentMessages(memory)).toEqual(['ok']);
    const where = reports.map((r) => `${r.plugin}:${r.event}`);
    expect(where).toEqual(
      expect.arrayContaining(['bad:message', 'bad:message/private', 'bad:middleware', 'bad:command boom', 'bad:timer']),
    );
    expect(reports.every((r) => r.plugin === 'bad')).toBe(true);
    expect(app.metrics.errorsByPlugin.get('bad')).toBe(reports.length);
    expect(app.metrics.errorsByPlugin.get('good')).toBeUndefined();
  });

  it('also catches gates, keyword/regex matchers, ready and dispose hooks, sync and async; the event still goes on', async () => {
    const app = createApp({ logLevel: 'silent', scheduler: { global: false, perGroup: false, perUser: false, perDiscuss: false } });
    const memory = memoryAdapter();
    app.adapter(memory);
    const reports: PluginErrorReport[] = [];
    app.on('plugin/error', (r) => void reports.push(r));
    const heard: string[] = [];
    const bad = definePlugin({
      name: 'bad',
      apply(ctx) {
        ctx.intercept(() => {
          throw new Error('gate');
        });
        ctx.keyword('hello', () => {
          throw new Error('keyword');
        });
        ctx.regex(/hel+o/, async () => {
          throw new Error('regex');
        });
        ctx.on('ready', async () => {
          throw new Error('ready');
        });
        ctx.on('dispose', () => {
          throw new Error('dispose');
        });
      },
    });
    app.plugin(bad);
    app.plugin(definePlugin({ name: 'good', apply: (ctx) => void ctx.keyword('hello', () => void heard.push('good keyword')) }));
    await app.start();
    await memory.receive(memory.privateMessage(1, 'hello'));
    app.unload(bad);
    // A throwing gate lets the event through: a broken filter must not silence the bot.
    expect(heard).toEqual(['good keyword']);
    expect(reports.map((r) => `${r.plugin}:${r.event}:${(r.error as Error).message}`)).toEqual([
      'bad:ready:ready',
      'bad:gate:gate',
      'bad:matcher:keyword',
      'bad:matcher:regex',
      'bad:dispose:dispose',
    ]);
    expect(app.metrics.pluginErrors).toBe(5);
    await app.stop({ deadline: 10 });
  });

  it('an async apply that rejects is reported and the plugin is unloaded', async () => {
    const { app } = await setup();
    const reports: PluginErrorReport[] = [];
    app.on('plugin/error', (r) => void reports.push(r));
    app.plugin(
      definePlugin({
        name: 'async-bad',
        async apply(ctx) {
          ctx.command('half');
          await Promise.resolve();
          throw new Error('late failure');
        },
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(reports.map((r) => `${r.plugin}:${r.event}`)).toEqual(['async-bad:apply']);
    expect(app.commands).toHaveLength(0);
  });

  it('a sync throw in apply undoes the partial registration and reaches the loader only', async () => {
    const { app } = await setup();
    expect(() =>
      app.plugin(
        definePlugin({
          name: 'half',
          apply(ctx) {
            ctx.command('half');
            ctx.on('message', () => {});
            throw new Error('apply failed');
          },
        }),
      ),
    ).toThrow('apply failed');
    expect(app.commands).toHaveLength(0);
    expect(app.host.bus.listenerCount('message')).toBe(0);
  });

  it('a throwing plugin/error listener does not loop', async () => {
    const { app, memory } = await setup();
    app.on('plugin/error', () => {
      throw new Error('handler of errors fails too');
    });
    app.on('message', () => {
      throw new Error('first');
    });
    await memory.receive(memory.privateMessage(1, 'x'));
    expect(app.metrics.pluginErrors).toBe(2);
  });
});

describe('plugin config typing', () => {
  it('a schema with defaults makes the config optional', async () => {
    const { app } = await setup();
    const seen: unknown[] = [];
    const p = definePlugin({
      name: 'optional-config',
      schema: z.object({ level: z.number().default(3) }).prefault({}),
      apply: (_ctx, config) => void seen.push(config.level),
    });
    app.plugin(p);
    app.unload(p);
    app.plugin(p, { level: 5 });
    expect(seen).toEqual([3, 5]);
  });
});
