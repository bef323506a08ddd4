/**
 * The baseline: the least a bot can do in bare node:http. It parses each event, and answers a group
 * `echo <text>` either in the POST response (quick operation) or by calling send_group_msg on a
 * keep-alive agent. No framework, no validation beyond what the answer needs.
 */
import http from 'node:http';
import { echoPayload, readBotEnv } from './bot-env.js';

const env = readBotEnv();
const api = new URL(env.apiUrl);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface GroupEvent {
  post_type?: string;
  message_type?: string;
  group_id?: number;
  raw_message?: string;
}

function callApi(action: string, params: object): void {
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
          const envelope = JSON.parse(text) as { retcode?: number };
          if (envelope.retcode !== 0) console.error(`baseline: ${action} answered retcode ${envelope.retcode}`);
        } catch {
          console.error(`baseline: ${action} answered something that is not JSON`);
        }
      });
    },
  );
  request.on('error', (error) => console.error(`baseline: ${action} failed: ${error.message}`));
  request.end(body);
}

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    let event: GroupEvent;
    try {
      event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GroupEvent;
    } catch {
      response.writeHead(400).end();
      return;
    }
    const payload =
      event.post_type === 'message' && event.message_type === 'group' && typeof event.raw_message === 'string'
        ? echoPayload(event.raw_message)
        : null;
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

// Exit cleanly on the harness's SIGTERM, so a --cpu-prof profile gets written.
process.once('SIGTERM', () => {
  server.close();
  agent.destroy();
  process.exit(0);
});
