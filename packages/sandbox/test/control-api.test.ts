// The control API under /_sandbox/: drives the sandbox over HTTP, with the same token as the API.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type Sandbox } from '../src/index.js';
import { rawRequest, type Receiver, startReceiver, startSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await sandbox?.stop();
  await receiver?.close();
  sandbox = undefined;
  receiver = undefined;
});

const auth = { Authorization: 'Bearer ctl' };

async function control(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
  const res = await rawRequest(`${sandbox!.url}/_sandbox${path}`, {
    method,
    headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: res.body === '' ? undefined : (JSON.parse(res.body) as { ok: boolean; data?: unknown; error?: string }) };
}

describe('control API', () => {
  it('obeys the access token', async () => {
    sandbox = await startSandbox({ accessToken: 'ctl' });
    expect((await rawRequest(`${sandbox.url}/_sandbox/world`)).status).toBe(401);
    expect((await rawRequest(`${sandbox.url}/_sandbox/world`, { headers: { Authorization: 'Bearer x' } })).status).toBe(403);
    expect((await rawRequest(`${sandbox.url}/_sandbox/world?access_token=ctl`)).status).toBe(200);
  });

  it('injects a message that is posted to the bot; reads the outbox and waits for the next bot message', async () => {
    receiver = await startReceiver((post) =>
      post.event.post_type === 'message' ? { status: 200, body: JSON.stringify({ reply: `echo: ${String(post.event.raw_message)}` }) } : undefined,
    );
    sandbox = await startSandbox({ accessToken: 'ctl', postUrl: receiver.url });
    const said = await control('/say', { user: 2001, group: 3001, text: 'hello' });
    expect(said).toEqual({ status: 200, json: { ok: true, data: { message_id: expect.any(Number) } } });
    const next = await control('/outbox/next?timeout=3000');
    expect(next.json?.data).toMatchObject({ group_id: 3001, text: ' echo: hello', origin: 'quick_operation' });
    const outbox = await control('/outbox');
    expect(outbox.json?.data).toHaveLength(1);
    await control('/outbox/clear', {});
    expect((await control('/outbox')).json?.data).toEqual([]);
  });

  it('times out /outbox/next with 408 after its timeout on the sandbox clock', async () => {
    const clock = new ManualClock();
    sandbox = await startSandbox({ accessToken: 'ctl', clock });
    const waiting = control('/outbox/next?timeout=3000');
    // Bounded wait for the request to reach the server and arm its timer (no wall-clock sleep).
    for (let i = 0; i < 1000 && clock.pending === 0; i++) await new Promise<void>((r) => setImmediate(r));
    expect(clock.pending).toBe(1);
    clock.advance(2999);
    expect(clock.pending).toBe(1);
    clock.advance(1);
    const res = await waiting;
    expect(res.status).toBe(408);
    expect(res.json?.ok).toBe(false);
    expect(res.json?.error).toContain('within 3000 ms');
  });

  it('injects notices and requests, and reads the world', async () => {
    receiver = await startReceiver();
    sandbox = await startSandbox({ accessToken: 'ctl', postUrl: receiver.url });
    expect((await control('/notice', { type: 'join', group: 3001, user: 2009 })).json).toEqual({ ok: true, data: null });
    expect((await control('/notice', { type: 'ban', group: 3001, user: 2009, duration: 60 })).status).toBe(200);
    expect((await control('/notice', { type: 'upload', group: 3001, user: 2002, name: 'a.zip' })).json?.data).toEqual({ file_id: expect.any(String) });
    expect((await control('/notice', { type: 'poke', user: 2001 })).status).toBe(200);
    expect((await control('/notice', { type: 'recall', message_id: 1 })).status).toBe(200);
    expect((await control('/notice', { type: 'leave', group: 3001, user: 2009, kicked_by: 10001 })).status).toBe(200);
    expect((await control('/notice', { type: 'honor', group: 3001, user: 2002, honor_type: 'emotion' })).status).toBe(200);
    expect((await control('/notice', { type: 'lucky_king', group: 3001, user: 2002, target: 2003 })).status).toBe(200);
    expect((await control('/notice', { type: 'offline_file', user: 2001, name: 'x.pdf' })).status).toBe(200);
    expect((await control('/notice', { type: 'client_status', online: false })).status).toBe(200);
    expect((await control('/notice', { type: 'honor', group: 3001, user: 2002, honor_type: 'nope' })).status).toBe(400);
    expect((await control('/notice', { type: 'nope' })).status).toBe(400);
    const flag = (await control('/request', { type: 'friend', user: 2004, comment: 'hey' })).json?.data as { flag: string };
    expect(flag.flag).toMatch(/^friend-2004/);
    const inv = await control('/request', { type: 'group', sub_type: 'invite', group: 3005, user: 2011 });
    expect(inv.status).toBe(200);
    await control('/settle', {});
    const kinds = receiver.posts.slice(1).map((p) => p.event.notice_type ?? p.event.request_type);
    expect(kinds).toEqual([
      'group_increase', 'group_ban', 'group_upload', 'notify', 'group_recall', 'group_decrease',
      'notify', 'notify', 'offline_file', 'client_status', 'friend', 'group',
    ]);
    const world = (await control('/world')).json?.data as { friend_requests: { user_id: number }[] };
    expect(world.friend_requests.map((r) => r.user_id)).toContain(2004);
  });

  it('publishes a raw catalogue event and rejects an invalid one', async () => {
    receiver = await startReceiver();
    sandbox = await startSandbox({ accessToken: 'ctl', postUrl: receiver.url });
    const event = { time: 1, self_id: 10001, post_type: 'notice', notice_type: 'notify', sub_type: 'lucky_king', group_id: 3001, user_id: 2001, target_id: 2002 };
    expect((await control('/event', { event })).status).toBe(200);
    expect(receiver.posts.at(-1)?.event).toMatchObject({ sub_type: 'lucky_king' });
    const bad = await control('/event', { event: { post_type: 'nope' } });
    expect(bad.status).toBe(400);
  });

  it('resets the world, or loads another one; rejects a bad fixture', async () => {
    sandbox = await startSandbox({ accessToken: 'ctl' });
    await rawRequest(`${sandbox.url}/set_group_kick?group_id=3001&user_id=2004`, { headers: auth });
    expect(sandbox.world.member(sandbox.world.group(3001)!, 2004)).toBeUndefined();
    await control('/world/reset', {});
    expect(sandbox.world.member(sandbox.world.group(3001)!, 2004)).toBeDefined();
    const custom = sandbox.world.snapshot();
    custom.login.nickname = 'other-bot';
    await control('/world/reset', { world: custom });
    expect(sandbox.world.data.login.nickname).toBe('other-bot');
    const bad = await control('/world/reset', { world: { login: {} } });
    expect(bad.status).toBe(400);
    expect(bad.json?.error).toMatch(/world fixture/);
    expect(sandbox.world.data.login.nickname).toBe('other-bot');
  });

  it('answers usage errors with 400 and unknown routes with 404; the action log is readable', async () => {
    sandbox = await startSandbox({ accessToken: 'ctl' });
    expect((await control('/say', { user: 2001, group: 9999, text: 'x' })).status).toBe(400);
    expect((await control('/say', { user: 'abc', text: 'x' })).status).toBe(400);
    expect((await rawRequest(`${sandbox.url}/_sandbox/say`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{' })).status).toBe(400);
    expect((await control('/nope')).status).toBe(404);
    await rawRequest(`${sandbox.url}/get_status`, { headers: auth });
    const log = (await control('/actions')).json?.data as { action: string; origin: string }[];
    expect(log.at(-1)).toMatchObject({ action: 'get_status', origin: 'http' });
  });
});
