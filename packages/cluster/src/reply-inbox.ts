/**
 * A worker's answers: gateways XADD each call's outcome to the worker's reply stream; one blocking
 * reader hands them to the calls waiting here, by request id.
 */
import { ActionError } from '@cqkit/protocol';
import type { Redis } from 'ioredis';
import type { Logger } from '@cqkit/core';
import { errorText } from './errors.js';
import { type Outcome, parseOutcome } from './outcome.js';

interface Waiting {
  action: string;
  /** A send: it is in the outbox, and goes out whether this worker waits for it or not. */
  send: boolean;
  resolve: (outcome: Outcome) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class ReplyInbox {
  private readonly waiting = new Map<string, Waiting>();
  private nextId = 1;
  private lastId = '0';
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    /** A connection of its own: it spends its time blocked in XREAD. */
    private readonly blocking: Redis,
    readonly stream: string,
    private readonly logger: Logger,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  start(): void {
    this.running = true;
    this.loop = this.read();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const [id, w] of this.waiting) {
      clearTimeout(w.timer);
      const after = w.send ? '; the send is in the outbox and goes out once' : '';
      w.reject(new ActionError({ action: w.action, kind: 'timeout', message: `${w.action}: the worker stopped before the gateway answered${after}` }));
      this.waiting.delete(id);
    }
    this.blocking.disconnect();
    await this.loop?.catch(() => undefined);
  }

  /** A new request id and the promise of its answer; `onTimeout` builds the error when none comes in time. */
  expect(action: string, send: boolean, timeout: number, onTimeout: () => ActionError): { requestId: string; answer: Promise<Outcome>; fail: (error: Error) => void } {
    const requestId = String(this.nextId++);
    let fail!: (error: Error) => void;
    const answer = new Promise<Outcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(requestId);
        reject(onTimeout());
      }, timeout);
      timer.unref();
      this.waiting.set(requestId, { action, send, resolve, reject, timer });
      fail = (error) => {
        if (!this.waiting.delete(requestId)) return;
        clearTimeout(timer);
        reject(error);
      };
    });
    return { requestId, answer, fail };
  }

  /** Settle a request with an outcome already known (a send whose result was stored before). */
  deliver(requestId: string, text: string): void {
    const w = this.waiting.get(requestId);
    if (!w) return;
    this.waiting.delete(requestId);
    clearTimeout(w.timer);
    try {
      w.resolve(parseOutcome(text));
    } catch (error) {
      w.reject(error as Error);
    }
  }

  private async read(): Promise<void> {
    while (this.running) {
      let result: Array<[string, Array<[string, string[]]>]> | null;
      try {
        result = (await this.blocking.xread('COUNT', 512, 'BLOCK', 1000, 'STREAMS', this.stream, this.lastId)) as typeof result;
      } catch (error) {
        if (!this.running) return;
        this.logger.warn(`cluster: reading replies failed (${errorText(error)}); retrying`);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (!result) continue;
      for (const [, entries] of result) {
        for (const [id, fields] of entries) {
          this.lastId = id;
          // Fields are written as r, <request id>, v, <outcome>.
          if (fields[0] === 'r' && fields[2] === 'v') this.deliver(fields[1]!, fields[3]!);
        }
      }
    }
  }
}
