// A WebSocket client that no one here wrote: go-cqwebsocket (npm), a bot SDK for go-cqhttp's forward
// WebSocket. It connects to `${baseUrl}/api` and `${baseUrl}/event` with `?access_token=` (and an
// `access_token` header), matches answers by its own echo, and treats retcode <= 1 as success
// (node_modules/go-cqwebsocket/out/CQWebsocket.js, connect/send/_onmessage). It talks here to the
// sandbox's WebSocket server, side by side with our adapter on the same server.
import { ManualClock } from '@cqkit/sandbox';
import { CQWebSocket } from 'go-cqwebsocket';
import { afterEach, describe, expect, it } from 'vitest';
import { wsAdapter } from '../src/index.js';
import { ALICE, pingApp, SELF, startApp, startSandboxWs, until } from './helpers/setup.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Opened {
  client: CQWebSocket;
  events: Record<string, unknown>[];
}

/** Connects go-cqwebsocket; resolves when both of its connections are open. */
async function openThirdParty(baseUrl: string, accessToken = ''): Promise<Opened> {
  const client = new CQWebSocket({ baseUrl, accessToken });
  // Its default logger is the console; keep test output clean.
  client.logger = { ...console, debug: () => undefined, warn: () => undefined, error: () => undefined } as Console;
  const events: Record<string, unknown>[] = [];
  let api = false;
  let event = false;
  client.on('socket.open', () => {
    api = true;
  });
  client.on('socket.openEvent', () => {
    event = true;
  });
  client.on('message.private', (e) => {
    events.push(e.context as unknown as Record<string, unknown>);
  });
  client.on('meta_event.lifecycle', (e) => {
    events.push(e.context as unknown as Record<string, unknown>);
  });
  client.connect();
  cleanups.push(() => client.disconnect());
  await until(() => api && event, 'go-cqwebsocket connected');
  return { client, events };
}

describe('go-cqwebsocket against the sandbox WebSocket server', () => {
  it('calls actions and gets their data; failures come back as the envelope with its retcode', async () => {
    const { sandbox, server, url } = await startSandboxWs();
    cleanups.push(() => sandbox.stop(), () => server.close());
    const { client } = await openThirdParty(url);
    expect(await client.get_login_info()).toMatchObject({ user_id: SELF });
    const sent = (await client.send_private_msg(ALICE, 'hello from go-cqwebsocket')) as { message_id: number };
    expect(sent.message_id).toEqual(expect.any(Number));
    expect(sandbox.outbox.at(-1)).toMatchObject({ text: 'hello from go-cqwebsocket', user_id: ALICE, origin: 'ws' });
    // Its typings list only the actions it knows; an unknown one is the point here.
    const sendAny = client.send.bind(client) as (method: string, params: object) => Promise<unknown>;
    await expect(sendAny('no_such_action', {})).rejects.toMatchObject({ status: 'failed', retcode: 1404 });
    await expect(client.send('get_group_info', { group_id: 99999 })).rejects.toMatchObject({ status: 'failed' });
  });

  it('receives the lifecycle connect and message events', async () => {
    const { sandbox, server, url } = await startSandboxWs();
    cleanups.push(() => sandbox.stop(), () => server.close());
    const { events } = await openThirdParty(url);
    await until(() => events.some((e) => e.meta_event_type === 'lifecycle' && e.sub_type === 'connect'), 'the connect event');
    sandbox.say({ user: ALICE, text: 'hi there' });
    await until(() => events.some((e) => e.post_type === 'message'), 'the message event');
    expect(events.find((e) => e.post_type === 'message')).toMatchObject({ message_type: 'private', user_id: ALICE, raw_message: 'hi there' });
  });

  it('is refused with a wrong token and accepted with the right one (query token)', async () => {
    const { sandbox, server, url } = await startSandboxWs({ accessToken: 'sekrit' });
    cleanups.push(() => sandbox.stop(), () => server.close());
    const wrong = new CQWebSocket({ baseUrl: url, accessToken: 'nope' });
    const errors: unknown[] = [];
    wrong.on('socket.error', (e) => {
      errors.push(e.context);
    });
    wrong.connect();
    cleanups.push(() => wrong.disconnect());
    await until(() => errors.length > 0, 'the refusal');
    const { client } = await openThirdParty(url, 'sekrit');
    expect(await client.get_status()).toMatchObject({ online: true });
  });

  it('shares the server with our adapter: both see the same event, both can send', async () => {
    const clock = new ManualClock();
    const { sandbox, server, url } = await startSandboxWs({}, clock);
    cleanups.push(() => sandbox.stop(), () => server.close());
    const { events, client } = await openThirdParty(url);
    const { app, seen } = pingApp();
    cleanups.push(() => app.stop({ deadline: 100 }));
    await startApp(app, wsAdapter({ bots: [{ url }], timers: clock }));
    sandbox.say({ user: ALICE, text: 'ping' });
    await until(() => sandbox.outbox.some((e) => e.text === 'pong'), 'our pong');
    await until(() => events.some((e) => e.raw_message === 'ping'), 'their copy of the event');
    expect(seen.messages).toBe(1);
    await client.send_private_msg(ALICE, 'theirs');
    expect(sandbox.outbox.map((e) => e.text)).toEqual(['pong', 'theirs']);
  });
});
