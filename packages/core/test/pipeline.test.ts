import {
  type CQEvent,
  eventTable,
  type FriendPokeNotice,
  type GroupIncreaseNotice,
  type GroupPokeNotice,
  type GroupRequestEvent,
  type PrivateMessageEvent,
} from '@cqkit/protocol';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type DedupeConfig, dedupe, type Events, PluginConfigError, type SendFailure, type Session, type SessionEventName } from '../src/index.js';
import { resolveDedupeConfig } from '../src/plugins/dedupe.js';
import { BOT, sentMessages, setup } from './helpers.js';
import { manualClock } from './manual-clock.js';

describe('middleware', () => {
  it('runs in order, prepend goes first, and the chain ends in command matching', async () => {
    const { app, memory } = await setup();
    const order: string[] = [];
    app.middleware(async (_s, next) => {
      order.push('a:before');
      await next();
      order.push('a:after');
    });
    app.middleware((_s, next) => {
      order.push('b');
      return next();
    });
    app.middleware(
      (_s, next) => {
        order.push('first');
        return next();
      },
      { prepend: true },
    );
    app.command('cmd').action(() => void order.push('command'));
    await memory.receive(memory.privateMessage(1, '/cmd'));
    expect(order).toEqual(['first', 'a:before', 'b', 'command', 'a:after']);
  });

  it('a middleware that does not call next stops the chain (and commands)', async () => {
    const { app, memory } = await setup();
    const order: string[] = [];
    app.middleware((session, next) => {
      order.push('gate');
      if (session.plainText.includes('blocked')) return;
      return next();
    });
    app.middleware((_s, next) => {
      order.push('later');
      return next();
    });
    app.command('blocked').action(() => 'should not run');
    await memory.receive(memory.privateMessage(1, '/blocked'));
    expect(order).toEqual(['gate']);
    expect(sentMessages(memory)).toEqual([]);
  });

  it('calling next twice runs the rest once', async () => {
    const { app, memory } = await setup();
    let later = 0;
    app.middleware(async (_s, next) => {
      await next();
      await next();
    });
    app.middleware((_s, next) => {
      later++;
      return next();
    });
    await memory.receive(memory.privateMessage(1, 'x'));
    expect(later).toBe(1);
  });
});

describe('filters', () => {
  it('scope listeners, middleware and commands to a group, a user, private chats, a bot', async () => {
    const { app, memory } = await setup();
    const seen: string[] = [];
    app.group(100).on('message', (s) => void seen.push(`group100:${s.plainText}`));
    app.group().on('message', (s) => void seen.push(`anygroup:${s.plainText}`));
    app.user(7).on('message', (s) => void seen.push(`user7:${s.plainText}`));
    app.private().on('message', (s) => void seen.push(`private:${s.plainText}`));
    app.private(8).on('message', (s) => void seen.push(`private8:${s.plainText}`));
    app.self(BOT).on('message', (s) => void seen.push(`self:${s.plainText}`));
    app.self(999).on('message', (s) => void seen.push(`other-bot:${s.plainText}`));
    app.group(100).user(7).on('message', (s) => void seen.push(`g100u7:${s.plainText}`));
    app.group(200).middleware((s, next) => {
      seen.push(`mw200:${s.plainText}`);
      return next();
    });
    app.group(100).command('only100').action(() => 'in 100');
    await memory.receive(memory.groupMessage(100, 7, 'a'));
    await memory.receive(memory.groupMessage(200, 8, 'b'));
    await memory.receive(memory.privateMessage(8, 'c'));
    await memory.receive(memory.groupMessage(200, 8, '/only100'));
    await memory.receive(memory.groupMessage(100, 8, '/only100'));
    expect(seen.filter((s) => !s.includes('only100'))).toEqual([
      'group100:a',
      'anygroup:a',
      'user7:a',
      'self:a',
      'g100u7:a',
      'anygroup:b',
      'self:b',
      'mw200:b',
      'private:c',
      'private8:c',
      'self:c',
    ]);
    expect(sentMessages(memory)).toEqual(['in 100']);
  });

  it('with no ids, user() means any session with a user, private() any private chat, self() every bot', async () => {
    const { app, memory } = await setup();
    const seen: string[] = [];
    app.user().on('message', (s) => void seen.push(`user:${s.plainText}`));
    app.user().on('notice', () => void seen.push('user:notice'));
    app.private().on('message', (s) => void seen.push(`private:${s.plainText}`));
    app.self().on('message', (s) => void seen.push(`self:${s.plainText}`));
    await memory.receive(memory.groupMessage(1, 2, 'g'));
    await memory.receive(memory.privateMessage(3, 'p'));
    // A lifecycle event has no user: user() does not see it; a friend_add notice has one.
    await memory.receive({ time: 1, self_id: BOT, post_type: 'meta_event', meta_event_type: 'lifecycle', sub_type: 'connect' } as CQEvent);
    await memory.receive({ time: 1, self_id: BOT, post_type: 'notice', notice_type: 'friend_add', user_id: 4 } as CQEvent);
    expect(seen).toEqual(['user:g', 'self:g', 'user:p', 'private:p', 'self:p', 'user:notice']);
  });

  it('filters scope keyword and regex matchers and gate nothing else', async () => {
    const { app, memory } = await setup();
    app.group(1).keyword('hi', () => 'hi group 1');
    app.private().regex(/^ping$/, () => 'pong in private');
    await memory.receive(memory.groupMessage(1, 2, 'hi'));
    await memory.receive(memory.groupMessage(2, 2, 'hi'));
    await memory.receive(memory.groupMessage(1, 2, 'ping'));
    await memory.receive(memory.privateMessage(2, 'ping'));
    expect(sentMessages(memory)).toEqual(['hi group 1', 'pong in private']);
  });
});

