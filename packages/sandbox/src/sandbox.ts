/**
 * The sandbox: a CQHTTP API server over an in-memory world. `createSandbox(options)` builds one;
 * `start()` listens (127.0.0.1, port 0 = any free port) and reports the lifecycle `enable` event.
 *
 * Seams for other transports (e.g. the WebSocket server in src/ws/):
 * - `sandbox.executeAction(action, params, origin)` -> `{ found, envelope }`: the whole action core
 *   (suffixes, parameter coercion, validation, retcodes), transport-independent;
 * - `sandbox.events.subscribe(listener)`: every event meant for WebSocket channels, already in the
 *   configured message format, with its JSON text; `sandbox.emitEvent(event, { channels: ['ws'] })`
 *   publishes e.g. a lifecycle `connect`;
 * - `sandbox.httpServer`: the node http.Server (for `upgrade` handling on the same port);
 * - `checkToken(...)` from http/auth.ts: the same token rules for the upgrade request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CQEvent, redactUrl } from '@cqkit/protocol';
import { actionHandlers } from './actions/index.js';
import { statusOf } from './actions/system.js';
import { type Clock, realClock, type TimerHandle } from './clock.js';
import { createControlHandler } from './control/control-api.js';
import { type ActionOutcome, ActionServer, type ExecutedAction } from './core/action-server.js';
import type { RawParams } from './core/params.js';
import { type Logger, SandboxState } from './core/state.js';
import { EventHub, type MessageFormat, type PublishOptions } from './events/event-hub.js';
import { isPostableUrl, postEvent } from './events/http-poster.js';
import * as inject from './events/injectors.js';
import { SandboxUsageError } from './events/inject/common.js';
import { applyQuickOperation } from './events/quick-operation.js';
import { createApiHandler } from './http/api-server.js';
import { createHostCheck } from './http/host-guard.js';
import { checkSandboxOptions } from './options-check.js';
import { lookupDataFile } from './http/data-files.js';
import { type CallOrigin, Outbox, type OutboxEntry } from './outbox.js';
import { defaultWorld } from './fixtures/default-world.js';
import { checkWorldShape } from './world/fixture.js';
import { withSelfId } from './world/self-id.js';
import type { WorldData } from './world/types.js';
import { ChatFeed } from './web-chat/feed.js';
import { World } from './world/world.js';

export interface SandboxOptions {
  /** The world fixture; default: the rich built-in world (see fixtures/default-world.ts). */
  world?: WorldData;
  /** The account's QQ number; re-numbers the world's account (default: the fixture's, 10001). */
  selfId?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Listen port; default 5700, 0 = any free port. */
  port?: number;
  /** access_token: required on every API and control request when set. */
  accessToken?: string;
  /** secret: signs event posts with X-Signature. */
  secret?: string;
  /** post_url: where events are POSTed; none = no HTTP reporting. */
  postUrl?: string;
  /** Milliseconds to wait for a POST answer; 0 = no limit (CQHTTP default). Default 0. */
  postTimeout?: number;
  /** post_message_format; default string. */
  postMessageFormat?: MessageFormat;
  /** enable_rate_limited_actions; default false. */
  enableRateLimitedActions?: boolean;
  /** rate_limit_interval in ms; default 500. */
  rateLimitInterval?: number;
  /** Heartbeat meta events: true = every 15000 ms, or `{ interval }`. Default off. */
  heartbeat?: boolean | { interval: number };
  /** enable_cors; default false. */
  cors?: boolean;
  /** serve_data_files: `GET /data/<image|record|show|bface>/<file>`; default false (404). */
  serveDataFiles?: boolean;
  /** Time source and timers; default the real clock. Tests pass a ManualClock. */
  clock?: Clock;
  /** Maximum request body in bytes; default 1 MiB. */
  bodyLimit?: number;
  /**
   * Listening on a loopback address without a token, only loopback host names (and origins) are
   * served, against DNS rebinding: list other names to accept here, or `true` for any.
   */
  allowedHosts?: string[] | true;
  /** Where warnings go (post failures, handler bugs); default nowhere. */
  logger?: Logger;
}

export class Sandbox {
  readonly world: World;
  readonly clock: Clock;
  /** The event fan-out: `subscribe` for WS-like channels, `observe` to watch everything. */
  readonly events: EventHub;
  /** The action core shared by every transport. */
  readonly actions: ActionServer;
  /** The chat transcript shared by the web chat and the terminal chat (watching while started). */
  readonly chatFeed: ChatFeed;
  /** Every action executed, in order (bounded to the last 1000). */
  readonly actionLog: ExecutedAction[] = [];
  private readonly box: Outbox;
  private readonly state: SandboxState;
  private server: Server | undefined;
  private heartbeatTimer: TimerHandle | undefined;
  private address: { host: string; port: number } | undefined;
  private readonly log: Logger;

