/** The part of @cqkit/core's adapter contract this package uses, in one place. */
export type { Adapter, AdapterHost, Bot, BotTransport, CallReceiver, DispatchOptions, Logger, TransportCallOptions } from '@cqkit/core';
