/** Exceptions thrown by plugins: logged once, counted per plugin, announced as `plugin/error`. */
import type { EventEmitter } from 'eventemitter3';
import type { Logger } from './logger.js';
import type { Session } from './session.js';
import { describeError } from './describe-error.js';

/** Where a part of the app sends a plugin's exception: plugin name, where it happened, the error. */
export type ReportError = (plugin: string, where: string, error: unknown, session?: Session) => void;

export class PluginErrors {
  count = 0;
  readonly byPlugin = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly bus: EventEmitter,
  ) {}

  /** Built once, so parts can be handed `report` without binding it per call. */
  readonly report: ReportError = (plugin, event, error, session) => {
    this.count++;
    this.byPlugin.set(plugin, (this.byPlugin.get(plugin) ?? 0) + 1);
    const message = describeError(error);
    this.logger.error(
      { plugin, event, err: error, ...(session ? { selfId: session.selfId, eventNames: session.names } : {}) },
      `plugin "${plugin}" failed in ${event}: ${message}`,
    );
    if (event !== 'plugin/error') this.bus.emit('plugin/error', { plugin, event, error });
  };
}
