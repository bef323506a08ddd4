// The terminal chat driven through PassThrough streams, with a bot on the other side of HTTP POST.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startTerminalChat, type TerminalChat } from '../src/index.js';
import { type Answer, type Receiver, rawRequest, startReceiver, startSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
let receiver: Receiver | undefined;
let chat: TerminalChat | undefined;
afterEach(async () => {
  chat?.close();
  await sandbox?.stop();
  await receiver?.close();
  sandbox = undefined;
  receiver = undefined;
  chat = undefined;
});

/** A chat wired to streams; `lines()` is everything printed so far. */
async function open(answer: Answer) {
  receiver = await startReceiver(answer);
  sandbox = await startSandbox({ postUrl: receiver.url });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => {
    printed += c.toString('utf8');
  });
  chat = startTerminalChat(sandbox, { input, output, prompt: false });
  const sb = sandbox;
  return {
    sb,
    type: async (line: string) => {
      input.write(`${line}\n`);
      await new Promise<void>((r) => setImmediate(r));
      await sb.settled();
    },
    end: () => input.end(),
    lines: () => printed.split('\n'),
  };
}

/** A tiny bot: answers "ping" with "pong", kicks on "!kick", mutes on "!mute", recalls on "!recall". */
const bot: Answer = (post) => {
  const e = post.event;
  if (e.post_type !== 'message') return undefined;
  const text = String(e.raw_message);
  if (text === 'ping') return { status: 200, body: JSON.stringify({ reply: 'pong', at_sender: false }) };
  if (text === '!kick') return { status: 200, body: JSON.stringify({ kick: true }) };
  if (text === '!mute') return { status: 200, body: JSON.stringify({ ban: true, ban_duration: 120 }) };
  if (text === '!recall') return { status: 200, body: JSON.stringify({ delete: true }) };
  if (text.startsWith('/')) return { status: 200, body: JSON.stringify({ reply: `bot got ${text}`, at_sender: false }) };
  return { status: 204 };
};

describe('terminal chat', () => {
  it('speaks as a user in a group and shows the bot reply', async () => {
    const t = await open(bot);
    expect(t.lines()[0]).toContain('You are Alice (2001)');
    await t.type('ping');
    expect(t.lines()).toContain('[group 3001] cqkit-bot: pong  (#102)');
  });

  it('switches user and chat, and shows kicks, mutes and recalls as readable lines', async () => {
    const t = await open(bot);
    await t.type('/user 2004');
    await t.type('!kick');
    await t.type('/user 2003');
    await t.type('!mute');
    await t.type('/user 2002');
    await t.type('!recall');
    const out = t.lines();
    expect(out).toContain('now speaking as Dave (2004)');
    expect(out).toContain('* bot kicked Dave (2004) from group 3001');
    expect(out).toContain('* bot muted Carol (2003) in group 3001 for 120 s');
    expect(out.some((l) => /^\* bot recalled message #\d+$/.test(l))).toBe(true);
  });

  it('private and discuss chats, /who, /help, errors, and other /lines said to the bot', async () => {
    const t = await open(bot);
    await t.type('/private');
    await t.type('ping');
    expect(t.lines()).toContain('[private 2001] cqkit-bot: pong  (#102)');
    await t.type('/discuss 4001');
    await t.type('/who');
    expect(t.lines()).toContain('you are Alice (2001), in discuss 4001');
    await t.type('/group 9999');
    expect(t.lines()).toContain('! the bot is not in group 9999');
    await t.type('/group 3002');
    await t.type('/user 2009');
    await t.type('hello');
    expect(t.lines()).toContain('! 2009 is not a member of group 3002');
    await t.type('/private');
    await t.type('/echo hi there');
    expect(t.lines()).toContain('[private 2009] cqkit-bot: bot got /echo hi there  (#104)');
    await t.type('/help');
    expect(t.lines().some((l) => l.includes('/user <qq>'))).toBe(true);
    expect(t.lines()).toContain('[private 2009] cqkit-bot: bot got /help  (#106)');
    await t.type('/user abc');
    expect(t.lines()).toContain('! usage: /user <qq number>');
  });

  it('shows failed bot actions and renders segments', async () => {
    const t = await open((post) =>
      post.event.post_type === 'message' ? { status: 200, body: JSON.stringify({ reply: [{ type: 'face', data: { id: '1' } }, { type: 'image', data: { file: 'a.png' } }], kick: true }) } : undefined,
    );
    await t.type('/group 3003');
    await t.type('hello');
    // Alice is not in 3003, so the chat refuses and nothing reaches the bot; switch to Bob who is.
    expect(t.lines()).toContain('! 2001 is not a member of group 3003');
    expect(t.sb.outbox).toHaveLength(0);
    await t.type('/user 2002');
    await t.type('hello');
    const after = t.lines();
    expect(after).toContain('[group 3003] cqkit-bot: @Bob [face 1][image a.png]  (#102)');
    expect(after).toContain('* bot tried: kicked Bob (2002) from group 3003 -> failed (retcode 103)');
  });

  it('shows what the bot does through API calls too, read the way the server read the parameters', async () => {
    const t = await open(bot);
    const call = async (action: string, query: string) => {
      const res = await rawRequest(`${t.sb.url}/${action}?${query}`);
      expect(res.status).toBe(200);
    };
    await call('set_group_ban', 'group_id=3001&user_id=2003&duration=0');
    await call('set_group_ban', 'group_id=3001&user_id=2003');
    await call('set_group_whole_ban', 'group_id=3001&enable=no');
    await call('set_group_whole_ban', 'group_id=3001');
    await call('set_group_admin', 'group_id=3001&user_id=2001&enable=0');
    await call('set_group_kick', 'group_id=3001&user_id=2004&reject_add_request=true');
    await call('set_group_add_request', 'flag=join-3001-2010&sub_type=add&approve=false&reason=full');
    await call('set_friend_add_request', 'flag=friend-2009&remark=Ivan');
    await call('set_group_kick', 'group_id=3003&user_id=2002');
    await call('get_group_list', '');
    const actions = t.lines().filter((l) => l.startsWith('*'));
    expect(actions).toEqual([
      '* bot lifted the mute of Carol (2003) in group 3001',
      '* bot muted Carol (2003) in group 3001 for 1800 s',
      '* bot lifted the whole-group mute of group 3001',
      '* bot muted everyone in group 3001',
      '* bot removed admin: Alice (2001) in group 3001',
      '* bot kicked Dave (2004) from group 3001 and blocked their join requests',
      '* bot rejected group request join-3001-2010 (reason "full")',
      '* bot accepted friend request friend-2009 (remark "Ivan")',
      '* bot tried: kicked Bob (2002) from group 3003 -> failed (retcode 103)',
    ]);
    // The lines match what happened to the world.
    expect(t.sb.world.group(3001)?.whole_ban).toBe(true);
    expect(t.sb.world.member(t.sb.world.group(3001)!, 2001)?.role).toBe('member');
  });

  it('/quit and end of input close the chat', async () => {
    const t = await open(bot);
    await t.type('/quit');
    await expect(chat!.closed).resolves.toBeUndefined();
    t.end();
  });
});
