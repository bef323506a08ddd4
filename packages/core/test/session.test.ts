import { ActionError, type CQEvent, type FriendRequestEvent, type GroupRequestEvent } from '@cqkit/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { definePlugin, type PluginErrorReport, type Session } from '../src/index.js';
import { BOT, setup } from './helpers.js';
import { flush, manualClock } from './manual-clock.js';

afterEach(() => {
  vi.useRealTimers();
});

const friendRequest = (): FriendRequestEvent => ({
  time: 1,
  self_id: BOT,
  post_type: 'request',
  request_type: 'friend',
  user_id: 5,
  comment: 'hi',
  flag: 'f1',
});

const groupRequest = (): GroupRequestEvent => ({
  time: 1,
  self_id: BOT,
  post_type: 'request',
  request_type: 'group',
  sub_type: 'add',
  group_id: 9,
  user_id: 5,
  comment: 'let me in',
  flag: 'g1',
});

describe('session', () => {
  it('exposes the event fields, sender, channel and text', async () => {
    const { app, memory } = await setup();
    let session: Session | undefined;
    app.on('message', (s) => {
      session = s;
    });
    await memory.receive(memory.groupMessage(42, 7, 'a &amp; b[CQ:face,id=1]', { messageId: 3, role: 'admin' }));
    expect(session!.selfId).toBe(BOT);
    expect(session!.userId).toBe(7);
    expect(session!.groupId).toBe(42);
    expect(session!.messageId).toBe(3);
    expect(session!.channel).toBe('group:42');
    expect(session!.role).toBe('admin');
    expect(session!.sender?.nickname).toBe('user7');
    expect(session!.plainText).toBe('a & b');
    expect(session!.segments.map((s) => s.type)).toEqual(['text', 'face']);
    expect(session!.names).toEqual(['message', 'message/group']);
    expect(session!.bot).toBe(app.bots.get(BOT));
  });

  it('send goes to the chat of the event; reply quotes the original', async () => {
    const { app, memory } = await setup();
    app.on('message', async (s) => {
      await s.send('plain');
      await s.reply('quoted');
    });
    await memory.receive(memory.groupMessage(42, 7, 'x', { messageId: 11 }));
    await memory.receive(memory.privateMessage(8, 'y', { messageId: 12 }));
    expect(memory.calls.map((c) => [c.action, c.params])).toEqual([
      ['send_group_msg', { group_id: 42, message: 'plain', auto_escape: false }],
      [
        'send_group_msg',
        { group_id: 42, message: [{ type: 'reply', data: { id: '11' } }, { type: 'text', data: { text: 'quoted' } }], auto_escape: false },
      ],
      ['send_private_msg', { user_id: 8, message: 'plain', auto_escape: false }],
      [
        'send_private_msg',
        { user_id: 8, message: [{ type: 'reply', data: { id: '12' } }, { type: 'text', data: { text: 'quoted' } }], auto_escape: false },
      ],
    ]);
  });

  it('send resolves with the new message id', async () => {
    const { app, memory } = await setup();
    const ids: unknown[] = [];
    app.on('message', async (s) => void ids.push(await s.send('x')));
    await memory.receive(memory.privateMessage(1, 'x'));
    expect(ids).toEqual([{ message_id: 100000 }]);
  });

  it('checks permissions: group role and configured superusers', async () => {
    const { app, memory } = await setup({ superusers: [99] });
    const results: unknown[] = [];
    app.on('message', (s) => {
      results.push([s.userId, s.hasPermission('member'), s.hasPermission('admin'), s.hasPermission('owner'), s.isSuperuser]);
    });
    await memory.receive(memory.groupMessage(1, 2, 'x', { role: 'member' }));
    await memory.receive(memory.groupMessage(1, 3, 'x', { role: 'admin' }));
    await memory.receive(memory.groupMessage(1, 4, 'x', { role: 'owner' }));
    await memory.receive(memory.privateMessage(99, 'x'));
    expect(results).toEqual([
      [2, true, false, false, false],
      [3, true, true, false, false],
      [4, true, true, true, false],
      [99, true, true, true, true],
    ]);
  });
});

