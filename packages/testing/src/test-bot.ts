/**
 * createTestBot: a real app (createApp + httpAdapter) talking to an in-process sandbox over loopback
 * HTTP, both ways. Events go sandbox -> POST -> receiver -> app; actions go bot -> HTTP API -> sandbox.
 * Injecting an event returns what the bot did in answer, once the bot is idle again.
 */
import { setImmediate as macrotask } from 'node:timers/promises';
import { type AnyPlugin, type App, type AppOptions, type Clock, type Context, createApp, describeError, type RecordedCall, recordingAdapter, type StopReport } from '@cqkit/core';
import type { Store } from '@cqkit/store';
import { type HttpAdapter, httpAdapter } from '@cqkit/adapter-http';
import type { CQEvent, Message } from '@cqkit/protocol';
import { createSandbox, defaultWorld, type Sandbox, type SandboxOptions, type World, type WorldData } from '@cqkit/sandbox';
import { type Answer, answerOf, type BotProblem, type MessageAnswer, type PerformedAction, type RequestAnswer, type SentMessage } from './answer.js';
import { AnswerTimeoutError, NoAnswerError, TestBotStateError } from './errors.js';

/** A plugin, or a plugin with its config. */
export type PluginEntry = AnyPlugin | readonly [plugin: AnyPlugin, config: unknown];

export interface TestBotOptions extends AppOptions {
  /** Loaded in order, before the bot starts; a bad config rejects createTestBot with PluginConfigError. */
  plugins?: readonly PluginEntry[];
  /** Plugin configs by plugin name (for entries given without a config). */
  config?: Readonly<Record<string, unknown>>;
  /** The sandbox world; default the sandbox's default world (account 10001, groups 3001-3003). */
  world?: WorldData;
  /** More sandbox options (tokens, secret, message format, rate-limited actions...). */
  sandbox?: Omit<SandboxOptions, 'world' | 'port' | 'host' | 'postUrl'>;
  /** How long the receiver waits for a quick reply, ms (the adapter's default 400; 0 = never). */
  quickWindow?: number;
  /** How long an injected event may keep the bot busy before the answer fails, ms. Default 5000. */
  answerTimeout?: number;
  /**
   * A fresh `store` service (@cqkit/store, an optional peer: install it to use this): `'memory'`
   * (SQLite in memory, the default when a plugin declares `inject: ['store']`), `{ url }` (a new
   * schema on that PostgreSQL server, dropped by stop()), `{ file }` or `{ url, schema }` (a SQLite
   * file or a schema that outlives the bot, for restart tests; the test removes it), or false for
   * none. Its key expiry follows `clock`.
   */
  store?: TestStore | false;
}

export type TestStore = 'memory' | { url: string; schema?: string } | { file: string };

/** Who speaks: a user, privately or in a group/discuss. Defaults come from the world. */
export interface From {
  /** Default: a member of `group` (an admin first) or, privately, the first friend. */
  user?: number;
  group?: number;
  discuss?: number;
  /** Speak anonymously in the group. */
  anonymous?: { name: string; id?: number };
  /** The message is literal text: no CQ codes are read from it. */
  literal?: boolean;
  /** Overrides the answer timeout for this event, ms. */
  timeout?: number;
}

export interface Timeout {
  timeout?: number;
}

/** @internal What the hidden recording plugin and the recording adapter collect. */
export interface Recorder {
  calls: RecordedCall[];
  problems: BotProblem[];
}

export class TestBot {
  /** Every message the bot sent since it started. */
  readonly messages: SentMessage[] = [];
  /** Every action the sandbox executed for the bot (HTTP calls and quick operations). */
  readonly actions: PerformedAction[] = [];
  /** Every call the bot handed to its transport, with its outcome (failures included). */
  readonly calls: readonly RecordedCall[];
  /** Plugin exceptions and failed sends since the bot started. */
  readonly problems: readonly BotProblem[];

