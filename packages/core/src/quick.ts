/**
 * The quick reply, in one module: the collector a session writes into while the window of an event
 * is open (the first reply and the kick/ban/delete/approve helpers go into the operation; once the
 * window closes, everything goes through actions), and the window itself (all windows on one timer, ./deadlines.ts).
 */
import type { QuickOperation } from '@cqkit/protocol';
import type { QuickReply } from './adapter.js';
import type { DeadlineEntry, DeadlineSet } from './deadlines.js';

const nothing: QuickReply = Object.freeze({ operation: null, late: false });
const nothingInTime: QuickReply = Object.freeze({ operation: null, late: true });

function replyOf(operation: Record<string, unknown> | null, late: boolean): QuickReply {
  if (operation === null) return late ? nothingInTime : nothing;
  return { operation: operation as QuickOperation, late };
}

/**
 * Resolves when `handling` is done or `window` ms have passed, whichever comes first, with what the
 * handlers put into `quick` by then; the collector is closed at that moment, so a later reply goes
 * out as an action and never as a late quick operation. The windows of all events share one timer
 * (`windows`).
 */
export function quickWindow(quick: QuickCollector, handling: Promise<unknown>, window: number, windows: DeadlineSet<QuickCollector>): Promise<QuickReply> {
  return new Promise((resolve) => {
    quick.settle = resolve;
    quick.deadline = windows.now() + window;
    windows.add(quick);
    quick.windows = windows;
    handling.then(() => quick.finish(false));
  });
}

/** The reply of an event whose handlers were done at once: no window, no timer, nothing to wait for. */
export function quickReplyNow(quick: QuickCollector): Promise<QuickReply> {
  return Promise.resolve(replyOf(quick.close(), false));
}

export class QuickCollector implements DeadlineEntry {
  readonly operation: Record<string, unknown> = {};
  private open = true;
  private replied = false;
  /** Made only when a send waits for the window to close. */
  private closedPromise: Promise<void> | undefined;
  private resolveClosed: (() => void) | undefined;
  /** @internal The window's resolver and deadline, set by quickWindow. */
  settle: ((reply: QuickReply) => void) | undefined;
  deadline = Number.POSITIVE_INFINITY;
  windows: DeadlineSet<QuickCollector> | undefined;
  prevEntry: DeadlineEntry | null = null;
  nextEntry: DeadlineEntry | null = null;

  get isOpen(): boolean {
    return this.open;
  }

  /** Resolves when the window has closed (later sends wait for it, to stay behind the quick reply). */
  get closed(): Promise<void> {
    if (!this.open) return Promise.resolve();
    this.closedPromise ??= new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    return this.closedPromise;
  }

  /** The window ran out before the handlers were done. */
  expire(): void {
    this.finish(true);
  }

  /** @internal Ends the window (handlers done, or `late`): resolves it once with what was collected. */
  finish(late: boolean): void {
    const settle = this.settle;
    if (settle === undefined) return;
    this.settle = undefined;
    this.windows?.remove(this);
    settle(replyOf(this.close(), late));
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
      this.resolveClosed?.();
    }
    for (const _ in this.operation) return this.operation;
    return null;
  }
}
