// The web chat: the page, its token rules, the live transcript over Server-Sent Events with a bot
// answering over HTTP POST, and the HTML renderer's escaping.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { Segment } from '@cqkit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { defaultWorld, type Sandbox } from '../src/index.js';
import { ChatFeed } from '../src/web-chat/feed.js';
import { type ChatEntry, type ChatItem, placeKey } from '../src/web-chat/items.js';
import { chatScriptHash } from '../src/web-chat/page.js';
import { resumePoint } from '../src/web-chat/routes.js';
import { openEventStream } from '../src/web-chat/sse.js';
import { describeNotice } from '../src/web-chat/notices.js';
import { escapeHtml, type RenderLookup, renderItemHtml, segmentsToHtml } from '../src/web-chat/render.js';
import { type Answer, rawRequest, type Receiver, startReceiver, startSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
let receiver: Receiver | undefined;
const streams: SseClient[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await sandbox?.stop();
  await receiver?.close();
  sandbox = undefined;
  receiver = undefined;
});

interface SseEvent {
  event: string;
  id: string | undefined;
  data: string;
}

/** A Server-Sent Events reader over a plain node http request. */
interface SseClient {
  status: number;
  contentType: string | undefined;
  /** Resolves with the first event (from the start of the stream) after `after` that matches. */
  waitFor(match: (e: SseEvent) => boolean, timeout?: number): Promise<SseEvent>;
  events: SseEvent[];
  close(): void;
}