  constructor(readonly options: SandboxOptions = {}) {
    checkSandboxOptions(options);
    this.clock = options.clock ?? realClock();
    const log: Logger = options.logger ?? (() => undefined);
    const fixture = options.selfId === undefined ? options.world : withSelfId(checkWorldShape(options.world ?? defaultWorld()), options.selfId);
    this.world = new World(fixture, this.clock);
    this.events = new EventHub(() => (options.postMessageFormat === 'array' ? 'array' : 'string'), (m) => log('warn', m));
    this.box = new Outbox(this.clock);
    this.state = new SandboxState(this.world, this.clock, this.events, this.box, () => (options.postMessageFormat === 'array' ? 'array' : 'string'), log);
    this.actions = new ActionServer(this.state, actionHandlers, {
      rateLimited: options.enableRateLimitedActions ?? false,
      rateLimitInterval: options.rateLimitInterval ?? 500,
      clock: this.clock,
    });
    this.actions.onExecuted((executed) => {
      this.actionLog.push(executed);
      if (this.actionLog.length > 1000) this.actionLog.shift();
    });
    this.log = log;
    this.chatFeed = new ChatFeed(this);
    this.setPostUrl(options.postUrl);
  }

  /**
   * Where events are POSTed (CQHTTP's post_url); undefined or '' stops posting. Can change while
   * running, so a bot and the sandbox can both bind free ports and be introduced afterwards.
   */
  setPostUrl(postUrl: string | undefined): void {
    if (!postUrl) {
      this.events.setHttpChannel(undefined);
      return;
    }
    if (!isPostableUrl(postUrl)) {
      this.log('warn', `post_url ${redactUrl(postUrl)} does not start with http:// or https://; events are not posted`);
      this.events.setHttpChannel(undefined);
      return;
    }
    this.events.setHttpChannel((event, json) => this.postToUrl(postUrl, event, json));
  }

  /** Run an action as a transport would: `{ found: false }` for an unknown name, else the envelope. */
  executeAction(action: string, params: RawParams = {}, origin: CallOrigin = 'internal'): Promise<ActionOutcome> {
    return this.actions.execute(action, params, origin);
  }

  /** Called after every executed action; returns an unsubscribe function. */
  onAction(listener: (executed: ExecutedAction) => void): () => void {
    return this.actions.onExecuted(listener);
  }

  /** Publish any event (already shaped like the catalogue) to the channels. */
  emitEvent(event: CQEvent, options?: PublishOptions): Promise<void> {
    return this.events.publish(event, options);
  }

  /** Every message the bot sent so far. */
  get outbox(): readonly OutboxEntry[] {
    return this.box.entries;
  }

  /** The next bot message not yet returned by this method (waits up to `timeout` ms, default 5000). */
  nextBotMessage(options?: { timeout?: number }): Promise<OutboxEntry> {
    return this.box.next(options);
  }

  /** Called with each message the bot sends. */
  onBotMessage(listener: (entry: OutboxEntry) => void): () => void {
    return this.box.subscribe(listener);
  }

  clearOutbox(): void {
    this.box.clear();
  }

  /** Back to the initial world (or load `world`), empty outbox and action log. */
  reset(world?: WorldData): void {
    this.world.reset(world);
    this.box.clear();
    this.actionLog.length = 0;
  }

  /** Resolves once every queued event was delivered and every accepted `_async` call ran. */
  async settled(): Promise<void> {
    // Events can trigger quick operations that queue more events or calls: wait until both are quiet.
    for (let round = 0; round < 100; round++) {
      await this.actions.asyncIdle();
      await this.events.idle();
      if (!this.actions.asyncBusy && !this.events.busy) return;
    }
  }

