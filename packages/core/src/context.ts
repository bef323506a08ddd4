/**
 * A Context is what a plugin registers through. Each plugin gets its own (its scope records every
 * registration, undone on unload); `ctx.group(1)`, `ctx.user(2)`, `ctx.private()`, `ctx.self(3)` and
 * `ctx.filter(fn)` return contexts of the same plugin whose handlers only see matching sessions.
 */
import type { App } from './app.js';
import { actionNames, methodName } from '@cqkit/protocol';
import type { ActionMethods, Bot, CallOptions } from './bot.js';
import type { Command } from './commands/command.js';
import type { ArgsOf } from './commands/typed.js';
import { type KeywordHandler, keywordMatcher, type RegexHandler, regexMatcher } from './commands/matchers.js';
import { type EventName, type Events, isSessionEventName } from './events.js';
import type { Logger } from './logger.js';
import type { Middleware } from './middleware.js';
import { BotAmbiguousError, BotMissingError, PluginLoadError } from './errors.js';
import { type Plugin, validatePluginConfig } from './plugin.js';
import type { AppParts } from './app-parts.js';
import type { PluginRuntime } from './runtime.js';
import { Scope } from './scope.js';
import type { LocaleResolver } from './i18n/i18n.js';
import type { Catalogue, CheckedCatalogue, MessageKey, Messages } from './i18n/messages.js';
import type { Injection, ServiceName, Services } from './services.js';
import type { Session } from './session.js';
import { type Awaitable, type Disposer, isPromiseLike } from './types.js';

export type SessionFilter = (session: Session) => boolean;

/** `ctx.i18n`: the translation service, with what this context adds undone when its plugin unloads. */
export interface ContextI18n {
  /** The app's locale (config `locale`). */
  readonly locale: string;
  /** Add texts for a locale; a placeholder its key has no parameter for does not compile. */
  define<const C extends Catalogue>(locale: string, messages: C & CheckedCatalogue<C>): Disposer;
  /** Choose a locale per session (a group's or a user's); the first hook with an answer wins. */
  resolveWith(resolver: LocaleResolver): Disposer;
  text<K extends MessageKey>(key: K, params?: Messages[K], locale?: string): string;
  has(key: MessageKey, locale?: string): boolean;
}
/** @internal What a context reaches: the app's parts (each behind its own type) and the app itself. */
export type ContextHost = AppParts & { readonly app: App };

type Listener = (payload?: unknown) => void;

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the ActionMethods are installed on the prototype below, from the action table
export class Context {
  /** @internal */
  constructor(
    /** @internal The app's parts this context registers into. */
    readonly host: ContextHost,
    /** The plugin instance this context registers for. */
    readonly runtime: PluginRuntime,
    /** Sessions a handler of this context sees; null = all. */
    readonly sessionFilter: SessionFilter | null,
    /** The bot account `ctx.self(id)` selected: actions called on this context go to it. */
    readonly selfId: number | undefined = undefined,
  ) {}

  /** The app this context belongs to. */
  get app(): App {
    return this.host.app;
  }

  get logger(): Logger {
    return this.runtime.logger;
  }

  /**
   * Translations (the `i18n` service): `ctx.i18n.define('zh-CN', { 'dice.rolled': '掷出了 {value}' })`
   * adds texts until this plugin is unloaded; `ctx.i18n.resolveWith(session => ...)` chooses a locale
   * per group or user; `ctx.i18n.text(key, params, locale?)` reads one.
   */
  get i18n(): ContextI18n {
    const i18n = this.service('i18n');
    const scope = this.runtime.scope;
    return {
      locale: i18n.locale,
      define: (locale, messages) => scope.add(i18n.define(locale, messages)),
      resolveWith: (resolver) => scope.add(i18n.resolveWith(resolver)),
      text: (key, params, locale) => i18n.text(key, params, locale),
      has: (key, locale) => i18n.has(key, locale),
    };
  }

  /** Name of the plugin this context belongs to (`app` for the root). */
  get pluginName(): string {
    return this.runtime.name;
  }

  get bots(): ReadonlyMap<number, Bot> {
    return this.host.bots;
  }

  /** The bot `ctx.self(id)` selected, else the only (or first) bot; throws a clear error while none is connected. */
  get bot(): Bot {
    if (this.selfId !== undefined) return this.botFor('ctx.bot');
    const first = this.host.bots.values().next();
    if (first.done) throw new BotMissingError('no bot is connected yet: wait for the "bot/added" or "ready" event, or use ctx.bots');
    return first.value;
  }

  // ----- filters -----

  filter(predicate: SessionFilter): Context {
    return this.derive(predicate, this.selfId);
  }

