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

/** The middleware in order; the array is replaced on change, never rebuilt per event. */
export class MiddlewareChain extends RegistrationList<MiddlewareEntry> {
  /**
   * Run the chain for `session`, then `terminal` if every middleware called next.
   * A middleware that throws is reported and skipped, so other plugins still see the event.
   */
  run(session: Session, terminal: () => Promise<void>, report: (plugin: string, error: unknown) => void): Promise<void> {
    const list = this.items;
    if (list.length === 0) return terminal();
    let index = 0;
    const next = async (): Promise<void> => {
      while (index < list.length) {
        const entry = list[index++]!;
        if (entry.filter !== null && !entry.filter(session)) continue;
        let called = false;
        const guarded: Next = () => {
          if (called) return Promise.resolve();
          called = true;
          return next();
        };
        try {
          await entry.fn(session, guarded);
        } catch (error) {
          report(entry.plugin, error);
          if (!called) return next();
        }
        return;
      }
      return terminal();
    };
    return next();
  }
}
