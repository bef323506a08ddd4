/** Every message the account sends, in order, with a cursor for `nextBotMessage()`. */
import type { Segment } from '@cqkit/protocol';
import type { Clock } from './clock.js';
import { SandboxTimeoutError } from './events/inject/common.js';
import type { ChatType } from './world/types.js';

/** Who asked for a call: an API client (HTTP/WS), a quick operation, or the sandbox itself. */
export type CallOrigin = 'http' | 'ws' | 'quick_operation' | 'control' | 'internal';

export interface OutboxEntry {
  message_id: number;
  /** Milliseconds since the epoch (the sandbox clock). */
  time: number;
  message_type: ChatType;
  /** The chat: user_id (private), group_id or discuss_id. */
  target_id: number;
  user_id?: number;
  group_id?: number;
  discuss_id?: number;
  segments: Segment[];
  /** Only the text segments, joined. */
  text: string;
  /** The CQ-code string form. */
  raw_message: string;
  /** The action that sent it (send_msg, send_group_forward_msg, ...). */
  action: string;
  origin: CallOrigin;
}

interface Waiter {
  resolve: (entry: OutboxEntry) => void;
}

export class Outbox {
  readonly entries: OutboxEntry[] = [];
  private cursor = 0;
  private waiters: Waiter[] = [];
  private listeners = new Set<(entry: OutboxEntry) => void>();

  constructor(private readonly clock: Clock) {}

  add(entry: OutboxEntry): void {
    this.entries.push(entry);
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch {
        // an observer's bug must not break sending
      }
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      this.cursor += 1;
      waiter.resolve(entry);
    }
  }

  /** Called with each new entry; returns an unsubscribe function. */
  subscribe(listener: (entry: OutboxEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The first message not yet returned by an earlier call (so a message sent before the call is not
   * missed), or the next one to be sent; rejects after `timeout` ms of the sandbox clock.
   */
  next(options: { timeout?: number } = {}): Promise<OutboxEntry> {
    const ready = this.entries[this.cursor];
    if (ready && this.waiters.length === 0) {
      this.cursor += 1;
      return Promise.resolve(ready);
    }
    const timeout = options.timeout ?? 5000;
    return new Promise<OutboxEntry>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (entry) => {
          this.clock.clearTimeout(timer);
          resolve(entry);
        },
      };
      const timer = this.clock.setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new SandboxTimeoutError(`the bot sent no message within ${timeout} ms`));
      }, timeout);
      this.waiters.push(waiter);
    });
  }

  /** Forget everything (waiters keep waiting for the next message). */
  clear(): void {
    this.entries.length = 0;
    this.cursor = 0;
  }
}
