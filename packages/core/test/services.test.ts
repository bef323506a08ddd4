import { describe, expect, it, vi } from 'vitest';
import { type Context, createApp, definePlugin, type Disposer, ServiceConflictError, ServiceMissingError } from '../src/index.js';
import { setup } from './helpers.js';

interface Counter {
  next(): number;
}

// Through the entry point, as plugins do ('@cqkit/core'): augmenting services.js directly as well
// as through the entry point from another package does not merge in one program.
declare module '../src/index.js' {
  interface Services {
    counter: Counter;
    greeter: { greet(name: string): string };
    clockwork: number;
  }
}

function counterPlugin(name = 'counter-provider') {
  return definePlugin({
    name,
    apply(ctx) {
      let n = 0;
      ctx.provide('counter', { next: () => ++n });
    },
  });
}

describe('services', () => {
  it('provides a typed value by name and withdraws it on unload', async () => {
    const { app } = await setup();
    const provider = counterPlugin();
    app.plugin(provider);
    expect(app.service('counter').next()).toBe(1);
    expect(app.service('counter').next()).toBe(2);
    app.unload(provider);
    expect(() => app.service('counter')).toThrow(ServiceMissingError);
  });

  it('names the service and the asking plugin when it is missing, with a code', async () => {
    const { app } = await setup();
    let error: unknown;
    app.plugin(
      definePlugin({
        name: 'asker',
        apply(ctx) {
          try {
            ctx.service('greeter');
          } catch (e) {
            error = e;
          }
        },
      }),
    );
    expect(error).toBeInstanceOf(ServiceMissingError);
    expect((error as ServiceMissingError).code).toBe('CQKIT_SERVICE_MISSING');
    expect((error as Error).message).toContain('"greeter"');
    expect((error as Error).message).toContain('"asker"');
  });

  it('refuses a second provider of the same name, naming both plugins', async () => {
    const { app } = await setup();
    app.plugin(counterPlugin('first'));
    let error: unknown;
    try {
      app.plugin(counterPlugin('second'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ServiceConflictError);
    expect((error as ServiceConflictError).code).toBe('CQKIT_SERVICE_CONFLICT');
    expect((error as Error).message).toMatch(/"counter".*"first".*"second"/);
    // The failed load was undone; the first provider still serves.
    expect(app.service('counter').next()).toBe(1);
  });

  it('a provide disposer withdraws the service, and the name can be provided again', async () => {
    const { app } = await setup();
    const events: string[] = [];
    app.on('service/added', (name) => void events.push(`+${name}`));
    app.on('service/removed', (name) => void events.push(`-${name}`));
    const withdraw = app.provide('clockwork', 1);
    withdraw();
    withdraw();
    app.provide('clockwork', 2);
    expect(app.service('clockwork')).toBe(2);
    expect(events).toEqual(['+clockwork', '-clockwork', '+clockwork']);
  });

  it('starts a plugin with inject when its services appear, stops it when one goes, starts it again when back', async () => {
    const { app } = await setup();
    const log: string[] = [];
    const user = definePlugin({
      name: 'user',
      inject: ['counter', 'greeter'],
      apply(ctx) {
        log.push(`start ${ctx.service('greeter').greet(String(ctx.service('counter').next()))}`);
        ctx.on('dispose', () => void log.push('stop'));
      },
    });
    app.plugin(user);
    expect(log).toEqual([]);
    const counter = counterPlugin();
    app.plugin(counter);
    expect(log).toEqual([]);
    const greeter = definePlugin({
      name: 'greeter',
      apply(ctx) {
        ctx.provide('greeter', { greet: (name) => `hi ${name}` });
      },
    });
    app.plugin(greeter);
    expect(log).toEqual(['start hi 1']);
    app.unload(counter);
    expect(log).toEqual(['start hi 1', 'stop']);
    app.plugin(counter);
    expect(log).toEqual(['start hi 1', 'stop', 'start hi 1']);
    // Unloading the dependent itself undoes it for good.
    app.unload(user);
    expect(log).toEqual(['start hi 1', 'stop', 'start hi 1', 'stop']);
    app.unload(counter);
    app.plugin(counter);
    expect(log).toHaveLength(4);
  });

  it('stops dependents newest first when the provider goes, and cascades through services they provided', async () => {
    const { app } = await setup();
    const log: string[] = [];
    const dependent = (name: string, extra?: () => void) =>
      definePlugin({
        name,
        inject: ['counter'],
        apply(ctx) {
          log.push(`start ${name}`);
          ctx.on('dispose', () => void log.push(`stop ${name}`));
          extra?.call(ctx);
        },
      });
    const provider = counterPlugin();
    app.plugin(provider);
    app.plugin(dependent('a'));
    app.plugin(
      definePlugin({
        name: 'b',
        inject: ['counter'],
        apply(ctx) {
          log.push('start b');
          ctx.on('dispose', () => void log.push('stop b'));
          ctx.provide('greeter', { greet: (n) => n });
        },
      }),
    );
    app.plugin(
      definePlugin({
        name: 'needs-greeter',
        inject: ['greeter'],
        apply(ctx) {
          log.push('start needs-greeter');
          ctx.on('dispose', () => void log.push('stop needs-greeter'));
        },
      }),
    );
    app.plugin(dependent('c'));
    expect(log).toEqual(['start a', 'start b', 'start needs-greeter', 'start c']);
    log.length = 0;
    app.unload(provider);
    expect(log).toEqual(['stop c', 'stop needs-greeter', 'stop b', 'stop a']);
    log.length = 0;
    app.plugin(provider);
    // Back in registration order; b's greeter brings needs-greeter back with it.
    expect(log).toEqual(['start a', 'start b', 'start needs-greeter', 'start c']);
  });

  it('ctx.inject undoes what the callback registered, runs its returned disposer, and stops with its plugin', async () => {
    const { app, memory } = await setup();
    const log: string[] = [];
    let inner: Context | undefined;
    const plugin = definePlugin({
      name: 'watcher',
      apply(ctx) {
        ctx.inject(['counter'], (child) => {
          inner = child;
          child.command('count').action(() => String(child.service('counter').next()));
          const timer = child.setInterval(() => void log.push('tick'), 1000);
          return (): void => {
            timer();
            log.push('returned disposer');
          };
        });
      },
    });
    app.plugin(plugin);
    expect(inner).toBeUndefined();
    const provider = counterPlugin();
    app.plugin(provider);
    expect(app.commands.map((c) => c.name)).toEqual(['count']);
    await memory.receive({ post_type: 'message', message_type: 'private', sub_type: 'friend', message_id: 1, user_id: 5, message: '/count', raw_message: '/count', font: 0, sender: { user_id: 5 } } as never);
    await app.idle();
    expect(memory.calls.at(-1)?.params.message).toBe('1');
    app.unload(provider);
    expect(app.commands).toEqual([]);
    expect(log).toEqual(['returned disposer']);
    expect(inner?.runtime.scope.isDisposed).toBe(true);
    app.plugin(provider);
    expect(app.commands.map((c) => c.name)).toEqual(['count']);
    app.unload(plugin);
    expect(app.commands).toEqual([]);
    expect(log).toEqual(['returned disposer', 'returned disposer']);
  });

  it('the inject disposer stops watching', async () => {
    const { app } = await setup();
    const log: string[] = [];
    const stop: Disposer = app.inject(['clockwork'], (ctx) => {
      log.push(`start ${ctx.service('clockwork')}`);
      ctx.on('dispose', () => void log.push('stop'));
    });
    const withdraw = app.provide('clockwork', 7);
    stop();
    withdraw();
    app.provide('clockwork', 8);
    expect(log).toEqual(['start 7', 'stop']);
  });

  it('a plugin whose apply throws while loading with its services present is not loaded (the throw reaches the caller)', async () => {
    const { app } = await setup();
    app.provide('clockwork', 1);
    const broken = definePlugin({
      name: 'broken',
      inject: ['clockwork'],
      apply(ctx) {
        ctx.command('kept');
        throw new Error('boom');
      },
    });
    expect(() => app.plugin(broken)).toThrow('boom');
    expect(app.commands).toEqual([]);
    // Not loaded: it can be loaded again.
    expect(() => app.plugin(broken)).toThrow('boom');
  });

  it('a later start that throws is reported against the plugin and leaves nothing registered', async () => {
    const { app } = await setup();
    const reports: string[] = [];
    app.on('plugin/error', (r) => void reports.push(`${r.plugin}:${r.event}`));
    app.plugin(
      definePlugin({
        name: 'fragile',
        inject: ['clockwork'],
        apply(ctx) {
          ctx.command('fragile');
          throw new Error('boom');
        },
      }),
    );
    app.provide('clockwork', 1);
    expect(reports).toEqual(['fragile:apply']);
    expect(app.commands).toEqual([]);
  });

  it('reports each plugin still waiting at start in one warning line naming the services', async () => {
    const warn = vi.fn();
    const logger = { warn, info: () => {}, error: () => {}, debug: () => {}, trace: () => {}, fatal: () => {}, child: () => logger, level: 'info' };
    const app = createApp({ logger: logger as never });
    app.plugin(definePlugin({ name: 'needs-two', inject: ['counter', 'greeter'], apply() {} }));
    app.plugin(definePlugin({ name: 'needs-counter', inject: ['counter'], apply() {} }));
    app.plugin(definePlugin({ name: 'served', inject: ['clockwork'], apply() {} }));
    app.provide('greeter', { greet: (n) => n });
    app.provide('clockwork', 1);
    await app.start();
    const lines = warn.mock.calls.map((call) => call[1] as string);
    expect(lines).toEqual([
      'plugin "needs-two" waits for service(s) "counter": no plugin provides them, so it does not run yet',
      'plugin "needs-counter" waits for service(s) "counter": no plugin provides them, so it does not run yet',
    ]);
    await app.stop();
  });
});