function sampleEvent(spec: (typeof eventTable)[number]): CQEvent {
  const event: Record<string, unknown> = { time: 1, self_id: BOT, post_type: spec.postType, [spec.detailKey]: spec.detail };
  for (const field of spec.fields) {
    if (field.name in event) continue;
    if (field.name === 'sub_type') event.sub_type = spec.notifySubType ?? field.values?.[0] ?? 'x';
    else if (field.type === 'number') event[field.name] = 1;
    else if (field.type === 'string' || field.type === 'message') event[field.name] = field.values?.[0] ?? 'x';
    else if (field.type === 'boolean') event[field.name] = true;
    else if (field.type === 'object') event[field.name] = field.nullable ? null : {};
  }
  return event as unknown as CQEvent;
}

describe('typed event names', () => {
  it('every catalogue event reaches listeners of each of its names, with a Session', async () => {
    const { app, memory } = await setup();
    const heard = new Map<string, Session[]>();
    const names = new Set(eventTable.flatMap((spec) => spec.names));
    for (const name of names) {
      app.on(name as 'message', (session) => {
        heard.set(name, [...(heard.get(name) ?? []), session]);
      });
    }
    expect(eventTable).toHaveLength(24);
    for (const spec of eventTable) {
      const before = new Map([...heard].map(([k, v]) => [k, v.length]));
      await memory.receive(sampleEvent(spec));
      for (const name of spec.names) {
        expect(heard.get(name)?.length, `${spec.id} on ${name}`).toBe((before.get(name) ?? 0) + 1);
        expect(heard.get(name)!.at(-1)!.event.post_type).toBe(spec.postType);
      }
    }
    expect(heard.get('notice/notify/poke')).toHaveLength(2);
    expect(heard.get('message')).toHaveLength(3);
  });

  it('EventName has exactly the catalogue names, each typed with its own event', () => {
    // A missing or extra key here is a compile error; the runtime check pins it to the catalogue.
    const every: Record<SessionEventName, true> = {
      message: true,
      'message/private': true,
      'message/group': true,
      'message/discuss': true,
      notice: true,
      'notice/group_upload': true,
      'notice/group_admin': true,
      'notice/group_decrease': true,
      'notice/group_increase': true,
      'notice/group_ban': true,
      'notice/friend_add': true,
      'notice/group_recall': true,
      'notice/friend_recall': true,
      'notice/notify': true,
      'notice/notify/poke': true,
      'notice/notify/lucky_king': true,
      'notice/notify/honor': true,
      'notice/notify/title': true,
      'notice/group_card': true,
      'notice/offline_file': true,
      'notice/client_status': true,
      'notice/essence': true,
      request: true,
      'request/friend': true,
      'request/group': true,
      meta_event: true,
      'meta_event/lifecycle': true,
      'meta_event/heartbeat': true,
    };
    expect(new Set(Object.keys(every))).toEqual(new Set(eventTable.flatMap((spec) => spec.names)));
    expectTypeOf<Parameters<Events['notice/group_increase']>[0]>().toEqualTypeOf<Session<GroupIncreaseNotice>>();
    expectTypeOf<Parameters<Events['message/private']>[0]['event']>().toEqualTypeOf<PrivateMessageEvent>();
    expectTypeOf<Parameters<Events['notice/notify/poke']>[0]['event']>().toEqualTypeOf<GroupPokeNotice | FriendPokeNotice>();
    expectTypeOf<Parameters<Events['request/group']>[0]['event']['sub_type']>().toEqualTypeOf<GroupRequestEvent['sub_type']>();
    expectTypeOf<Parameters<Events['send/failed']>[0]>().toEqualTypeOf<SendFailure>();
  });

  it('typed handlers: message/group gets a group session', async () => {
    const { app, memory } = await setup();
    const groups: number[] = [];
    app.on('message/group', (session) => void groups.push(session.event.group_id));
    app.on('notice/group_increase', (session) => void groups.push(session.event.user_id));
    await memory.receive(memory.groupMessage(321, 1, 'x'));
    expect(groups).toEqual([321]);
  });
});