  /** Inject notices (the world changes like QQ would, then the event is posted). */
  readonly notice = {
    /** `user` joins `group` (group_increase; sub_type approve, or invite with an operator). */
    groupIncrease: (o: { group: number; user: number; subType?: 'approve' | 'invite'; operator?: number } & Timeout): Promise<Answer> =>
      this.inject(() => this.sandbox.join({ group: o.group, user: o.user, subType: o.subType, operator: o.operator }), o.timeout),
    /** `user` leaves `group`, or is kicked by `kickedBy` (group_decrease). */
    groupDecrease: (o: { group: number; user: number; kickedBy?: number } & Timeout): Promise<Answer> =>
      this.inject(() => this.sandbox.leave({ group: o.group, user: o.user, kickedBy: o.kickedBy }), o.timeout),
    /** `user` is muted for `duration` seconds (0 lifts it) (group_ban). */
    groupBan: (o: { group: number; user: number; duration: number; operator?: number } & Timeout): Promise<Answer> =>
      this.inject(() => this.sandbox.ban({ group: o.group, user: o.user, duration: o.duration, operator: o.operator }), o.timeout),
    /** `user` uploads a file to `group` (group_upload). */
    groupUpload: (o: { group: number; user: number; name: string; size?: number } & Timeout): Promise<Answer> =>
      this.inject(() => this.sandbox.upload({ group: o.group, user: o.user, name: o.name, size: o.size }), o.timeout),
    /** `user` pokes `target` (default the bot), in `group` or privately (notify/poke). */
    poke: (o: { user: number; target?: number; group?: number } & Timeout): Promise<Answer> =>
      this.inject(() => this.sandbox.poke({ user: o.user, target: o.target, group: o.group }), o.timeout),
    /** A message is recalled (group_recall / friend_recall). */
    recall: (o: { messageId: number; operator?: number } & Timeout): Promise<Answer> =>
      this.inject(() => this.sandbox.recall({ message_id: o.messageId, operator: o.operator }), o.timeout),
  };

  /** Inject requests; the answer carries the request's flag. */
  readonly request = {
    /** `user` asks to become a friend. */
    friend: (o: { user: number; comment?: string } & Timeout): Promise<RequestAnswer> =>
      this.injectRequest(() => this.sandbox.friendRequest({ user: o.user, comment: o.comment }), o.timeout),
    /** `user` asks to join `group` (sub_type add; the account must administer the group). */
    join: (o: { group: number; user: number; comment?: string } & Timeout): Promise<RequestAnswer> =>
      this.injectRequest(() => this.sandbox.groupRequest({ group: o.group, user: o.user, subType: 'add', comment: o.comment }), o.timeout),
    /** `user` invites the account into `group`, a group it is not in (sub_type invite). */
    invite: (o: { group: number; user: number; comment?: string } & Timeout): Promise<RequestAnswer> =>
      this.injectRequest(() => this.sandbox.groupRequest({ group: o.group, user: o.user, subType: 'invite', comment: o.comment }), o.timeout),
  };

  /** Events the sandbox delivered (a change means the world is still moving). */
  private delivered = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** @internal set by createTestBot when it opened a store. */
  storeHandle: Store | undefined;

  /** @internal use createTestBot */
  constructor(
    readonly app: App,
    readonly sandbox: Sandbox,
    readonly adapter: HttpAdapter,
    recorder: Recorder,
    private readonly answerTimeout: number,
  ) {
    this.calls = recorder.calls;
    this.problems = recorder.problems;
    sandbox.onBotMessage((entry) => this.messages.push(entry));
    sandbox.events.observe(() => {
      this.delivered++;
    });
    sandbox.onAction((executed) => {
      if (executed.origin === 'http' || executed.origin === 'ws' || executed.origin === 'quick_operation') this.actions.push(executed);
    });
  }

  /** The store service the bot was given (see the `store` option); undefined without one. */
  get store(): Store | undefined {
    return this.storeHandle;
  }

  /** The bot's QQ number. */
  get selfId(): number {
    return this.sandbox.world.selfId;
  }

  /** The simulated QQ world: groups, members, friends, requests, messages (read it to assert effects). */
  get world(): World {
    return this.sandbox.world;
  }

  /**
   * A person says `message` (a CQ-code string, a segment or segments; `literal` for plain text);
   * resolves with what the bot sent in answer. Rejects with NoAnswerError when it sent nothing.
   */
  async receive(message: Message, from: From = {}): Promise<MessageAnswer> {
    const answer = await this.say(message, from);
    if (answer.messages.length === 0) {
      const where = from.group !== undefined ? ` in group ${from.group}` : from.discuss !== undefined ? ` in discuss ${from.discuss}` : ' privately';
      const problems = answer.problems.length ? `; problems: ${answer.problems.map(describeProblem).join('; ')}` : '';
      const actions = answer.actionNames.length ? `; it called ${answer.actionNames.join(', ')}` : '';
      throw new NoAnswerError(
        `the bot sent no message in answer to ${JSON.stringify(message)}${where}${actions}${problems}. ` +
          'If silence is expected, use bot.say(), which resolves with the (empty) answer.',
      );
    }
    return answer;
  }

  /** Like receive(), but silence is a valid answer (e.g. to test that a message is ignored). */
  say(message: Message, from: From = {}): Promise<MessageAnswer> {
    let messageId = 0;
    return this.inject(() => {
      const user = from.user ?? this.defaultUser(from);
      const base = { user, group: from.group, discuss: from.discuss, anonymous: from.anonymous };
      messageId =
        from.literal && typeof message === 'string' ? this.sandbox.say({ ...base, text: message }) : this.sandbox.say({ ...base, message });
    }, from.timeout).then((answer) => ({ ...answer, messageId }));
  }