function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const fields = { event: 'message', id: undefined as string | undefined, data: [] as string[] };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const name = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (name === 'event') fields.event = value;
            else if (name === 'id') fields.id = value;
            else if (name === 'data') fields.data.push(value);
          }
          if (fields.data.length === 0) continue;
          const event: SseEvent = { event: fields.event, id: fields.id, data: fields.data.join('\n') };
          events.push(event);
          for (const w of waiters.filter((w) => w.match(event))) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(event);
          }
        }
      });
      res.on('error', () => undefined);
      const client: SseClient = {
        status: res.statusCode ?? 0,
        contentType: res.headers['content-type'],
        events,
        waitFor(match, timeout = 5000) {
          const seen = events.find(match);
          if (seen) return Promise.resolve(seen);
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching SSE event within ${timeout} ms; got ${JSON.stringify(events)}`)), timeout);
            waiters.push({
              match,
              resolve: (e) => {
                clearTimeout(timer);
                ok(e);
              },
            });
          });
        },
        close: () => req.destroy(),
      };
      streams.push(client);
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}

const itemOf = (e: SseEvent): ChatItem => (JSON.parse(e.data) as ChatEntry).item;
const entryOf = (e: SseEvent): ChatEntry => JSON.parse(e.data) as ChatEntry;
/** The default world's two stored messages open every transcript as its history (seq 1 and 2). */
const HISTORY = 2;
/** An item event after the history that matches. */
const isItem = (match: (item: ChatItem) => boolean) => (e: SseEvent) => e.event === 'item' && itemOf(e).seq > HISTORY && match(itemOf(e));
const liveItems = (sse: SseClient) => sse.events.filter((e) => e.event === 'item' && itemOf(e).seq > HISTORY);
const textOf = (item: ChatItem) => (item.kind === 'action' || item.kind === 'notice' ? item.text : item.segments.map((s) => (s.type === 'text' ? s.data.text : `[${s.type}]`)).join(''));

/** A tiny bot over HTTP POST: "ping" -> quick reply "pong"; "!kick" kicks; "!recall" recalls. */
const bot: Answer = (post) => {
  const e = post.event;
  if (e.post_type !== 'message') return undefined;
  const text = String(e.raw_message);
  if (text === 'ping') return { status: 200, body: JSON.stringify({ reply: 'pong' }) };
  if (text === '!kick') return { status: 200, body: JSON.stringify({ kick: true }) };
  if (text === '!recall') return { status: 200, body: JSON.stringify({ delete: true }) };
  if (text.startsWith('echo ')) return { status: 200, body: JSON.stringify({ reply: text.slice(5), auto_escape: true, at_sender: false }) };
  return { status: 204 };
};

async function say(body: Record<string, unknown>, token = 'tok') {
  const res = await rawRequest(`${sandbox!.url}/_sandbox/say`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: JSON.parse(res.body) as { ok: boolean; data?: { message_id: number }; error?: string } };
}

async function chatWithBot(answer: Answer = bot) {
  receiver = await startReceiver(answer);
  sandbox = await startSandbox({ accessToken: 'tok', postUrl: receiver.url });
  const sse = await openSse(`${sandbox.url}/_sandbox/chat/events?access_token=tok`);
  await sse.waitFor((e) => e.event === 'ready');
  return sse;
}

describe('web chat page', () => {
  it('is served as one self-contained HTML document with the form, under a strict CSP', async () => {
    sandbox = await startSandbox({ accessToken: 'tok' });
    const res = await rawRequest(`${sandbox.url}/_sandbox/chat?access_token=tok`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toMatch(/^<!doctype html>/);
    expect(res.body).toContain('<form id="composer"');
    expect(res.body).toContain('<select id="place"');
    expect(res.body).toContain('<select id="user"');
    expect(res.body).toContain("new EventSource('/_sandbox/chat/events'");
    // Nothing is loaded from elsewhere (this machine has no network, and neither need users).
    expect(res.body).not.toMatch(/(?:src|href)=["']?https?:/);
    expect(res.headers['content-security-policy']).toContain(`script-src '${chatScriptHash()}'`);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    // A trailing slash is the same page.
    expect((await rawRequest(`${sandbox.url}/_sandbox/chat/?access_token=tok`)).status).toBe(200);
  });

  it('follows the access-token rules of the control API on every web chat route', async () => {
    sandbox = await startSandbox({ accessToken: 'tok' });
    for (const path of ['/_sandbox/chat', '/_sandbox/chat/events', '/_sandbox/chat/directory']) {
      expect((await rawRequest(`${sandbox.url}${path}`)).status, path).toBe(401);
      expect((await rawRequest(`${sandbox.url}${path}?access_token=nope`)).status, path).toBe(403);
      expect((await rawRequest(`${sandbox.url}${path}`, { headers: { Authorization: 'Bearer nope' } })).status, path).toBe(403);
    }
    expect((await rawRequest(`${sandbox.url}/_sandbox/chat/directory`, { headers: { Authorization: 'Bearer tok' } })).status).toBe(200);
    const sse = await openSse(`${sandbox.url}/_sandbox/chat/events?access_token=tok`);
    expect(sse.status).toBe(200);
    expect(sse.contentType).toBe('text/event-stream; charset=utf-8');
    // The page keeps its own token in its requests: the query for EventSource, the header for fetch.
    const page = (await rawRequest(`${sandbox.url}/_sandbox/chat?access_token=tok`)).body;
    expect(page).toContain("params.get('access_token')");
    expect(page).toContain("'?access_token=' + encodeURIComponent(token)");
    expect(page).toContain("Authorization: 'Bearer ' + token");
  });

  it('answers unknown web chat routes with 404 and other methods with 405', async () => {
    sandbox = await startSandbox();
    const missing = await rawRequest(`${sandbox.url}/_sandbox/chat/nothing`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: 'no web chat route /chat/nothing' });
    const post = await rawRequest(`${sandbox.url}/_sandbox/chat`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
  });

  it('lists who can speak where: groups with their members, discuss groups, people (never the account)', async () => {
    sandbox = await startSandbox();
    const res = await rawRequest(`${sandbox.url}/_sandbox/chat/directory`);
    const dir = (JSON.parse(res.body) as { data: import('../src/web-chat/directory.js').ChatDirectory }).data;
    expect(dir.self).toEqual({ user_id: 10001, nickname: 'cqkit-bot' });
    const g3001 = dir.groups.find((g) => g.group_id === 3001)!;
    expect(g3001.group_name).toBe('cqkit dev');
    expect(g3001.members[0]).toMatchObject({ user_id: 2001, role: 'admin' });
    expect(g3001.members.find((m) => m.user_id === 2005)?.muted).toBe(true);
    expect(g3001.members.some((m) => m.user_id === 10001)).toBe(false);
    expect(dir.discusses).toEqual([{ discuss_id: 4001, discuss_name: expect.any(String), members: [expect.objectContaining({ user_id: 2001 }), expect.objectContaining({ user_id: 2002 })] }]);
    expect(dir.people.slice(0, 4).map((p) => [p.user_id, p.friend])).toEqual([
      [2001, true],
      [2002, true],
      [2003, true],
      [2007, true],
    ]);
    expect(dir.people.some((p) => p.user_id === 10001)).toBe(false);
  });
});

describe('web chat in the command line', () => {
  it('prints the web chat address next to the API, and the page answers there', async () => {
    let out = '';
    const stderr = new PassThrough();
    stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    const running = await runCli(['--port', '0', '--token', 'tok'], { stdin: new PassThrough(), stdout: new PassThrough(), stderr });
    try {
      const url = `${running!.sandbox.url}/_sandbox/chat`;
      expect(out).toContain(`  web chat at ${url}?access_token=<your token> (open it in a browser)`);
      expect((await rawRequest(`${url}?access_token=tok`)).status).toBe(200);
    } finally {
      await running?.stop();
    }
  });
});

describe('web chat live transcript (SSE)', () => {
  it("streams a user's message, then the bot's quick reply, rendered readably", async () => {
    const sse = await chatWithBot();
    const said = await say({ user: 2002, group: 3001, message: 'ping' });
    expect(said.status).toBe(200);
    const id = said.json.data!.message_id;

    const userEvent = await sse.waitFor(isItem((i) => i.kind === 'user'));
    const botEvent = await sse.waitFor(isItem((i) => i.kind === 'bot'));
    const user = itemOf(userEvent);
    const reply = itemOf(botEvent);
    expect(user).toMatchObject({ kind: 'user', message_id: id, user_id: 2002, sender: 'Bob', place: { type: 'group', id: 3001 }, where: 'group 3001 (cqkit dev)' });
    expect(textOf(user)).toBe('ping');
    expect(reply).toMatchObject({ kind: 'bot', sender: 'cqkit-bot', origin: 'quick_operation', place: { type: 'group', id: 3001 } });
    expect(textOf(reply)).toBe('[at] pong');
    // The message comes before its reply, though the event reaches observers only after the POST.
    expect(user.seq).toBeLessThan(reply.seq);
    const epoch = (JSON.parse(sse.events.find((e) => e.event === 'ready')!.data) as { epoch: string }).epoch;
    expect(epoch).toMatch(/^[0-9a-f]{12}$/);
    expect(userEvent.id).toBe(`${epoch}:${user.seq}`);
    expect(entryOf(botEvent).html).toContain('<span class="at">@Bob</span> pong');
    expect(entryOf(userEvent).html).toContain(`data-msg="${id}"`);
    expect(entryOf(userEvent).html).toContain('data-place="group:3001"');
  });

  it('shows private and discuss chats, and messages sent by other means (the sandbox API itself)', async () => {
    const sse = await chatWithBot();
    await say({ user: 2001, message: 'ping' });
    const privateReply = itemOf(await sse.waitFor(isItem((i) => i.kind === 'bot' && i.place?.type === 'private')));
    expect(privateReply).toMatchObject({ place: { type: 'private', id: 2001 }, where: 'private with Alice' });
    expect(textOf(privateReply)).toBe('pong');
    sandbox!.say({ user: 2002, discuss: 4001, text: 'echo hi <there>' });
    const discussReply = itemOf(await sse.waitFor(isItem((i) => i.kind === 'bot' && i.place?.type === 'discuss')));
    expect(textOf(discussReply)).toBe('hi <there>');
    const kinds = liveItems(sse).map((e) => `${itemOf(e).kind}:${itemOf(e).where}`);
    expect(kinds).toEqual(['user:private with Alice', 'bot:private with Alice', expect.stringMatching(/^user:discuss 4001/), expect.stringMatching(/^bot:discuss 4001/)]);
  });

  it("shows the bot's actions as readable lines: a kick, a recall (with the recalled id), a failure", async () => {
    const sse = await chatWithBot();
    await say({ user: 2004, group: 3001, message: '!kick' });
    const kick = itemOf(await sse.waitFor(isItem((i) => i.kind === 'action' && i.action === 'set_group_kick')));
    expect(kick).toMatchObject({ text: 'bot kicked Dave (2004) from group 3001', ok: true, place: { type: 'group', id: 3001 } });

    const recalled = (await say({ user: 2002, group: 3001, message: '!recall' })).json.data!.message_id;
    const recall = itemOf(await sse.waitFor(isItem((i) => i.kind === 'action' && i.action === 'delete_msg')));
    expect(recall).toMatchObject({ text: `bot recalled message #${recalled}`, ok: true, recalls: recalled, place: { type: 'group', id: 3001 } });

    // Bob is a plain member of 3003 where the account is a member too: the kick fails with 103.
    await say({ user: 2002, group: 3003, message: '!kick' });
    const failed = await sse.waitFor(isItem((i) => i.kind === 'action' && !i.ok));
    expect(textOf(itemOf(failed))).toBe('bot tried: kicked Bob (2002) from group 3003 -> failed (retcode 103)');
    expect(entryOf(failed).html).toContain('class="item action failed"');
  });

  it('replays the backlog to a new page and resumes after Last-Event-ID', async () => {
    const first = await chatWithBot();
    await say({ user: 2002, group: 3001, message: 'ping' });
    await first.waitFor(isItem((i) => i.kind === 'bot'));
    const second = await openSse(`${sandbox!.url}/_sandbox/chat/events?access_token=tok`);
    const replayed = await second.waitFor(isItem((i) => i.kind === 'bot'));
    expect(second.events.filter((e) => e.event === 'item').map((e) => itemOf(e).kind)).toEqual(['user', 'user', 'user', 'bot']);
    const epoch = replayed.id!.split(':')[0];
    const resumed = await openSse(`${sandbox!.url}/_sandbox/chat/events?access_token=tok`, { 'Last-Event-ID': `${epoch}:${itemOf(replayed).seq - 1}` });
    await resumed.waitFor((e) => e.event === 'ready');
    const again = await resumed.waitFor(isItem(() => true));
    expect(itemOf(again).seq).toBe(itemOf(replayed).seq);
    await say({ user: 2003, group: 3001, message: 'ping' });
    await resumed.waitFor(isItem((i) => i.kind === 'bot' && i.seq > itemOf(replayed).seq));
    expect(resumed.events.filter((e) => e.event === 'item').map((e) => itemOf(e).kind)).toEqual(['bot', 'user', 'bot']);
    // An id from another sandbox (one that restarted) means nothing here: the whole backlog comes.
    const other = await openSse(`${sandbox!.url}/_sandbox/chat/events?access_token=tok`, { 'Last-Event-ID': '0123456789ab:3' });
    await other.waitFor(isItem((i) => i.seq === 6));
    expect(other.events.filter((e) => e.event === 'item').map((e) => itemOf(e).seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads where a page left off only from an id of the same feed', () => {
    expect(resumePoint('abc', 'abc:7')).toBe(7);
    expect(resumePoint('abc', '7')).toBe(7);
    expect(resumePoint('abc', 'def:7')).toBe(0);
    expect(resumePoint('abc', 'abc:x')).toBe(0);
    expect(resumePoint('abc', 'abc:-2')).toBe(0);
    expect(resumePoint('abc', undefined)).toBe(0);
    expect(resumePoint('abc', ['abc:1', 'abc:2'])).toBe(0);
  });

  it('a page opened later shows the recent conversation: the history, and what was said before it opened', async () => {
    receiver = await startReceiver(bot);
    sandbox = await startSandbox({ postUrl: receiver.url });
    // Nobody has the page open: the terminal chat (or anyone) talks to the bot meanwhile.
    sandbox.say({ user: 2002, group: 3001, text: 'ping' });
    await sandbox.nextBotMessage({ timeout: 3000 });
    await sandbox.settled();
    const sse = await openSse(`${sandbox.url}/_sandbox/chat/events`);
    await sse.waitFor((e) => e.event === 'item' && itemOf(e).seq === 4);
    const items = sse.events.filter((e) => e.event === 'item').map((e) => itemOf(e));
    expect(items.map((i) => `${i.kind}: ${textOf(i)}`)).toEqual(['user: hello everyone', 'user: look: [image]', 'user: ping', 'bot: [at] pong']);
    expect(items[1]).toMatchObject({ place: { type: 'private', id: 2001 }, sender: 'Alice' });
  });

  it('the history includes what the bot said before, and a reset world is not news', async () => {
    const world = defaultWorld();
    world.messages.push({ ...world.messages[1]!, message_id: 3, real_id: 3, user_id: 10001, peer_id: 2001, segments: [{ type: 'text', data: { text: 'nice' } }] });
    sandbox = await startSandbox({ world });
    const feed = sandbox.chatFeed;
    expect(feed.since(0).map((e) => `${e.item.kind}:${e.item.place ? placeKey(e.item.place) : ''}`)).toEqual(['user:group:3001', 'user:private:2001', 'bot:private:2001']);
    const got: ChatEntry[] = [];
    feed.subscribe((e) => got.push(e));
    sandbox.reset();
    const id = sandbox.say({ user: 2001, group: 3001, text: 'fresh start' });
    await sandbox.settled();
    expect(got.map((e) => (e.item.kind === 'user' ? e.item.message_id : 0))).toEqual([id]);
  });

  it('stops watching when the sandbox stops and nobody listens', async () => {
    sandbox = await startSandbox();
    const feed = sandbox.chatFeed;
    await sandbox.stop();
    sandbox.say({ user: 2002, group: 3001, text: 'unwatched' });
    expect(feed.since(0).map((e) => textOf(e.item))).toEqual(['hello everyone', 'look: [image]']);
    // A listener catches up with what people said meanwhile.
    const got: ChatEntry[] = [];
    feed.subscribe((e) => got.push(e));
    expect(feed.since(0).map((e) => textOf(e.item))).toContain('unwatched');
    sandbox.say({ user: 2003, group: 3001, text: 'watched' });
    await sandbox.settled();
    expect(got.map((e) => textOf(e.item))).toEqual(['watched']);
    sandbox = undefined;
  });

  it('ends an event stream when the client goes away (so the page stops listening)', async () => {
    let closed: () => void = () => undefined;
    const wasClosed = new Promise<void>((r) => {
      closed = r;
    });
    const server = createServer((req, res) => {
      const stream = openEventStream(req, res, { keepAlive: 0 });
      stream.send('hello', { n: 1 }, '1');
      stream.onClose(closed);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const client = await openSse(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect((await client.waitFor((e) => e.event === 'hello')).data).toBe('{"n":1}');
      client.close();
      await wasClosed;
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('shows what people do besides talking, before what the bot does about it', async () => {
    // The bot answers a poke through the API *before* answering the POST, and approves requests by quick operation.
    const sse = await chatWithBot((post) => {
      const e = post.event;
      if (e.sub_type === 'poke') {
        void rawRequest(`${sandbox!.url}/send_private_msg`, {
          method: 'POST',
          headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' },
          body: JSON.stringify({ user_id: e.user_id, message: 'stop poking' }),
        });
        return undefined;
      }
      if (e.post_type === 'request') return { status: 200, body: JSON.stringify({ approve: true }) };
      return bot(post);
    });
    const poked = await rawRequest(`${sandbox!.url}/_sandbox/notice`, {
      method: 'POST',
      headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'poke', user: 2001 }),
    });
    expect(poked.status).toBe(200);
    await sse.waitFor(isItem((i) => i.kind === 'bot'));
    const flag = sandbox!.friendRequest({ user: 2009, comment: 'hi <3' });
    await sse.waitFor(isItem((i) => i.kind === 'action' && i.action === 'set_friend_add_request'));
    const said = sandbox!.say({ user: 2002, group: 3001, text: 'oops' });
    sandbox!.recall({ message_id: said });
    const recalled = await sse.waitFor(isItem((i) => i.kind === 'notice' && i.recalls !== undefined));
    expect(itemOf(recalled)).toMatchObject({ event: 'group_recall/', text: `Bob (2002)'s message #${said} was recalled`, place: { type: 'group', id: 3001 } });
    expect(entryOf(recalled).html).toContain(`data-recalls="${said}"`);

    const lines = liveItems(sse).map((e) => `${itemOf(e).kind}: ${textOf(itemOf(e))}`);
    expect(lines).toEqual([
      'notice: Alice (2001) poked the bot',
      'bot: stop poking',
      `notice: Ivan (2009) asked to be friends: "hi <3" (flag ${flag})`,
      `action: bot accepted friend request ${flag}`,
      'user: oops',
      `notice: Bob (2002)'s message #${said} was recalled`,
    ]);
  });

  it("shows the bot's doings anyway when the event it waits for takes too long to deliver", async () => {
    // A bot that answers each POST only when told: nextPost() resolves with the answer function.
    const arrived: (() => void)[] = [];
    const waiting: ((answer: () => void) => void)[] = [];
    const slowBot = createServer((req, res) => {
      req.resume();
      const answer = () => {
        res.writeHead(204);
        res.end();
      };
      const waiter = waiting.shift();
      if (waiter) waiter(answer);
      else arrived.push(answer);
    });
    const nextPost = () => new Promise<() => void>((r) => (arrived.length > 0 ? r(arrived.shift()!) : waiting.push(r)));
    await new Promise<void>((r) => slowBot.listen(0, '127.0.0.1', r));
    try {
      sandbox = await startSandbox({ postUrl: `http://127.0.0.1:${(slowBot.address() as AddressInfo).port}/` });
      (await nextPost())(); // the lifecycle event
      await sandbox.settled();
      const feed = new ChatFeed(sandbox, 200, 20);
      const got: ChatEntry[] = [];
      let sawBot: () => void = () => undefined;
      const botShown = new Promise<void>((r) => {
        sawBot = r;
      });
      feed.subscribe((e) => {
        got.push(e);
        if (e.item.kind === 'bot') sawBot();
      });
      sandbox.say({ user: 2002, group: 3001, text: 'hello?' });
      // While the POST hangs, the bot sends through the API: it is shown after the hold limit.
      const sent = await sandbox.executeAction('send_group_msg', { group_id: 3001, message: 'anyone?' }, 'http');
      expect(sent).toMatchObject({ found: true, envelope: { retcode: 0 } });
      await botShown;
      expect(got.map((e) => `${e.item.kind}:${e.item.kind === 'user' || e.item.kind === 'bot' ? e.item.message_id : ''}`)).toEqual(['user:101', 'bot:102']);
      (await nextPost())();
      await sandbox.settled();
      expect(got).toHaveLength(2);
      const stopping = sandbox.stop();
      (await nextPost())(); // the lifecycle disable event
      await stopping;
    } finally {
      for (const answer of arrived.splice(0)) answer();
      await sandbox?.stop();
      sandbox = undefined;
      slowBot.closeAllConnections();
      await new Promise<void>((r) => slowBot.close(() => r()));
    }
  });

  it('escapes a <script> a user types, end to end', async () => {
    const sse = await chatWithBot();
    await say({ user: 2002, group: 3001, text: '<script>alert("x")</script>' });
    const entry = entryOf(await sse.waitFor(isItem((i) => i.kind === 'user')));
    expect(textOf(entry.item)).toBe('<script>alert("x")</script>');
    expect(entry.html).not.toContain('<script');
    expect(entry.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });
});

describe('web chat notice lines', () => {
  it('describes what people do, and leaves out what the bot caused (its action shows instead)', async () => {
    sandbox = await startSandbox();
    const sb = sandbox;
    const lines: (string | undefined)[] = [];
    sb.events.observe((event) => {
      if (event.post_type === 'notice' || event.post_type === 'request') {
        const line = describeNotice(event, sb.world);
        lines.push(line ? `${line.event} | ${line.place ? `${line.place.type}:${line.place.id}` : '-'} | ${line.text}` : undefined);
      }
    });
    sb.join({ group: 3001, user: 2009 });
    sb.ban({ group: 3001, user: 2009, duration: 60, operator: 2001 });
    sb.upload({ group: 3001, user: 2002, name: '<notes>.txt' });
    sb.poke({ user: 2002, target: 2003, group: 3001 });
    sb.leave({ group: 3001, user: 2009, kickedBy: 2001 });
    sb.leave({ group: 3001, user: 2003 });
    const flag = sb.groupRequest({ group: 3004, user: 2011, subType: 'invite' });
    await sb.settled();
    await sb.executeAction('set_group_kick', { group_id: 3001, user_id: 2004 }, 'http');
    await sb.executeAction('set_group_ban', { group_id: 3001, user_id: 2002, duration: 60 }, 'http');
    await sb.settled();
    expect(lines).toEqual([
      'group_increase/approve | group:3001 | Ivan (2009) joined group 3001',
      'group_ban/ban | group:3001 | Alice (2001) muted Ivan (2009) for 60 s',
      'group_upload/ | group:3001 | Bob (2002) uploaded "<notes>.txt"',
      'notify/poke | group:3001 | Bob (2002) poked Carol (2003)',
      'group_decrease/kick | group:3001 | Alice (2001) removed Ivan (2009) from group 3001',
      'group_decrease/leave | group:3001 | Carol (2003) left group 3001',
      `request/group | - | Mallory (2011) invited the bot into group 3004 (flag ${flag})`,
      undefined,
      undefined,
    ]);
  });
});

describe('web chat renderer', () => {
  const names: Record<number, string> = { 2002: 'Bob', 6666: '<img src=x onerror=alert(1)>' };
  const quoted: Segment[] = [
    { type: 'text', data: { text: 'old <i>news</i>' } },
    { type: 'image', data: { file: 'a.png' } },
  ];
  const lookup: RenderLookup = {
    name: (id, groupId) => (groupId === 3001 && id === 2002 ? 'Bobby "card"' : (names[id] ?? `QQ${id}`)),
    message: (id) => (id === 7 ? { sender: '<b>Eve</b>', segments: quoted } : undefined),
  };
  const base = { seq: 3, time: 1_700_000_000_000, where: 'group 3001 (<dev>)' } as const;

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('plain 中文')).toBe('plain 中文');
  });

  it('renders text escaped, @ as names (card in the group), images as [image], a reply as a quote', () => {
    const html = segmentsToHtml(
      [
        { type: 'reply', data: { id: '7' } },
        { type: 'at', data: { qq: '2002' } },
        { type: 'text', data: { text: ' hi <script>alert(1)</script>\nline 2' } },
        { type: 'image', data: { file: 'x.png' } },
        { type: 'at', data: { qq: 'all' } },
        { type: 'face', data: { id: '14' } },
        { type: 'at', data: { qq: '6666' } },
      ],
      lookup,
      3001,
    );
    expect(html).toBe(
      '<blockquote class="quote"><b>&lt;b&gt;Eve&lt;/b&gt;</b>: old &lt;i&gt;news&lt;/i&gt;[image]</blockquote>' +
        '<span class="at">@Bobby &quot;card&quot;</span> hi &lt;script&gt;alert(1)&lt;/script&gt;\nline 2' +
        '<span class="tag">[image]</span><span class="at">@all</span><span class="tag">[face 14]</span>' +
        '<span class="at">@&lt;img src=x onerror=alert(1)&gt;</span>',
    );
    expect(segmentsToHtml([{ type: 'reply', data: { id: '<9>' } }], lookup)).toBe('<blockquote class="quote">reply to #&lt;9&gt;</blockquote>');
  });

  it('renders every item kind without letting names, places or texts become markup', () => {
    const user = renderItemHtml(
      { ...base, kind: 'user', place: { type: 'group', id: 3001 }, message_id: 12, user_id: 6666, sender: '<img src=x onerror=alert(1)>', anonymous: false, segments: [{ type: 'text', data: { text: '</div><script>x()</script>' } }] },
      lookup,
    );
    expect(user).toBe(
      '<div class="item user" data-seq="3" data-place="group:3001" data-msg="12"><div class="meta"><span class="who">&lt;img src=x onerror=alert(1)&gt; (6666)</span>' +
        ' <span class="where">group 3001 (&lt;dev&gt;)</span> <time data-ms="1700000000000"></time> <span class="id">#12</span></div>' +
        '<div class="body">&lt;/div&gt;&lt;script&gt;x()&lt;/script&gt;</div></div>',
    );
    const bot = renderItemHtml({ ...base, kind: 'bot', place: { type: 'private', id: 2002 }, message_id: 13, sender: 'cqkit-bot', origin: 'http', segments: [{ type: 'text', data: { text: '"><script>' } }] }, lookup);
    expect(bot).toContain('<div class="item bot" data-seq="3" data-place="private:2002" data-msg="13">');
    expect(bot).toContain('<div class="body">&quot;&gt;&lt;script&gt;</div>');
    const action = renderItemHtml({ ...base, kind: 'action', place: null, action: 'set_group_card', text: 'set the card of Bob (2002) in group 3001 to "<script>"', ok: true }, lookup);
    expect(action).toContain('<div class="item action" data-seq="3" data-place="">');
    expect(action).toContain('to &quot;&lt;script&gt;&quot;</div>');
    const recall = renderItemHtml({ ...base, kind: 'action', place: { type: 'group', id: 3001 }, action: 'delete_msg', text: 'bot recalled message #12', ok: true, recalls: 12 }, lookup);
    expect(recall).toContain('data-recalls="12"');
    for (const html of [user, bot, action, recall]) expect(html).not.toMatch(/<(?:script|img)/i);
  });

  it('names an anonymous sender as such', () => {
    const html = renderItemHtml(
      { ...base, kind: 'user', place: { type: 'group', id: 3002 }, message_id: 5, user_id: 80_000_000, sender: 'masked', anonymous: true, segments: [{ type: 'text', data: { text: 'boo' } }] },
      lookup,
    );
    expect(html).toContain('<span class="who">masked (anonymous)</span>');
  });
});