  // --- simulated people -------------------------------------------------------------------------
  say(options: inject.SayOptions): number {
    return inject.say(this.state, options);
  }
  join(options: inject.JoinOptions): void {
    inject.join(this.state, options);
  }
  leave(options: inject.LeaveOptions): void {
    inject.leave(this.state, options);
  }
  ban(options: inject.BanOptions): void {
    inject.ban(this.state, options);
  }
  upload(options: inject.UploadOptions): string {
    return inject.upload(this.state, options);
  }
  poke(options: inject.PokeOptions): void {
    inject.poke(this.state, options);
  }
  recall(options: { message_id: number; operator?: number }): void {
    inject.recall(this.state, options);
  }
  friendRequest(options: { user: number; comment?: string }): string {
    return inject.friendRequest(this.state, options);
  }
  groupRequest(options: { group: number; user: number; subType?: 'add' | 'invite'; comment?: string }): string {
    return inject.groupRequest(this.state, options);
  }
  honor(options: { group: number; user: number; type: 'talkative' | 'performer' | 'emotion' }): void {
    inject.honor(this.state, options);
  }
  luckyKing(options: { group: number; sender: number; winner: number }): void {
    inject.luckyKing(this.state, options);
  }
  offlineFile(options: { user: number; name: string; size?: number }): void {
    inject.offlineFile(this.state, options);
  }
  clientStatus(options: { online: boolean; device_name?: string; device_kind?: string; app_id?: number }): void {
    inject.clientStatus(this.state, options);
  }
  /** A lifecycle meta event (enable/disable go to HTTP POST only, connect to WebSocket channels only). */
  lifecycle(subType: 'enable' | 'disable' | 'connect'): Promise<void> {
    return this.emitEvent(
      { ...this.state.eventBase(), post_type: 'meta_event', meta_event_type: 'lifecycle', sub_type: subType },
      { channels: subType === 'connect' ? ['ws'] : ['http'] },
    );
  }
  /** One heartbeat meta event now. */
  heartbeatNow(): Promise<void> {
    return this.emitEvent({
      ...this.state.eventBase(),
      post_type: 'meta_event',
      meta_event_type: 'heartbeat',
      status: statusOf(this.state),
      interval: this.heartbeatInterval(),
    });
  }

  // --- server ----------------------------------------------------------------------------------
  /** The underlying node http.Server while started (WebSocket upgrades attach here). */
  get httpServer(): Server | undefined {
    return this.server;
  }

  /** `http://host:port` while started. */
  get url(): string {
    if (!this.address) throw new SandboxUsageError('the sandbox is not started');
    return `http://${this.address.host.includes(':') ? `[${this.address.host}]` : this.address.host}:${this.address.port}`;
  }

  async start(): Promise<{ url: string }> {
    if (this.server) return { url: this.url };
    const host = this.options.host ?? '127.0.0.1';
    const handler = createApiHandler({
      accessToken: this.options.accessToken,
      hostCheck: createHostCheck({
        listenHost: host,
        accessToken: this.options.accessToken,
        allowedHosts: this.options.allowedHosts,
        anyOrigin: this.options.cors ?? false,
      }),
      cors: this.options.cors ?? false,
      bodyLimit: this.options.bodyLimit ?? 1024 * 1024,
      execute: (action, params) => this.actions.execute(action, params, 'http'),
      control: createControlHandler(this),
      dataFiles: this.options.serveDataFiles ? (path) => lookupDataFile(this.world.data, path) : undefined,
    });
    const server = createServer(handler);
    // Unparsable HTTP: answer 400 when the socket can still take it, then close (never throw).
    server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 5700, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.address = { host, port: (server.address() as AddressInfo).port };
    this.chatFeed.keepWatching(true);
    void this.lifecycle('enable');
    this.scheduleHeartbeat();
    return { url: this.url };
  }

  async stop(): Promise<void> {
    if (this.heartbeatTimer) this.clock.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    const server = this.server;
    if (!server) return;
    this.chatFeed.keepWatching(false);
    await this.lifecycle('disable');
    this.server = undefined;
    this.address = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private heartbeatInterval(): number {
    const hb = this.options.heartbeat;
    return typeof hb === 'object' && hb.interval > 0 ? hb.interval : 15_000;
  }

  private scheduleHeartbeat(): void {
    if (!this.options.heartbeat) return;
    this.heartbeatTimer = this.clock.setTimeout(() => {
      if (!this.server) return;
      void this.heartbeatNow();
      this.scheduleHeartbeat();
    }, this.heartbeatInterval());
  }

  private async postToUrl(url: string, event: CQEvent, json: string): Promise<void> {
    let result: Awaited<ReturnType<typeof postEvent>>;
    try {
      result = await postEvent(
        { url, secret: this.options.secret, selfId: () => this.world.selfId, timeout: this.options.postTimeout ?? 0, clock: this.clock },
        json,
      );
    } catch (error) {
      this.state.log('warn', `posting ${event.post_type} event to ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (result.status < 200 || result.status >= 300) {
      this.state.log('warn', `post_url answered HTTP ${result.status}; ignored`);
      return;
    }
    if (result.operation) {
      await applyQuickOperation(
        (action, params) => this.actions.execute(action, params, 'quick_operation'),
        event as unknown as Record<string, unknown>,
        result.operation,
      );
    }
  }
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  return new Sandbox(options);
}