describe('dedupe plugin', () => {
  it('drops a message seen before (same self id + message id) and a repeated payload within the window', async () => {
    const { app, memory } = await setup();
    app.plugin(dedupe, { window: 1000 });
    expect(() => app.plugin(dedupe)).toThrow(/already loaded/);
    const seen: number[] = [];
    app.on('message', (s) => void seen.push(s.messageId!));
    const notices: unknown[] = [];
    app.on('notice', (s) => void notices.push(s.event));
    const msg = memory.privateMessage(1, 'x', { messageId: 77 });
    await memory.receive(msg);
    await memory.receive({ ...msg, time: msg.time + 1 });
    await memory.receive(memory.privateMessage(1, 'x', { messageId: 78 }));
    const notice = { time: 5, self_id: BOT, post_type: 'notice', notice_type: 'friend_add', user_id: 9 } as CQEvent;
    await memory.receive(notice);
    await memory.receive({ ...notice });
    expect(seen).toEqual([77, 78]);
    expect(notices).toHaveLength(1);
    expect(app.metrics.dropped).toBe(2);
  });

  it('forgets entries after the window', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers();
    try {
      const { app, memory } = await setup();
      app.plugin(dedupe, { window: 1000, by: 'message-id' });
      let count = 0;
      app.on('message', () => void count++);
      const msg = memory.privateMessage(1, 'x', { messageId: 5 });
      await memory.receive(msg);
      vi.advanceTimersByTime(1001);
      await memory.receive(msg);
      expect(count).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('dedupe config', () => {
  it('a bad key is refused with a PluginConfigError naming it, and the plugin is not left loaded', async () => {
    const { app } = await setup();
    const bad = { window: -5, maxEntries: 1.5, by: 'id' } as unknown as DedupeConfig;
    let error: unknown;
    try {
      app.plugin(dedupe, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PluginConfigError);
    const issues = (error as PluginConfigError).issues.map((i) => i.path);
    expect(issues).toEqual(['window', 'maxEntries', 'by']);
    expect((error as Error).message).toMatch(/plugin "dedupe": window: expected a positive whole number, got number -5/);
    expect(() => app.plugin(dedupe, 'often' as unknown as DedupeConfig)).toThrow(/plugin "dedupe": expected an object, got "often"/);
    // Refused loads leave nothing behind: a good config loads afterwards.
    expect(() => app.plugin(dedupe, { by: 'payload' })).not.toThrow();
  });

  it('defaults fill every key left out', () => {
    expect(resolveDedupeConfig(undefined)).toEqual({ window: 60_000, maxEntries: 10_000, by: 'both' });
    expect(resolveDedupeConfig({ window: 5 })).toEqual({ window: 5, maxEntries: 10_000, by: 'both' });
  });
});

describe('dedupe on an injected clock', () => {
  it('windows follow the app clock and the entry bound holds', async () => {
    const clock = manualClock();
    const { app, memory } = await setup({ clock });
    app.plugin(dedupe, { window: 1000, maxEntries: 2, by: 'message-id' });
    const seen: number[] = [];
    app.on('message', (s) => void seen.push(s.messageId!));
    const m = (id: number) => memory.privateMessage(1, 'x', { messageId: id });
    await memory.receive(m(1));
    clock.advance(999);
    await memory.receive(m(1)); // duplicate: still within the window
    clock.advance(1);
    await memory.receive(m(1)); // window over: seen again
    await memory.receive(m(2));
    await memory.receive(m(3)); // the bound of 2 forgets the oldest entry (1)...
    await memory.receive(m(1)); // ...so 1 passes once more
    await memory.receive(m(3)); // 3 is still remembered
    expect(seen).toEqual([1, 1, 2, 3, 1]);
    expect(app.metrics.dropped).toBe(2);
  });
});

describe('unknown bots', () => {
  it('drops events for a self id no adapter registered when several bots exist', async () => {
    const { app, memory } = await setup();
    app.addBot(20002, { call: async () => null });
    let heard = 0;
    app.on('message', () => void heard++);
    await app.dispatch({ ...memory.privateMessage(1, 'x'), self_id: 55555 });
    expect(heard).toBe(0);
    expect(app.metrics.dropped).toBe(1);
  });
});

describe('malformed events', () => {
  it('a message the core cannot read is logged, and dispatch still resolves', async () => {
    const { app, memory } = await setup();
    app.command('ping').action(() => 'pong');
    const broken = { ...memory.privateMessage(1, 'x'), message: 42 } as unknown as CQEvent;
    await expect(app.dispatch(broken)).resolves.toBeNull();
    await memory.receive(memory.privateMessage(1, '/ping'));
    expect(sentMessages(memory)).toEqual(['pong']);
  });

  it('an array message with a segment no CQ string can carry still runs commands, without that segment', async () => {
    const { app, memory } = await setup();
    app.command('echo <text:text>').action(({ args }) => args.text as string);
    const texts: string[] = [];
    app.on('message', (s) => void texts.push(s.plainText));
    const message = [
      { type: 'text', data: { text: '/echo a & b ' } },
      { type: 'odd-type', data: { x: '1' } },
      { type: 'face', data: { id: '14' } },
    ];
    await memory.receive({ ...memory.privateMessage(1, ''), message } as unknown as CQEvent);
    expect(texts).toEqual(['/echo a & b ']);
    expect(sentMessages(memory)).toEqual(['a &amp; b [CQ:face,id=14]']);
    expect(app.metrics.pluginErrors).toBe(0);
  });
});