describe('prompt', () => {
  it('waits for the same user in the same chat; other users and chats do not answer it', async () => {
    vi.useFakeTimers();
    const { app, memory } = await setup();
    const answers: unknown[] = [];
    let commandRuns = 0;
    app.command('other').action(() => void commandRuns++);
    app.command('ask').action(async ({ session }) => {
      await session.send('your name?');
      const next = await session.prompt(5000);
      answers.push(next?.plainText ?? null);
    });
    // Dispatch resolves when handlers finish, so this one resolves only after the prompt is answered.
    const asking = memory.receive(memory.groupMessage(1, 7, '/ask'));
    await vi.advanceTimersByTimeAsync(0);
    await memory.receive(memory.groupMessage(1, 8, 'not me'));
    await memory.receive(memory.groupMessage(2, 7, 'wrong chat'));
    await memory.receive(memory.privateMessage(7, 'wrong chat too'));
    expect(answers).toEqual([]);
    await memory.receive(memory.groupMessage(1, 7, '/other'));
    await asking;
    expect(answers).toEqual(['/other']);
    // The prompted message is consumed: it does not also run a command.
    expect(commandRuns).toBe(0);
  });

  it('resolves null after the timeout', async () => {
    vi.useFakeTimers();
    const { app, memory } = await setup();
    const answers: unknown[] = [];
    app.on('message', async (s) => {
      if (s.plainText !== 'start') return;
      answers.push(await s.prompt(1000));
    });
    const done = memory.receive(memory.privateMessage(3, 'start'));
    await vi.advanceTimersByTimeAsync(999);
    expect(answers).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(answers).toEqual([null]);
    // After the timeout the next message is an ordinary message again.
    let ordinary = 0;
    app.on('message', () => void ordinary++);
    await memory.receive(memory.privateMessage(3, 'later'));
    expect(ordinary).toBe(1);
  });
});

describe('prompt on an injected clock', () => {
  it('times out on the app clock, without fake timers', async () => {
    const clock = manualClock();
    const { app, memory } = await setup({ clock });
    const answers: unknown[] = [];
    app.on('message', async (s) => {
      if (s.plainText === 'start') answers.push(await s.prompt(1000));
    });
    const done = memory.receive(memory.privateMessage(3, 'start'));
    await flush();
    clock.advance(999);
    await flush();
    expect(answers).toEqual([]);
    clock.advance(1);
    await done;
    expect(answers).toEqual([null]);
    expect(app.host.pipeline.prompts.size).toBe(0);
  });

  it('a newer prompt of the same user and chat replaces the older one, which resolves null', async () => {
    const clock = manualClock();
    const { app, memory } = await setup({ clock });
    const answers: unknown[] = [];
    app.on('message', async (s) => {
      if (s.plainText.startsWith('ask')) answers.push(`${s.plainText}:${(await s.prompt(5000))?.plainText ?? null}`);
    });
    const first = memory.receive(memory.groupMessage(1, 7, 'ask1'));
    await flush();
    // Listeners run before prompts are matched, so 'ask2' opens a second prompt first: it replaces
    // the older one (null), and the message cannot answer the prompt it opened itself.
    const second = memory.receive(memory.groupMessage(1, 7, 'ask2'));
    await first;
    await memory.receive(memory.groupMessage(1, 7, 'reply'));
    await second;
    expect(answers).toEqual(['ask1:null', 'ask2:reply']);
    expect(clock.pending).toBe(0);
  });

  it('app.stop() resolves every pending prompt with null', async () => {
    const clock = manualClock();
    const { app, memory } = await setup({ clock });
    const answers: unknown[] = [];
    app.command('ask').action(async ({ session }) => void answers.push(await session.prompt(60_000)));
    const asking = memory.receive(memory.privateMessage(1, '/ask'));
    await flush();
    expect(app.host.pipeline.prompts.size).toBe(1);
    await app.stop({ deadline: 0 });
    await asking;
    expect(answers).toEqual([null]);
  });
});

