// Event reporting by HTTP POST (transport.md 2): headers, an independently computed signature,
// message formats, lifecycle and heartbeat, and every quick-operation key.
import { createHmac } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type Sandbox, type SandboxOptions } from '../src/index.js';
import { type Answer, type Receiver, startReceiver, startSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await sandbox?.stop();
  await receiver?.close();
  sandbox = undefined;
  receiver = undefined;
});

async function setup(answer?: Answer, options: SandboxOptions = {}): Promise<{ sb: Sandbox; rx: Receiver }> {
  receiver = await startReceiver(answer);
  sandbox = await startSandbox({ postUrl: receiver.url, ...options });
  // The first post is the lifecycle enable event.
  const first = await receiver.next();
  expect(first.event).toMatchObject({ post_type: 'meta_event', meta_event_type: 'lifecycle', sub_type: 'enable' });
  return { sb: sandbox, rx: receiver };
}

const reply = (body: unknown): Answer => (post) => (post.event.post_type === 'meta_event' ? undefined : { status: 200, body: JSON.stringify(body) });

describe('posting', () => {
  it('posts JSON with X-Self-ID, the CQHttp User-Agent and a verifiable X-Signature', async () => {
    const { sb, rx } = await setup(undefined, { secret: 'top-secret' });
    const id = sb.say({ user: 2002, group: 3001, text: 'hello & [world]' });
    const post = await rx.next();
    expect(post.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(post.headers['x-self-id']).toBe('10001');
    expect(post.headers['user-agent']).toBe('CQHttp/4.15.0');
    const expected = `sha1=${createHmac('sha1', 'top-secret').update(post.raw).digest('hex')}`;
    expect(post.headers['x-signature']).toBe(expected);
    expect(post.event).toMatchObject({
      post_type: 'message',
      message_type: 'group',
      sub_type: 'normal',
      message_id: id,
      group_id: 3001,
      user_id: 2002,
      self_id: 10001,
      anonymous: null,
      message: 'hello &amp; &#91;world&#93;',
      raw_message: 'hello &amp; &#91;world&#93;',
      font: 0,
      sender: { user_id: 2002, nickname: 'Bob', card: 'Bob', role: 'member' },
    });
  });

  it('sends no signature without a secret', async () => {
    const { sb, rx } = await setup();
    sb.say({ user: 2001, text: 'hi' });
    const post = await rx.next();
    expect(post.headers['x-signature']).toBeUndefined();
    expect(post.event).toMatchObject({ message_type: 'private', sub_type: 'friend', message: 'hi' });
  });

  it('honours post_message_format array', async () => {
    const { sb, rx } = await setup(undefined, { postMessageFormat: 'array' });
    sb.say({ user: 2001, message: 'a[CQ:face,id=14]' });
    const post = await rx.next();
    expect(post.event.message).toEqual([
      { type: 'text', data: { text: 'a' } },
      { type: 'face', data: { id: '14' } },
    ]);
    expect(post.event.raw_message).toBe('a[CQ:face,id=14]');
  });

  it('posts events in order, and a disable event on stop', async () => {
    const { sb, rx } = await setup();
    sb.say({ user: 2001, text: '1' });
    sb.poke({ user: 2002, group: 3001 });
    sb.say({ user: 2001, text: '2' });
    const kinds = [await rx.next(), await rx.next(), await rx.next()].map((p) => p.event.message ?? p.event.sub_type);
    expect(kinds).toEqual(['1', 'poke', '2']);
    await sb.stop();
    expect(rx.posts.at(-1)?.event).toMatchObject({ meta_event_type: 'lifecycle', sub_type: 'disable' });
  });

  it('keeps running when post_url is unreachable', async () => {
    const logs: string[] = [];
    sandbox = await startSandbox({ postUrl: 'http://127.0.0.1:1/', logger: (_l, m) => logs.push(m) });
    sandbox.say({ user: 2001, text: 'lost' });
    await sandbox.settled();
    expect(logs.some((l) => l.includes('failed'))).toBe(true);
  });

  it('gives up on a post after post_timeout on the sandbox clock, logs it, and goes on with the next event', async () => {
    // A receiver that never answers the message "stuck" and answers 204 to everything else.
    const seen: string[] = [];
    const arrived: (() => void)[] = [];
    const held = new Set<Socket>();
    const server = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message?: string; post_type: string };
        seen.push(event.message ?? event.post_type);
        arrived.shift()?.();
        if (event.message === 'stuck') held.add(req.socket);
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const clock = new ManualClock();
    const logs: string[] = [];
    try {
      sandbox = await startSandbox({ postUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, postTimeout: 2000, clock, logger: (_l, m) => logs.push(m) });
      await sandbox.settled();
      const stuckArrived = new Promise<void>((r) => arrived.push(r));
      sandbox.say({ user: 2001, text: 'stuck' });
      sandbox.say({ user: 2001, text: 'next' });
      await stuckArrived;
      expect(clock.pending).toBe(1);
      clock.advance(1999);
      // Give a wrongly early post every chance to arrive (bounded, no wall-clock wait).
      for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
      expect(seen).toEqual(['meta_event', 'stuck']);
      const nextArrived = new Promise<void>((r) => arrived.push(r));
      clock.advance(1);
      await nextArrived;
      await sandbox.settled();
      expect(seen).toEqual(['meta_event', 'stuck', 'next']);
      expect(logs).toEqual([expect.stringMatching(/^posting message event to .* failed: no answer within 2000 ms \(post_timeout\)$/)]);
      expect(clock.pending).toBe(0);
    } finally {
      await sandbox?.stop();
      sandbox = undefined;
      for (const socket of held) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('retries once when a kept-alive socket was closed by the receiver', async () => {
    // A raw receiver: on each connection, answer the first request 204 and hang up on the second
    // without answering (what an idle-timeout close looks like to the sender).
    const bodies: string[] = [];
    const sockets = new Set<Socket>();
    const tcp = createTcpServer((socket) => {
      sockets.add(socket);
      let served = 0;
      let buffer = '';
      socket.on('data', (chunk) => {
        buffer += chunk.toString('utf8');
        const end = buffer.indexOf('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(buffer)?.[1] ?? 0);
        if (end < 0 || buffer.length < end + 4 + length) return;
        if (served > 0) {
          socket.resetAndDestroy();
          return;
        }
        bodies.push(buffer.slice(end + 4, end + 4 + length));
        buffer = '';
        served += 1;
        socket.write('HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n');
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    const port = (tcp.address() as { port: number }).port;
    const logs: string[] = [];
    try {
      sandbox = await startSandbox({ postUrl: `http://127.0.0.1:${port}/`, logger: (_l, m) => logs.push(m) });
      await sandbox.settled();
      sandbox.say({ user: 2001, text: 'second post, first on a reused socket' });
      await sandbox.settled();
      expect(bodies.map((b) => (JSON.parse(b) as { post_type: string }).post_type)).toEqual(['meta_event', 'message']);
      expect(logs).toEqual([]);
    } finally {
      await sandbox?.stop();
      sandbox = undefined;
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => tcp.close(() => r()));
    }
  });

  it('sends heartbeats every interval on the injected clock', async () => {
    const clock = new ManualClock();
    const { rx } = await setup(undefined, { clock, heartbeat: { interval: 1000 } });
    clock.advance(999);
    await sandbox?.settled();
    expect(rx.posts).toHaveLength(1);
    clock.advance(1);
    const hb = await rx.next();
    expect(hb.event).toMatchObject({ meta_event_type: 'heartbeat', interval: 1000, status: { online: true, good: true } });
    expect(hb.event.time).toBe(Math.floor(clock.now() / 1000));
    clock.advance(1000);
    expect((await rx.next()).event.meta_event_type).toBe('heartbeat');
  });
});

describe('quick operations', () => {
  it('reply in a group mentions the sender by default (at + space)', async () => {
    const { sb } = await setup(reply({ reply: 'pong' }));
    sb.say({ user: 2002, group: 3001, text: 'ping' });
    const out = await sb.nextBotMessage();
    expect(out.origin).toBe('quick_operation');
    expect(out.group_id).toBe(3001);
    expect(out.segments).toEqual([
      { type: 'at', data: { qq: '2002' } },
      { type: 'text', data: { text: ' pong' } },
    ]);
  });

  it('at_sender false, auto_escape true', async () => {
    const { sb } = await setup(reply({ reply: '[CQ:face,id=1]', at_sender: false, auto_escape: true }));
    sb.say({ user: 2002, group: 3001, text: 'ping' });
    expect((await sb.nextBotMessage()).segments).toEqual([{ type: 'text', data: { text: '[CQ:face,id=1]' } }]);
  });

  it('reply to a private message has no at; array replies work', async () => {
    const { sb } = await setup(reply({ reply: [{ type: 'face', data: { id: '2' } }] }));
    sb.say({ user: 2001, text: 'hi' });
    const out = await sb.nextBotMessage();
    expect(out).toMatchObject({ message_type: 'private', user_id: 2001, segments: [{ type: 'face', data: { id: '2' } }] });
  });

  it('reply in a discuss mentions the sender', async () => {
    const { sb } = await setup(reply({ reply: 'yo' }));
    sb.say({ user: 2001, discuss: 4001, text: 'hi' });
    const out = await sb.nextBotMessage();
    expect(out.discuss_id).toBe(4001);
    expect(out.segments[0]).toEqual({ type: 'at', data: { qq: '2001' } });
  });

  it('delete recalls the message', async () => {
    const { sb, rx } = await setup(reply({ delete: true }));
    const id = sb.say({ user: 2002, group: 3001, text: 'spam' });
    await rx.next();
    const recall = await rx.next();
    expect(recall.event).toMatchObject({ notice_type: 'group_recall', message_id: id, user_id: 2002, operator_id: 10001 });
    expect(sb.world.message(id)?.recalled).toBe(true);
  });

  it('kick removes the sender', async () => {
    const { sb, rx } = await setup(reply({ kick: true }));
    sb.say({ user: 2004, group: 3001, text: 'spam' });
    await rx.next();
    expect((await rx.next()).event).toMatchObject({ notice_type: 'group_decrease', sub_type: 'kick', user_id: 2004, operator_id: 10001 });
    expect(sb.world.member(sb.world.group(3001)!, 2004)).toBeUndefined();
  });

  it('ban mutes for ban_duration (default 1800)', async () => {
    const { sb, rx } = await setup((post) =>
      post.event.post_type === 'message' ? { status: 200, body: JSON.stringify(post.event.user_id === 2002 ? { ban: true } : { ban: true, ban_duration: 60 }) } : undefined,
    );
    sb.say({ user: 2002, group: 3001, text: 'a' });
    await rx.next();
    expect((await rx.next()).event).toMatchObject({ notice_type: 'group_ban', sub_type: 'ban', user_id: 2002, duration: 1800 });
    sb.say({ user: 2003, group: 3001, text: 'b' });
    await rx.next();
    expect((await rx.next()).event).toMatchObject({ notice_type: 'group_ban', user_id: 2003, duration: 60 });
  });

  it('anonymous senders: ban uses the anonymous flag, kick and at are skipped', async () => {
    const { sb, rx } = await setup(reply({ reply: 'hush', ban: true, kick: true }), { clock: new ManualClock() });
    sb.say({ user: 2005, group: 3002, anonymous: { name: 'Ghost' }, text: 'boo' });
    const msg = await rx.next();
    const anonymous = msg.event.anonymous as { flag: string };
    expect(msg.event.sub_type).toBe('anonymous');
    expect((await sb.nextBotMessage()).segments).toEqual([{ type: 'text', data: { text: 'hush' } }]);
    await sb.settled();
    expect(sb.world.group(3002)?.anonymous_bans[anonymous.flag]).toBe(sb.world.nowSeconds() + 1800);
    expect(sb.world.group(3002)?.members.some((m) => m.user_id === 2005)).toBe(true);
    // The mute holds: the same anonymous speaker cannot talk; the member under their own name can.
    expect(() => sb.say({ user: 2005, group: 3002, anonymous: { name: 'Ghost' }, text: 'again' })).toThrow(/muted/);
    expect(() => sb.say({ user: 2005, group: 3002, text: 'as myself' })).not.toThrow();
  });

  it('approve a friend request with a remark', async () => {
    const { sb, rx } = await setup(reply({ approve: true, remark: 'new pal' }));
    sb.friendRequest({ user: 2004, comment: 'hi' });
    await rx.next();
    expect((await rx.next()).event).toMatchObject({ notice_type: 'friend_add', user_id: 2004 });
    expect(sb.world.friend(2004)?.remark).toBe('new pal');
  });

  it('reject a group join request; approve an invitation', async () => {
    const { sb } = await setup((post) => {
      if (post.event.post_type !== 'request') return undefined;
      return { status: 200, body: JSON.stringify(post.event.sub_type === 'add' ? { approve: false, reason: 'no' } : { approve: true }) };
    });
    const flag = sb.groupRequest({ group: 3001, user: 2009, comment: 'let me in' });
    await sb.settled();
    expect(sb.world.data.group_requests.find((r) => r.flag === flag)).toMatchObject({ checked: true, actor: 10001 });
    expect(sb.world.member(sb.world.group(3001)!, 2009)).toBeUndefined();
    // The reason went with the rejection (set_group_add_request, as CQHTTP runs it).
    expect(sb.actionLog.find((e) => e.action === 'set_group_add_request')).toMatchObject({
      origin: 'quick_operation',
      params: { flag, sub_type: 'add', approve: false, reason: 'no' },
      envelope: { retcode: 0 },
    });
    sb.groupRequest({ group: 3005, user: 2011, subType: 'invite' });
    await sb.settled();
    expect(sb.world.group(3005)).toBeDefined();
  });

  it('reject a friend request: nobody is added, the request is gone', async () => {
    const { sb } = await setup(reply({ approve: false, remark: 'ignored' }));
    const flag = sb.friendRequest({ user: 2004, comment: 'hi' });
    await sb.settled();
    expect(sb.world.friend(2004)).toBeUndefined();
    expect(sb.world.data.friend_requests.some((r) => r.flag === flag)).toBe(false);
    expect(sb.actionLog.find((e) => e.action === 'set_friend_add_request')).toMatchObject({ params: { flag, approve: false }, envelope: { retcode: 0 } });
  });

  it('approve a join request with the quick operation: the member joins (group_increase)', async () => {
    const { sb, rx } = await setup(reply({ approve: true }));
    sb.groupRequest({ group: 3001, user: 2009, comment: 'hello' });
    await rx.next();
    expect((await rx.next()).event).toMatchObject({ notice_type: 'group_increase', sub_type: 'approve', group_id: 3001, user_id: 2009 });
    expect(sb.world.member(sb.world.group(3001)!, 2009)).toBeDefined();
  });

  it('string forms of booleans in a quick operation are read like parameters ("false" is false)', async () => {
    const { sb } = await setup(reply({ reply: 'x', at_sender: 'false', delete: 'no', kick: '0' }));
    const id = sb.say({ user: 2004, group: 3001, text: 'y' });
    expect((await sb.nextBotMessage()).segments).toEqual([{ type: 'text', data: { text: 'x' } }]);
    await sb.settled();
    expect(sb.world.message(id)?.recalled).toBeFalsy();
    expect(sb.world.member(sb.world.group(3001)!, 2004)).toBeDefined();
  });

  it('a request answer without approve leaves it pending', async () => {
    const { sb } = await setup(reply({ remark: 'x' }));
    const flag = sb.friendRequest({ user: 2004 });
    await sb.settled();
    expect(sb.world.data.friend_requests.some((r) => r.flag === flag)).toBe(true);
  });

  it.each([
    ['204', { status: 204 }],
    ['empty 200', { status: 200, body: '' }],
    ['non-2xx with a body', { status: 500, body: '{"reply":"x"}' }],
    ['not JSON', { status: 200, body: 'reply please' }],
    ['JSON array', { status: 200, body: '[{"reply":"x"}]' }],
    ['block only', { status: 200, body: '{"block":true}' }],
  ])('%s means nothing to do', async (_name, answer) => {
    const { sb } = await setup((post) => (post.event.post_type === 'message' ? answer : undefined));
    sb.say({ user: 2002, group: 3001, text: 'x' });
    await sb.settled();
    expect(sb.outbox).toHaveLength(0);
    expect(sb.world.member(sb.world.group(3001)!, 2002)).toBeDefined();
  });

  it('.handle_quick_operation runs the same code path', async () => {
    sandbox = await startSandbox({ clock: new ManualClock() });
    const id = sandbox.say({ user: 2002, group: 3001, text: 'x' });
    const context = { post_type: 'message', message_type: 'group', group_id: 3001, user_id: 2002, message_id: id, anonymous: null };
    const res = await sandbox.executeAction('.handle_quick_operation', { context, operation: { reply: 'r', delete: true, ban: true, ban_duration: 10 } });
    expect(res).toEqual({ found: true, envelope: { status: 'ok', retcode: 0, data: null } });
    expect(sandbox.outbox[0]?.segments).toEqual([
      { type: 'at', data: { qq: '2002' } },
      { type: 'text', data: { text: ' r' } },
    ]);
    expect(sandbox.outbox[0]?.origin).toBe('quick_operation');
    expect(sandbox.world.message(id)?.recalled).toBe(true);
    expect(sandbox.world.member(sandbox.world.group(3001)!, 2002)?.mute_until).toBe(sandbox.world.nowSeconds() + 10);
  });

  it('follow-up failures are not reported back (member bot cannot kick)', async () => {
    sandbox = await startSandbox();
    const context = { post_type: 'message', message_type: 'group', group_id: 3003, user_id: 2002, message_id: 1 };
    const res = await sandbox.executeAction('.handle_quick_operation', { context, operation: { kick: true } });
    expect(res).toMatchObject({ envelope: { retcode: 0 } });
    expect(sandbox.world.member(sandbox.world.group(3003)!, 2002)).toBeDefined();
  });
});

describe('post URL', () => {
  it('can be set after start and cleared, so both sides can bind free ports first', async () => {
    sandbox = await startSandbox({});
    receiver = await startReceiver();
    sandbox.say({ user: 2001, text: 'before' }); // no post URL yet: not posted
    await sandbox.settled();
    sandbox.setPostUrl(receiver.url);
    sandbox.say({ user: 2001, text: 'after' });
    expect((await receiver.next()).event).toMatchObject({ message: 'after' });
    sandbox.setPostUrl(undefined);
    sandbox.say({ user: 2001, text: 'cleared' });
    await sandbox.settled();
    sandbox.setPostUrl(receiver.url);
    sandbox.say({ user: 2001, text: 'again' });
    expect((await receiver.next()).event).toMatchObject({ message: 'again' });
  });
});
