/**
 * Collects a quick operation while the HTTP response window of an event is open.
 * The first reply and the kick/ban/delete/approve helpers go into the operation; once the window
 * closes, everything goes through actions.
 */
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