describe('quick operations', () => {
  it('the first reply within the window becomes the quick operation; later sends go as actions', async () => {
    vi.useFakeTimers();
    const { app, memory } = await setup();
    app.on('message', async (s) => {
      await s.send('first');
      await s.send('second');
    });
    const result = memory.receive(memory.groupMessage(5, 6, 'hi'), { quickWindow: 500 });
    await vi.advanceTimersByTimeAsync(500);
    expect(await result).toEqual({ reply: 'first', at_sender: false });
    await vi.advanceTimersByTimeAsync(0);
    expect(memory.calls.map((c) => [c.action, c.params.message])).toEqual([['send_group_msg', 'second']]);
  });

  it('resolves as soon as handlers finish; private replies carry no at_sender; autoEscape is kept', async () => {
    vi.useFakeTimers(); // the window can only close when the test says so
    const { app, memory } = await setup();
    app.on('message', (s) => void s.send('[literal]', { autoEscape: true }));
    const op = await memory.receive(memory.privateMessage(6, 'hi'), { quickWindow: 60_000 });
    expect(op).toEqual({ reply: '[literal]', auto_escape: true });
    expect(memory.calls).toEqual([]);
  });

  it('a reply after the window closes goes as an action and dispatch resolves null', async () => {
    vi.useFakeTimers();
    const { app, memory } = await setup();
    app.on('message', async (s) => {
      await new Promise((r) => setTimeout(r, 1000));
      await s.reply('late');
    });
    const result = memory.receive(memory.groupMessage(5, 6, 'hi', { messageId: 9 }), { quickWindow: 200 });
    await vi.advanceTimersByTimeAsync(200);
    expect(await result).toBeNull();
    await vi.advanceTimersByTimeAsync(1000);
    expect(memory.calls.map((c) => c.action)).toEqual(['send_group_msg']);
  });

  it('gives the adapter { operation, late } from one timer: late when the window closed on a running handler', async () => {
    vi.useFakeTimers();
    const { app, memory } = await setup();
    app.on('message', async (s) => {
      await s.send('in time');
      await new Promise((r) => setTimeout(r, 1000));
      await s.send('after the window');
    });
    const timersBefore = vi.getTimerCount();
    const late = app.dispatch(memory.privateMessage(6, 'slow'), { quickWindow: 200 });
    expect(vi.getTimerCount()).toBe(timersBefore + 1); // the window: one timer for the event
    await vi.advanceTimersByTimeAsync(200);
    expect(await late).toEqual({ operation: { reply: 'in time' }, late: true });
    await vi.advanceTimersByTimeAsync(1000);
    expect(memory.calls.map((c) => c.params.message)).toEqual(['after the window']);
  });

  it('handlers done within the window: { operation: null, late: false } when nothing answered; null without a window', async () => {
    vi.useFakeTimers();
    const { app, memory } = await setup();
    expect(await app.dispatch(memory.groupMessage(5, 6, 'nobody answers'), { quickWindow: 200 })).toEqual({ operation: null, late: false });
    expect(await app.dispatch(memory.groupMessage(5, 6, 'no window'))).toBeNull();
  });

  it('kick, ban and delete join the quick operation of a group message', async () => {
    vi.useFakeTimers(); // the window can only close when the test says so
    const { app, memory } = await setup();
    app.on('message', async (s) => {
      await s.reply('bye');
      await s.delete();
      await s.kick();
      await s.ban(600);
    });
    const op = await memory.receive(memory.groupMessage(5, 6, 'spam', { messageId: 4 }), { quickWindow: 1000 });
    expect(op).toEqual({
      reply: [
        { type: 'reply', data: { id: '4' } },
        { type: 'text', data: { text: 'bye' } },
      ],
      at_sender: false,
      delete: true,
      kick: true,
      ban: true,
      ban_duration: 600,
    });
    expect(memory.calls).toEqual([]);
  });

  it('approve / reject requests: quick when in time, actions otherwise', async () => {
    vi.useFakeTimers(); // the window can only close when the test says so
    const { app, memory } = await setup();
    app.on('request/friend', (s) => s.approve('new friend'));
    app.on('request/group', (s) => s.reject('no thanks'));
    expect(await memory.receive(friendRequest(), { quickWindow: 1000 })).toEqual({ approve: true, remark: 'new friend' });
    expect(await memory.receive(groupRequest(), { quickWindow: 1000 })).toEqual({ approve: false, reason: 'no thanks' });
    expect(memory.calls).toEqual([]);
    await memory.receive(friendRequest());
    await memory.receive(groupRequest());
    expect(memory.calls.map((c) => [c.action, c.params])).toEqual([
      ['set_friend_add_request', { flag: 'f1', approve: true, remark: 'new friend' }],
      ['set_group_add_request', { flag: 'g1', sub_type: 'add', approve: false, reason: 'no thanks' }],
    ]);
  });

  it('without handlers answering, the quick operation is null', async () => {
    const { memory } = await setup();
    expect(await memory.receive(memory.privateMessage(1, 'x'), { quickWindow: 100 })).toBeNull();
    const heartbeat = { time: 1, self_id: BOT, post_type: 'meta_event', meta_event_type: 'heartbeat', status: {}, interval: 5000 } as CQEvent;
    expect(await memory.receive(heartbeat, { quickWindow: 100 })).toBeNull();
  });

  it('kick/ban/delete outside a window call the actions', async () => {
    const { app, memory } = await setup();
    app.on('message', async (s) => {
      await s.delete();
      await s.kick(true);
      await s.ban(60);
    });
    await memory.receive(memory.groupMessage(5, 6, 'spam', { messageId: 4 }));
    expect(memory.calls.map((c) => [c.action, c.params])).toEqual([
      ['delete_msg', { message_id: 4 }],
      ['set_group_kick', { group_id: 5, user_id: 6, reject_add_request: true }],
      ['set_group_ban', { group_id: 5, user_id: 6, duration: 60 }],
    ]);
  });
});

