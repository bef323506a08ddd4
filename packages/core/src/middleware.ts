/** The middleware chain: `(session, next) => …`; not calling next stops the chain. */
import { RegistrationList } from './registration-list.js';
import type { Session } from './session.js';
import type { Awaitable } from './types.js';

export type Next = () => Promise<void>;
export type Middleware = (session: Session, next: Next) => Awaitable<void>;

export interface MiddlewareEntry {
  fn: Middleware;
  plugin: string;
  filter: ((session: Session) => boolean) | null;
}

/** What the chain hands over to: the end of the chain, and where a middleware's exception goes. */
export interface ChainHost {
  /** The last step; undefined when it was done at once. */
  terminal(session: Session): Promise<void> | undefined;
  middlewareFailed(plugin: string, error: unknown, session: Session): void;
}

/** The middleware in order; the array is replaced on change, never rebuilt per event. */
export class MiddlewareChain extends RegistrationList<MiddlewareEntry> {
  /**
   * Run the chain for `session`, then the host's terminal if every middleware called next.
   * A middleware that throws is reported and skipped, so other plugins still see the event.
   */
  run(session: Session, host: ChainHost): Promise<void> | undefined {
    const list = this.items;
    if (list.length === 0) return host.terminal(session);
    return new ChainRun(list, session, host).from(0);
  }
}

/** One event's walk down the chain (an object, not nested named closures: this runs per event). */
class ChainRun {
  constructor(
    private readonly list: readonly MiddlewareEntry[],
    private readonly session: Session,
    private readonly host: ChainHost,
  ) {}

  async from(start: number): Promise<void> {
    const list = this.list;
    const session = this.session;
    for (let i = start; i < list.length; i++) {
      const entry = list[i]!;
      if (entry.filter !== null && !entry.filter(session)) continue;
      // next() runs the rest once, however often a middleware calls it.
      let called = false;
      try {
        await entry.fn(session, () => {
          if (called) return Promise.resolve();
          called = true;
          return this.from(i + 1);
        });
      } catch (error) {
        this.host.middlewareFailed(entry.plugin, error, session);
        if (!called) return this.from(i + 1);
      }
      return;
    }
    return this.host.terminal(session);
  }
}
