/** The sandbox's WebSocket side (forward server and reverse client), as @cqkit/sandbox exports it. */
export { connectReverse, createWsServer, type ReverseClientOptions, ReverseWsClient, SandboxWsServer } from '@cqkit/sandbox';
