/** One loaded plugin instance: its scope of registrations, its logger, its place in the tree. */
import type { Logger } from './logger.js';
import type { Scope } from './scope.js';

export interface PluginRuntime {
  readonly name: string;
  readonly scope: Scope;
  readonly logger: Logger;
  readonly parent: PluginRuntime | null;
}
