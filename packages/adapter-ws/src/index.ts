export { ActionChannel, type ActionChannelOptions, type FrameSink } from './action-channel.js';
export { backoffDelay, defaultReconnectPolicy, type ReconnectPolicy } from './backoff.js';
export { type WsAdapter, type WsBotStatus, wsAdapter } from './forward-adapter.js';
export { dataFromEnvelope, type IncomingFrame, readFrame } from './frames.js';
export {
  type HeartbeatTimeout,
  type TokenScheme,
  WsAdapterConfigError,
  type WsAdapterOptions,
  type WsBotOptions,
  wsBotOptionKeys,
} from './options.js';
export { realTimers, type Timers } from './timers.js';
export { type ClientRole, checkHandshake, type HandshakeVerdict } from './handshake.js';
export { type WsReverseAdapter, type WsReverseAdapterOptions, type WsReverseBotStatus, wsReverseAdapter } from './reverse-adapter.js';