  /** Sessions of these groups (any group when none given). */
  group(...groupIds: number[]): Context {
    if (groupIds.length === 0) return this.filter((s) => s.groupId !== undefined);
    const ids = new Set(groupIds);
    return this.filter((s) => s.groupId !== undefined && ids.has(s.groupId));
  }

  /** Sessions of these users, in any chat (any session with a user when none given). */
  user(...userIds: number[]): Context {
    if (userIds.length === 0) return this.filter((s) => s.userId !== undefined);
    const ids = new Set(userIds);
    return this.filter((s) => s.userId !== undefined && ids.has(s.userId));
  }

  /** Private messages (of these users, when given). */
  private(...userIds: number[]): Context {
    if (userIds.length === 0) return this.filter((s) => s.isPrivate);
    const ids = new Set(userIds);
    return this.filter((s) => s.isPrivate && ids.has(s.userId!));
  }

  /**
   * Sessions received by these bot accounts (every account when none given, like `group()`). With
   * one id, the context is also bound to that bot: `ctx.self(id).sendGroupMsg(...)` calls through it.
   */
  self(...selfIds: number[]): Context {
    if (selfIds.length === 0) return this;
    if (selfIds.length === 1) {
      const id = selfIds[0]!;
      return this.derive((s) => s.selfId === id, id);
    }
    const ids = new Set(selfIds);
    return this.filter((s) => ids.has(s.selfId));
  }

  /** A context of the same plugin that also requires `predicate`, bound to bot `selfId`. */
  private derive(predicate: SessionFilter, selfId: number | undefined): Context {
    const outer = this.sessionFilter;
    return new Context(this.host, this.runtime, outer ? (s) => outer(s) && predicate(s) : predicate, selfId);
  }

  /**
   * @internal The bot an action called on this context goes to: the one `ctx.self(id)` selected,
   * else the only connected one. None: BotMissingError; several and none selected: BotAmbiguousError.
   */
  botFor(action: string): Bot {
    const bots = this.host.bots;
    if (this.selfId !== undefined) {
      const bot = bots.get(this.selfId);
      if (bot === undefined) throw new BotMissingError(`${action}: bot ${this.selfId} (selected with ctx.self) is not connected; wait for "bot/added"`);
      return bot;
    }
    if (bots.size === 1) return bots.values().next().value!;
    if (bots.size === 0) throw new BotMissingError(`${action}: no bot is connected yet; wait for the "bot/added" or "ready" event`);
    throw new BotAmbiguousError(action, [...bots.keys()]);
  }

  // ----- events -----

  on<K extends EventName>(name: K, handler: Events[K]): Disposer {
    if (name === 'dispose') return this.onDispose(handler as () => unknown);
    if (name === 'ready') return this.host.lifecycle.addReady(this.runtime, handler as () => unknown);
    const listener = this.wrapListener(name, handler as (payload: unknown) => unknown);
    this.host.bus.on(name, listener);
    return this.runtime.scope.add(() => this.host.bus.off(name, listener));
  }

  once<K extends EventName>(name: K, handler: Events[K]): Disposer {
    const fn = handler as (payload: unknown) => unknown;
    const dispose = this.on(name, ((payload: unknown) => {
      dispose();
      return fn(payload);
    }) as Events[K]);
    return dispose;
  }

  /** Emit a core or custom event (session events come from app.dispatch). */
  emit<K extends EventName>(name: K, ...payload: Parameters<Events[K]>): void {
    this.host.bus.emit(name, payload[0]);
  }

  // ----- pipeline -----

  middleware(fn: Middleware, options: { prepend?: boolean } = {}): Disposer {
    const dispose = this.host.pipeline.middlewares.add({ fn, plugin: this.runtime.name, filter: this.sessionFilter }, options.prepend ?? false);
    return this.runtime.scope.add(dispose);
  }

  /** Drop events before any listener sees them: return false to drop (de-duplication, blocklists). */
  intercept(gate: (session: Session) => boolean): Disposer {
    const dispose = this.host.pipeline.gates.add({ gate, plugin: this.runtime.name });
    return this.runtime.scope.add(dispose);
  }

  /**
   * `ctx.command('echo <text:text>', 'repeat text')`: args `<name:type>` (required) and
   * `[name:type]` (optional) with types string, number, integer, user, text (the rest);
   * `admin.kick` or `admin kick` for a sub-command. A name taken by another plugin throws.
   */
  command<D extends string>(declaration: D, description = ''): Command<ArgsOf<D>, {}> {
    const { command, dispose } = this.host.commands.registry.create(declaration, description, this.runtime.name, this.sessionFilter);
    this.runtime.scope.add(dispose);
    return command as unknown as Command<ArgsOf<D>, {}>;
  }

