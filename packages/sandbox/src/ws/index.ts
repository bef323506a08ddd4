export { answerActionFrame, type ExecuteAction } from './action-frames.js';
export type { Peer, WsRole } from './peer.js';
export { connectReverse, type ReverseClientOptions, ReverseWsClient } from './reverse-client.js';
export { createWsServer, SandboxWsServer, type WsServerOptions } from './ws-server.js';
