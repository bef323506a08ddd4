/**
 * The baseline: the least a bot can do. It parses each event and answers a group `/echo <text>`:
 * over HTTP in the POST response (quick operation) or by calling send_group_msg on a keep-alive
 * agent (bare node:http); over WebSocket with an action frame on the same connection (the `ws`
 * package, which Node 20 has no built-in server for). No framework, no validation beyond what the
 * answer needs.
 */
import http from 'node:http';
import type { WebSocket } from 'ws';
import { echoPayload, readBotEnv } from './bot-env.js';

const env = readBotEnv();

interface Incoming {
  post_type?: string;
  message_type?: string;
  group_id?: number;
  raw_message?: string;
  retcode?: number;
  echo?: unknown;
}

/** The echo text of a group `/echo` event, or null. */
function answerOf(event: Incoming): string | null {
  if (event.post_type !== 'message' || event.message_type !== 'group' || typeof event.raw_message !== 'string') return null;
  return echoPayload(event.raw_message);
}

function startHttp(): () => void {
  const api = new URL(env.apiUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const callApi = (action: string, params: object): void => {
    const body = JSON.stringify(params);
    const request = http.request(
      {
        agent,
        host: api.hostname,
        port: api.port,
        method: 'POST',
        path: `/${action}`,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => {
          try {
            const envelope = JSON.parse(text) as Incoming;
            if (envelope.retcode !== 0) console.error(`baseline: ${action} answered retcode ${envelope.retcode}`);
          } catch {
            console.error(`baseline: ${action} answered something that is not JSON`);
          }
        });
      },
    );
    request.on('error', (error) => console.error(`baseline: ${action} failed: ${error.message}`));
    request.end(body);
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let event: Incoming;
      try {
        event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Incoming;
      } catch {
        response.writeHead(400).end();
        return;
      }
      const payload = answerOf(event);
      if (payload === null) {
        response.writeHead(204).end();
        return;
      }
      if (env.quickWindow > 0) {
        const body = JSON.stringify({ reply: payload, at_sender: false });
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
        return;
      }
      response.writeHead(204).end();
      callApi('send_group_msg', { group_id: event.group_id, message: payload });
    });
  });
  server.listen(env.port, '127.0.0.1');
  return () => {
    server.close();
    agent.destroy();
  };
}

/** One universal OneBot connection: events in, action frames out, answers to them in. */
function serveSocket(socket: WebSocket): void {
  let echo = 0;
  socket.on('message', (data: Buffer) => {
    let frame: Incoming;
    try {
      frame = JSON.parse(data.toString('utf8')) as Incoming;
    } catch {
      return;
    }
    if (frame.echo !== undefined) {
      if (frame.retcode !== 0) console.error(`baseline: an action answered retcode ${frame.retcode}`);
      return;
    }
    const payload = answerOf(frame);
    if (payload !== null) socket.send(JSON.stringify({ action: 'send_group_msg', params: { group_id: frame.group_id, message: payload }, echo: ++echo }));
  });
}

/** `ws` is imported only when a WebSocket transport is asked for, so the HTTP baseline stays bare. */
async function startWsForward(): Promise<() => void> {
  const { WebSocket } = await import('ws');
  const socket = new WebSocket(env.wsUrl, { headers: { 'X-Self-ID': String(env.selfId), 'X-Client-Role': 'Universal' } });
  serveSocket(socket);
  socket.on('error', (error) => console.error(`baseline: WebSocket error: ${error.message}`));
  return () => socket.terminate();
}

async function startWsReverse(): Promise<() => void> {
  const { WebSocketServer } = await import('ws');
  const server = new WebSocketServer({ host: '127.0.0.1', port: env.port });
  server.on('connection', serveSocket);
  return () => server.close();
}

const stop = env.transport === 'ws' ? await startWsForward() : env.transport === 'ws-reverse' ? await startWsReverse() : startHttp();

// Exit cleanly on the harness's SIGTERM, so a --cpu-prof profile gets written.
process.once('SIGTERM', () => {
  stop();
  process.exit(0);
});
