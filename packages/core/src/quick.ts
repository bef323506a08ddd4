/**
 * The quick reply, in one module: the collector a session writes into while the window of an event
 * is open (the first reply and the kick/ban/delete/approve helpers go into the operation; once the
 * window closes, everything goes through actions), and the window itself, one timer per event.
 */
import type { QuickOperation } from '@cqkit/protocol';
import type { QuickReply } from './adapter.js';
import type { Clock } from './scheduler/clock.js';

const nothing: QuickReply = Object.freeze({ operation: null, late: false });
const nothingInTime: QuickReply = Object.freeze({ operation: null, late: true });

function replyOf(operation: Record<string, unknown> | null, late: boolean): QuickReply {
  if (operation === null) return late ? nothingInTime : nothing;
  return { operation: operation as QuickOperation, late };
}

/**
 * Resolves when `handling` is done or `window` ms have passed, whichever comes first, with what the
 * handlers put into `quick` by then; the collector is closed at that moment, so a later reply goes
 * out as an action and never as a late quick operation.
 */
export function quickWindow(quick: QuickCollector, handling: Promise<void>, window: number, clock: Clock): Promise<QuickReply> {
  // Inline callbacks only (no named closure per event); whichever comes second finds the
  // promise settled and the collector closed, both harmless.
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => resolve(replyOf(quick.close(), true)), window);
    handling.then(() => {
      clock.clearTimeout(timer);
      resolve(replyOf(quick.close(), false));
    });
  });
}

export class QuickCollector {
  readonly operation: Record<string, unknown> = {};
  private open = true;
  private replied = false;
  private readonly closedPromise: Promise<void>;
  private resolveClosed!: () => void;

  constructor() {
    this.closedPromise = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Resolves when the window has closed (later sends wait for it, to stay behind the quick reply). */
  get closed(): Promise<void> {
    return this.closedPromise;
  }

  /** Claim the reply slot; false when the window is closed or a reply was already taken. */
  takeReply(): boolean {
    if (!this.open || this.replied) return false;
    this.replied = true;
    return true;
  }

  get hasReply(): boolean {
    return this.replied;
  }

  /** Set keys when still open; false when closed (the caller falls back to an action). */
  set(fields: Record<string, unknown>): boolean {
    if (!this.open) return false;
    Object.assign(this.operation, fields);
    return true;
  }

  close(): Record<string, unknown> | null {
    if (this.open) {
      this.open = false;
      this.resolveClosed();
    }
    for (const _ in this.operation) return this.operation;
    return null;
  }
}