describe('helpers used on the wrong event', () => {
  it('throw at once with a clear message, so even a fire-and-forget call is reported against its plugin', async () => {
    const { app, memory } = await setup();
    const reports: PluginErrorReport[] = [];
    app.on('plugin/error', (r) => void reports.push(r));
    app.plugin(
      definePlugin({
        name: 'careless',
        apply(ctx) {
          ctx.on('message/private', (s) => void s.kick());
          ctx.on('notice/friend_add', (s) => void s.delete());
          ctx.on('meta_event/lifecycle', (s) => void s.send('hello?'));
          ctx.on('message/group', (s) => void s.approve());
        },
      }),
    );
    await memory.receive(memory.privateMessage(1, 'x'));
    await memory.receive({ time: 1, self_id: BOT, post_type: 'notice', notice_type: 'friend_add', user_id: 4 } as CQEvent);
    await memory.receive({ time: 1, self_id: BOT, post_type: 'meta_event', meta_event_type: 'lifecycle', sub_type: 'connect' } as CQEvent);
    await memory.receive(memory.groupMessage(1, 2, 'y'));
    expect(reports.map((r) => [r.plugin, r.event, (r.error as Error).message])).toEqual([
      ['careless', 'message/private', 'kick() needs an event with group_id and user_id; the message/private event lacks them'],
      ['careless', 'notice/friend_add', 'delete() needs an event with a message_id; the notice/friend_add event has none'],
      ['careless', 'meta_event/lifecycle', 'send() needs an event that names a chat; the meta_event/lifecycle event names none'],
      ['careless', 'message/group', 'approve() needs a request event; this is message/group'],
    ]);
    expect(memory.calls).toEqual([]);
  });
});

describe('fire-and-forget helpers', () => {
  it('a send nobody awaits that fails is reported as send/failed, not an unhandled rejection', async () => {
    const { app, memory } = await setup();
    memory.fail('send_private_msg', 103);
    memory.fail('delete_msg', 103);
    memory.fail('get_status', 100);
    const failures: string[] = [];
    app.on('send/failed', (f) => void failures.push(f.action));
    app.on('message', (s) => {
      void s.send('x');
      void s.delete();
      void s.bot.getStatus();
    });
    await memory.receive(memory.privateMessage(1, 'x'));
    await new Promise((r) => setImmediate(r));
    expect(failures.sort()).toEqual(['delete_msg', 'send_private_msg']);
  });

  it("a command's answer does not hold its event, and its failure is reported once, as send/failed", async () => {
    const clock = manualClock();
    const { app, memory } = await setup({ clock });
    let answerSend: ((error: unknown) => void) | undefined;
    memory.respond('send_group_msg', () => new Promise((_, reject) => (answerSend = reject)));
    const failures: string[] = [];
    const pluginErrors: unknown[] = [];
    app.on('send/failed', (f) => void failures.push(`${f.action} ${f.error.kind}`));
    app.on('plugin/error', (r) => void pluginErrors.push(r));
    app.command('hi').action(() => 'hello');
    // The event is done once the handler returned, while the answer is still in flight.
    await memory.receive(memory.groupMessage(7, 2, '/hi'));
    expect(app.eventsInProgress).toBe(0);
    expect(memory.callsOf('send_group_msg').map((c) => c.params.message)).toEqual(['hello']);
    expect(app.isIdle).toBe(false);
    answerSend!(new ActionError({ action: 'send_group_msg', kind: 'retcode', retcode: 103, status: 'failed' }));
    await app.idle();
    expect(failures).toEqual(['send_group_msg retcode']);
    expect(pluginErrors).toEqual([]);
    expect(app.metrics.pluginErrors).toBe(0);
  });
});
