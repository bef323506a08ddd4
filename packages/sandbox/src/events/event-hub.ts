/**
 * The event fan-out. Every event the world produces goes through `publish`, which delivers events one
 * at a time in order (CQHTTP runs its channels per event: HTTP POST first, waiting for its quick
 * operation, then the WebSocket channels). Channels attach with `subscribe`; observers (tests, the
 * terminal chat) see every event with `observe`.
 */
import type { CQEvent, Segment } from '@cqkit/protocol';
import { writeCQString } from '../wire/cq-code.js';

export type EventChannel = 'http' | 'ws';
export type MessageFormat = 'string' | 'array';

/** What a channel receives: the event in the configured message format, and its compact JSON. */
export type EventListener = (event: CQEvent, json: string) => void | Promise<void>;

export interface PublishOptions {
  /**
   * Channels that get the event. Default both. Lifecycle enable/disable are HTTP-only, lifecycle
   * connect is WebSocket-only (transport.md 5).
   */
  channels?: readonly EventChannel[];
}

export class EventHub {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private httpChannel: EventListener | undefined;
  private readonly subscribers = new Set<EventListener>();
  private readonly observers = new Set<EventListener>();

  constructor(
    private readonly format: () => MessageFormat,
    private readonly onError: (message: string) => void,
  ) {}

  /** The HTTP POST channel (one at most); it runs before the others and is awaited. */
  setHttpChannel(channel: EventListener | undefined): void {
    this.httpChannel = channel;
  }

  /** A WebSocket-like channel: gets every event meant for WS channels. Returns an unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  /** Sees every event whatever its channels (after the channels ran). */
  observe(listener: EventListener): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  /** Queue an event; resolves once every channel had it. Never rejects. */
  publish(event: CQEvent, options: PublishOptions = {}): Promise<void> {
    const channels = options.channels ?? ['http', 'ws'];
    this.pending += 1;
    const run = this.tail.then(() => this.deliver(event, channels)).finally(() => {
      this.pending -= 1;
    });
    this.tail = run;
    return run;
  }

  /** Resolves when no event is waiting, including events published while waiting (bounded). */
  async idle(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      const tail = this.tail;
      await tail;
      if (tail === this.tail) return;
    }
  }

  /** True while events are queued or being delivered. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** The event as channels see it: `message` as a CQ string or a segment array. */
  formatEvent(event: CQEvent): CQEvent {
    if (event.post_type !== 'message') return event;
    const segments = event.message as Segment[] | string;
    if (this.format() === 'array') {
      return { ...event, message: typeof segments === 'string' ? segments : segments.map((s) => ({ type: s.type, data: { ...s.data } })) };
    }
    return { ...event, message: typeof segments === 'string' ? segments : writeCQString(segments) };
  }

  private async deliver(event: CQEvent, channels: readonly EventChannel[]): Promise<void> {
    const formatted = this.formatEvent(event);
    const json = JSON.stringify(formatted);
    if (channels.includes('http') && this.httpChannel) await this.call(this.httpChannel, formatted, json);
    if (channels.includes('ws')) for (const s of [...this.subscribers]) await this.call(s, formatted, json);
    for (const o of [...this.observers]) await this.call(o, formatted, json);
  }

  private async call(listener: EventListener, event: CQEvent, json: string): Promise<void> {
    try {
      await listener(event, json);
    } catch (error) {
      this.onError(`event listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
