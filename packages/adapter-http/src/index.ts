export { type HttpAdapter, httpAdapter } from './adapter.js';
export { dataFromAnswer, errorFromFailure, type HttpAnswer } from './envelope-mapping.js';
export { EventReceiver, type EventReceiverOptions, type PostAnswer, type ReceivedPost } from './event-receiver.js';
export { HttpApiClient, type HttpApiClientOptions, type TokenScheme } from './http-client.js';
export {
  HttpAdapterConfigError,
  type HttpAdapterOptions,
  type HttpBotOptions,
  httpBotOptionKeys,
  normalizeOptions,
  type ReceiverOptions,
  receiverLimitDefaults,
  receiverOptionKeys,
} from './options.js';
export { defaultRetryPolicy, isRetryable, type RetryPolicy, withRetry } from './retry.js';
export { checkSignature, type SignatureCheck, signBody } from './signature.js';
export { realTimers, type Timers } from './timers.js';
