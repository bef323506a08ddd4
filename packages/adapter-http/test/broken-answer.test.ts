/** A send whose connection breaks after the answer began: the error must say it may have been delivered. */
import { afterEach, expect, it } from 'vitest';
import { HttpApiClient } from '../src/http-client.js';
import { defaultRetryPolicy } from '../src/retry.js';
import { realTimers } from '../src/timers.js';
import { startScriptedServer } from './helpers/scripted-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('a connection that breaks after the answer headers says the send may have been delivered', async () => {
  const server = await startScriptedServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    response.write('{"status":"ok",');
    // Headers and part of the body are out: the server has taken the call. Then the line drops.
    setImmediate(() => response.socket?.destroy());
  });
  cleanups.push(server.close);
  const client = new HttpApiClient({ endpoint: server.url, retry: defaultRetryPolicy, timers: realTimers });
  cleanups.push(() => client.close());
  const error = await client.call('send_private_msg', { user_id: 1, message: 'hi' }, { timeout: 5000, idempotent: false }).catch((e: unknown) => e);
  expect(error).toMatchObject({ kind: 'unreachable', httpStatus: 200 });
  const message = (error as Error).message;
  expect(message).not.toContain('before an answer arrived');
  expect(message).toContain('may have delivered it');
  expect(message).toContain('not re-sent');
  expect(server.seen).toHaveLength(1);
});
