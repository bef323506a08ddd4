/** Event gates: checked before listeners, middleware and commands; any false drops the event. */
import type { Session } from './session.js';
import type { Disposer } from './types.js';

export interface Gate {
  gate: (session: Session) => boolean;
  plugin: string;
}

export class GateList {
  private list: Gate[] = [];

  get size(): number {
    return this.list.length;
  }

  get gates(): readonly Gate[] {
    return this.list;
  }

  add(gate: Gate): Disposer {
    this.list = [...this.list, gate];
    return () => {
      this.list = this.list.filter((g) => g !== gate);
    };
  }
}