  /** Post any catalogue event as it is (for events the helpers above do not cover). */
  event(event: CQEvent, options: Timeout = {}): Promise<Answer> {
    return this.inject(() => void this.sandbox.emitEvent(event), options.timeout);
  }

  /** Wait until the bot is idle (e.g. after a timer fired); resolves with what it did meanwhile. */
  settle(options: Timeout = {}): Promise<Answer> {
    return this.inject(() => undefined, options.timeout);
  }

  /** Stop the bot (its send queue drains within `deadline` ms), then the sandbox. Safe to call twice. */
  async stop(options: { deadline?: number } = {}): Promise<StopReport | undefined> {
    if (this.stopped) return undefined;
    this.stopped = true;
    try {
      return await this.app.stop({ deadline: options.deadline ?? 1000 });
    } finally {
      await this.sandbox.stop();
      // After the app: every plugin using the store was stopped first.
      await this.storeHandle?.close();
    }
  }

  /**
   * Resolves once the bot and the sandbox are both quiet (see README: what "the answer" is); rejects
   * after `timeout` ms. The app tells when its side is idle (`app.idle()`: handlers done or parked on
   * a prompt, nothing queued or in flight); the sandbox when its events are delivered. Each side can
   * wake the other (an answered call posts an event, a post runs handlers), so both are asked until
   * one look finds both quiet and nothing new happened meanwhile.
   */
  private async idle(timeout: number): Promise<void> {
    let expire: () => void = noop;
    const expired = new Promise<void>((resolve) => {
      expire = resolve;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      expire();
    }, timeout);
    timer.unref();
    try {
      for (;;) {
        await Promise.race([this.sandbox.settled(), expired]);
        await Promise.race([this.app.idle(), expired]);
        if (timedOut) throw new AnswerTimeoutError(`the bot was still busy after ${timeout} ms: ${this.describeBusy()}`);
        const before = this.progress();
        // One turn of the event loop, so a socket answer already on its way is seen.
        await macrotask();
        await Promise.race([this.sandbox.settled(), expired]);
        if (this.app.isIdle && sameProgress(before, this.progress())) return;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private inject(act: () => void, timeout: number | undefined): Promise<Answer> {
    const run = async (): Promise<Answer> => {
      if (this.stopped) throw new TestBotStateError('this test bot was stopped; create a new one (createTestBot) for each test');
      const firstMessage = this.messages.length;
      const firstAction = this.actions.length;
      const firstProblem = this.problems.length;
      act();
      try {
        await this.idle(timeout ?? this.answerTimeout);
      } catch (error) {
        if (error instanceof AnswerTimeoutError) {
          const sent = this.messages.slice(firstMessage).map((m) => JSON.stringify(m.raw_message));
          error.message += sent.length ? `; sent so far: ${sent.join(', ')}` : '; nothing sent so far';
        }
        throw error;
      }
      return answerOf(this.messages.slice(firstMessage), this.actions.slice(firstAction), this.problems.slice(firstProblem));
    };
    // One injection at a time, so each answer holds exactly what its own event caused.
    const result = this.chain.then(run, run);
    this.chain = result.then(noop, noop);
    return result;
  }

  private async injectRequest(act: () => string, timeout: number | undefined): Promise<RequestAnswer> {
    let flag = '';
    const answer = await this.inject(() => {
      flag = act();
    }, timeout);
    return { ...answer, flag };
  }

  private defaultUser(from: From): number {
    const world = this.sandbox.world;
    const self = world.selfId;
    if (from.group !== undefined) {
      const group = world.group(from.group);
      if (!group) throw new TestBotStateError(`the account is not in group ${from.group}; pick one of ${world.data.groups.map((g) => g.group_id).join(', ')}`);
      const now = world.nowSeconds();
      const speakers = group.members.filter((m) => m.user_id !== self && m.mute_until <= now);
      const pick = speakers.find((m) => m.role !== 'member') ?? speakers[0];
      if (!pick) throw new TestBotStateError(`group ${from.group} has no member who can speak; pass { user }`);
      return pick.user_id;
    }
    if (from.discuss !== undefined) {
      const pick = world.discuss(from.discuss)?.members.find((id) => id !== self);
      if (pick === undefined) throw new TestBotStateError(`discuss ${from.discuss} has no member; pass { user }`);
      return pick;
    }
    const friend = world.data.friends[0]?.user_id ?? world.data.people.find((p) => p.user_id !== self)?.user_id;
    if (friend === undefined) throw new TestBotStateError('the world has nobody but the account; pass { user }');
    return friend;
  }

  /** Counters that move whenever either side does something. */
  private progress(): unknown[] {
    return [this.app.metrics.events, this.calls.length, this.messages.length, this.actions.length, this.delivered];
  }

  private describeBusy(): string {
    let queued = 0;
    let inFlight = 0;
    for (const bot of this.app.bots.values()) {
      queued += bot.metrics.queued;
      inFlight += bot.callsInFlight;
    }
    const parts = [
      // Counted per event (several handlers of one event count once), not parked on a prompt.
      `${this.app.eventsInProgress} handler(s) running`,
      `${this.app.pendingPrompts} prompt(s) waiting`,
      `${inFlight} call(s) in flight`,
      `${queued} call(s) queued`,
    ];
    return `${parts.join(', ')} (raise answerTimeout, or check for a handler that never returns)`;
  }
}

/**
 * Start a sandbox and a bot wired to it over loopback HTTP, with `plugins` loaded. Stop it with
 * `await bot.stop()` (afterEach). Plugin config errors reject before anything is started.
 */
export async function createTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const { plugins = [], config = {}, world, sandbox: sandboxOptions, quickWindow, answerTimeout = 5000, store: storeOption, ...appOptions } = options;
  const recorder: Recorder = { calls: [], problems: [] };
  const app = createApp({ logLevel: 'silent', ...appOptions });
  app.plugin({ name: '@cqkit/testing', apply: (ctx) => record(ctx, recorder) });
  const wanted = storeOption ?? (plugins.some((entry) => pluginOf(entry).inject?.includes('store')) ? 'memory' : false);
  // Opened before the plugins load, so theirs start (and their ready hooks run) with the app.
  const store = wanted === false ? undefined : await openTestStore(wanted, appOptions.clock);
  try {
    if (store !== undefined) app.plugin({ name: 'store', apply: (ctx) => void ctx.provide('store', store) });
    for (const entry of plugins) {
      if (isPluginWithConfig(entry)) app.plugin(entry[0], entry[1]);
      else app.plugin(entry, config[entry.name]);
    }
  } catch (error) {
    await store?.close();
    throw error;
  }
  // Both sides bind free ports (port 0); the sandbox learns the receiver's address once it listens.
  const sandbox = createSandbox({ ...sandboxOptions, world: world ?? defaultWorld(), port: 0 });
  await sandbox.start();
  const adapter = httpAdapter({
    bots: [{ selfId: sandbox.world.selfId, endpoint: sandbox.url, accessToken: sandboxOptions?.accessToken, secret: sandboxOptions?.secret }],
    receiver: { port: 0, ...(quickWindow === undefined ? {} : { quickWindow }) },
  });
  app.adapter(recordingAdapter(adapter, recorder.calls));
  const bot = new TestBot(app, sandbox, adapter, recorder, answerTimeout);
  bot.storeHandle = store;
  try {
    await app.start();
  } catch (error) {
    await bot.stop().catch(noop);
    throw error;
  }
  sandbox.setPostUrl(adapter.receiverUrl);
  // What a server posts when it comes up; start-up work (ready hooks, this event) is not part of the first answer.
  await sandbox.lifecycle('enable');
  await bot.settle();
  return bot;
}

/** The hidden plugin: collects plugin exceptions and failed sends for the answers. */
function record(ctx: Context, recorder: Recorder): void {
  ctx.on('plugin/error', (report) => {
    recorder.problems.push({ kind: 'plugin-error', report });
  });
  ctx.on('send/failed', (failure) => {
    recorder.problems.push({ kind: 'send-failed', failure });
  });
}

function isPluginWithConfig(entry: PluginEntry): entry is readonly [AnyPlugin, unknown] {
  return Array.isArray(entry);
}

function pluginOf(entry: PluginEntry): AnyPlugin {
  return isPluginWithConfig(entry) ? entry[0] : entry;
}

/** @cqkit/store is an optional peer: loaded only for a bot that asks for a store. */
async function openTestStore(kind: TestStore, clock: Clock | undefined): Promise<Store> {
  let scratch: typeof import('@cqkit/store/testing');
  try {
    scratch = await import('@cqkit/store/testing');
  } catch (error) {
    throw new TestBotStateError(
      `this bot needs a store (a plugin injects "store", or the store option is set), but @cqkit/store could not be loaded: ${error instanceof Error ? error.message : String(error)}. Install it: pnpm add -D @cqkit/store`,
    );
  }
  return scratch.createScratchStore(kind, clock === undefined ? {} : { clock });
}

function describeProblem(problem: BotProblem): string {
  if (problem.kind === 'send-failed') return `${problem.failure.action} failed: ${problem.failure.error.message}`;
  const error = problem.report.error;
  return `plugin "${problem.report.plugin}" threw in ${problem.report.event}: ${describeError(error)}`;
}

function sameProgress(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function noop(): void {}