  /** Run `handler` for messages whose text contains one of the keywords. */
  keyword(keywords: string | readonly string[], handler: KeywordHandler): Disposer {
    const list = typeof keywords === 'string' ? [keywords] : keywords;
    return this.runtime.scope.add(this.host.commands.matchers.add(keywordMatcher(list, handler, this.runtime.name, this.sessionFilter)));
  }

  /** Run `handler` for messages whose text matches `pattern`. */
  regex(pattern: RegExp, handler: RegexHandler): Disposer {
    return this.runtime.scope.add(this.host.commands.matchers.add(regexMatcher(pattern, handler, this.runtime.name, this.sessionFilter)));
  }

  // ----- timers -----

  /** Run `fn` once after `ms` on the app clock; cleared on unload. */
  setTimeout(fn: () => unknown, ms: number): Disposer {
    const clock = this.host.clock;
    const handle = clock.setTimeout(() => {
      dispose();
      this.guard('timer', fn);
    }, ms);
    const dispose = this.runtime.scope.add(() => clock.clearTimeout(handle));
    return dispose;
  }

  /** Run `fn` every `ms` on the app clock (re-armed after each run); cleared on unload. */
  setInterval(fn: () => unknown, ms: number): Disposer {
    const clock = this.host.clock;
    const tick = (): void => {
      handle = clock.setTimeout(tick, ms);
      this.guard('timer', fn);
    };
    let handle = clock.setTimeout(tick, ms);
    return this.runtime.scope.add(() => clock.clearTimeout(handle));
  }

  /** Register any cleanup with this plugin's lifetime. */
  effect(dispose: Disposer): Disposer {
    return this.runtime.scope.add(dispose);
  }

  // ----- plugins -----

  /**
   * Load a plugin as a child of this one: its config is validated (PluginConfigError names the bad
   * key), its apply gets a fresh context. Returns that context; `ctx.dispose()` unloads it.
   * A synchronous throw in apply (e.g. a command conflict) undoes what it registered and rethrows.
   */
  plugin<C, I>(plugin: Plugin<C, I>, ...config: I extends void ? [config?: I] : undefined extends I ? [config?: I] : [config: I]): Context {
    const host = this.host;
    if (this.runtime.scope.isDisposed) {
      // Registrations would be undone at once (or, for the root, never): refuse clearly instead.
      const owner = this.runtime.parent === null ? 'the app was stopped' : `plugin "${this.runtime.name}" was unloaded`;
      throw new PluginLoadError(`cannot load plugin "${plugin.name}": ${owner}`);
    }
    if (host.loaded.has(plugin)) {
      throw new PluginLoadError(`plugin "${plugin.name}" is already loaded; unload it first (app.unload(plugin))`);
    }
    const parsed = validatePluginConfig(plugin, config[0]);
    const runtime: PluginRuntime = {
      name: plugin.name,
      scope: new Scope(this.runtime.scope),
      logger: host.logger.child({ plugin: plugin.name }),
      parent: this.runtime,
    };
    const ctx = new Context(host, runtime, null);
    host.loaded.set(plugin, runtime);
    runtime.scope.add(() => {
      if (host.loaded.get(plugin) === runtime) host.loaded.delete(plugin);
    });
    const unloadOnFailure = (error: unknown): void => {
      host.report(plugin.name, 'apply', error);
      ctx.dispose();
    };
    try {
      if (plugin.inject !== undefined && plugin.inject.length > 0) {
        ctx.watchServices(plugin.inject, (inner) => plugin.apply(inner, parsed), true, unloadOnFailure);
      } else {
        const result = plugin.apply(ctx, parsed);
        if (isPromiseLike(result)) Promise.resolve(result).then(undefined, unloadOnFailure);
      }
    } catch (error) {
      ctx.dispose();
      throw error;
    }
    return ctx;
  }

  // ----- services -----

  /**
   * Offer `value` as service `name` to every plugin of the app; withdrawn when this plugin is
   * unloaded or the disposer is called. A name provided already throws ServiceConflictError.
   */
  provide<K extends ServiceName>(name: K, value: Services[K]): Disposer {
    return this.runtime.scope.add(this.host.services.provide(name, value, this.runtime.name));
  }

  /** The service's value now; ServiceMissingError when nobody provides it. */
  service<K extends ServiceName>(name: K): Services[K] {
    return this.host.services.get(name, this.runtime.name) as Services[K];
  }

