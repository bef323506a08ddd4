/** Event gates: checked before listeners, middleware and commands; any false drops the event. */
import type { Session } from './session.js';

export interface Gate {
  gate: (session: Session) => boolean;
  plugin: string;
}
