/**
 * The part of @cqkit/core's adapter contract this package uses.
 * TEMPORARY local mirror of the brief's contract until @cqkit/core exports it; replaced by a
 * re-export from '@cqkit/core' as soon as that lands.
 */
import type { CQEvent, QuickOperation } from '@cqkit/protocol';

export interface TransportCallOptions {
  timeout: number;
  signal?: AbortSignal;
  idempotent: boolean;
}

export interface BotTransport {
  call(action: string, params: Record<string, unknown>, options: TransportCallOptions): Promise<unknown>;
}

export interface DispatchOptions {
  quickWindow?: number;
}

/** Only the plain-message form is used, which both pino and console-style loggers accept. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Bot {
  readonly selfId: number;
}

export interface AdapterHost {
  addBot(selfId: number, transport: BotTransport): Bot;
  removeBot(selfId: number): void;
  dispatch(event: CQEvent, options?: DispatchOptions): Promise<QuickOperation | null>;
  readonly logger: Logger;
}

export interface Adapter {
  readonly name: string;
  start(host: AdapterHost): Promise<void>;
  stop(): Promise<void>;
}