  /**
   * Run `fn` with a child context whenever every named service is provided; when one of them goes,
   * the child is disposed (everything it registered is undone, a disposer it returned runs), and
   * `fn` runs again when they are all back. The returned disposer stops watching.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing is typed void
  inject(names: readonly ServiceName[], fn: (ctx: Context) => Awaitable<void | Disposer>): Disposer {
    return this.watchServices(names, fn, false, null);
  }

  /**
   * @internal Start `fn` in a child context while `names` are provided. A sync throw on the first
   * start (inside this call) is rethrown; later ones, and async failures, go to `onFailure` (the
   * default reports them and disposes the child).
   */
  watchServices(names: readonly string[], fn: (ctx: Context) => unknown, declared: boolean, onFailure: ((error: unknown) => void) | null): Disposer {
    const owner = this.runtime;
    const host = this.host;
    let child: Context | null = null;
    let first = true;
    const fail = (ctx: Context, error: unknown): void => {
      if (onFailure !== null) {
        onFailure(error);
        return;
      }
      host.report(owner.name, 'inject', error);
      ctx.dispose();
    };
    const injection: Injection = {
      names,
      plugin: owner.name,
      declared,
      start: () => {
        const runtime: PluginRuntime = { name: owner.name, scope: new Scope(owner.scope), logger: owner.logger, parent: owner };
        const ctx = new Context(host, runtime, this.sessionFilter, this.selfId);
        child = ctx;
        try {
          const result = fn(ctx);
          if (isPromiseLike(result)) {
            Promise.resolve(result).then(
              (dispose) => {
                if (typeof dispose === 'function') ctx.effect(dispose as Disposer);
              },
              (error: unknown) => fail(ctx, error),
            );
          } else if (typeof result === 'function') {
            ctx.effect(result as Disposer);
          }
        } catch (error) {
          child = null;
          ctx.dispose();
          if (first) throw error;
          fail(ctx, error);
        }
      },
      stop: () => {
        const ctx = child;
        child = null;
        ctx?.dispose();
      },
    };
    const unwatch = host.services.watch(injection);
    first = false;
    return this.runtime.scope.add(unwatch);
  }

  /** Unload the plugin this context belongs to: undo every registration, run its dispose hooks. */
  dispose(): void {
    const errors = this.runtime.scope.dispose();
    for (const error of errors) this.host.report(this.runtime.name, 'dispose', error);
  }

  // ----- internals -----

  /** @internal Run `fn`, reporting a sync throw or async rejection against this plugin. */
  guard(where: string, fn: () => unknown): void {
    try {
      const result = fn();
      if (isPromiseLike(result)) Promise.resolve(result).then(undefined, (error: unknown) => this.host.report(this.runtime.name, where, error));
    } catch (error) {
      this.host.report(this.runtime.name, where, error);
    }
  }

  private onDispose(handler: () => unknown): Disposer {
    return this.runtime.scope.add(() => this.guard('dispose', handler));
  }

  /** Built once per registration: the filter check and error capture, no per-event allocation when sync. */
  private wrapListener(name: string, handler: (payload: unknown) => unknown): Listener {
    const host = this.host;
    const plugin = this.runtime.name;
    if (isSessionEventName(name)) {
      const filter = this.sessionFilter;
      return (payload) => {
        const session = payload as Session;
        if (filter !== null && !filter(session)) return;
        try {
          const result = handler(session);
          if (isPromiseLike(result)) {
            const task = Promise.resolve(result).then(undefined, (error: unknown) => host.report(plugin, name, error, session));
            if (session.tasks === null) session.tasks = [task];
            else session.tasks.push(task);
          }
        } catch (error) {
          host.report(plugin, name, error, session);
        }
      };
    }
    return (payload) => {
      try {
        const result = handler(payload);
        if (isPromiseLike(result)) Promise.resolve(result).then(undefined, (error: unknown) => host.report(plugin, name, error));
      } catch (error) {
        host.report(plugin, name, error);
      }
    };
  }
}

/**
 * Every catalogue action as a context method, typed like Bot's: `ctx.sendGroupMsg({ group_id, message })`
 * calls it on the context's bot (see botFor) with the same options (mode, timeout, priority, signal).
 */
export interface Context extends ActionMethods {}

// Installed once, when this module loads: no Proxy, nothing built per call.
for (const name of actionNames) {
  const method = methodName(name);
  Object.defineProperty(Context.prototype, method, {
    value: function (this: Context, params?: object, options?: CallOptions): Promise<unknown> {
      let bot: Bot;
      try {
        bot = this.botFor(method);
      } catch (error) {
        return Promise.reject(error);
      }
      return bot.call(name, (params ?? {}) as Record<string, unknown>, options);
    },
    writable: true,
    configurable: true,
  });
}
