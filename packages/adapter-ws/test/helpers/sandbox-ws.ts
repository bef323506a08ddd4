/**
 * The sandbox's WebSocket side. Imported by path until @cqkit/sandbox's index re-exports src/ws
 * (its index belongs to the sandbox's owner); switch this one line to '@cqkit/sandbox' then.
 */
export { connectReverse, createWsServer, type ReverseClientOptions, ReverseWsClient, SandboxWsServer } from '../../../sandbox/src/ws/index.js';
