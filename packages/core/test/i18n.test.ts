// Translations: the i18n service, session.text with its fallback chain and per-session hooks, the
// types that catch a missing key or parameter, core's texts in zh-CN by default and en-US on request,
// the hints for messages that meant a command, and quick replies counted in the metrics.
import { afterEach, describe, expect, it } from 'vitest';
import { type App, coreEnUS, coreZhCN, createApp, definePlugin, I18n, type MemoryAdapter, memoryAdapter, type Session } from '../src/index.js';
import { BOT, sentMessages } from './helpers.js';

declare module '../src/index.js' {
  interface Messages {
    'test.rolled': { value: number };
    'test.only-english': Record<string, never>;
  }
}

let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function start(options: Parameters<typeof createApp>[0] = {}): Promise<{ app: App; memory: MemoryAdapter }> {
  app = createApp({ logLevel: 'silent', scheduler: { global: false, perGroup: false, perUser: false, perDiscuss: false }, ...options });
  const memory = memoryAdapter({ selfIds: [BOT] });
  app.adapter(memory);
  app.command('roll <sides:integer>').action(({ args }) => `rolled ${args.sides}`);
  app.command('status').action(() => 'ok');
  app.command('kick <who:user>').permission('admin').action(() => 'kicked');
  await app.start();
  return { app, memory };
}

describe('the i18n service', () => {
  it('falls back from the locale to en-US, then to the key', () => {
    const i18n = new I18n('zh-CN');
    i18n.define('zh-CN', { 'test.rolled': '掷出了 {value}' });
    i18n.define('en-US', { 'test.rolled': 'rolled {value}', 'test.only-english': 'English only' });
    expect(i18n.text('test.rolled', { value: 6 })).toBe('掷出了 6');
    expect(i18n.text('test.rolled', { value: 6 }, 'en-US')).toBe('rolled 6');
    expect(i18n.text('test.only-english')).toBe('English only');
    expect(i18n.text('test.rolled', { value: 6 }, 'ja-JP')).toBe('rolled 6');
    const undo = i18n.define('zh-CN', { 'test.rolled': ({ value }) => (value === 6 ? '六！' : `${value}`) });
    expect(i18n.text('test.rolled', { value: 6 })).toBe('六！');
    undo();
    expect(i18n.text('test.rolled', { value: 6 })).toBe('掷出了 6');
    expect(new I18n().text('test.rolled', { value: 1 })).toBe('test.rolled');
  });

  it('has complete core catalogues in zh-CN and en-US with the same placeholders', () => {
    const names = (t: unknown) => [...String(t).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(coreZhCN).sort()).toEqual(Object.keys(coreEnUS).sort());
    for (const key of Object.keys(coreEnUS) as (keyof typeof coreEnUS)[]) expect(names(coreZhCN[key]), key).toEqual(names(coreEnUS[key]));
  });

  it('types catch an unknown key, a missing parameter and a placeholder without a parameter', () => {
    const i18n = new I18n();
    const check = (session: Session) => {
      session.text('test.rolled', { value: 1 });
      session.text('test.only-english');
      // @ts-expect-error an unknown key
      session.text('test.nope');
      // @ts-expect-error the parameter is missing
      session.text('test.rolled');
      // @ts-expect-error a parameter of the wrong name
      session.text('test.rolled', { sides: 1 });
    };
    expect(typeof check).toBe('function');
    const plugin = definePlugin({
      name: 'typed',
      apply(ctx) {
        ctx.i18n.define('zh-CN', { 'test.rolled': '掷出了 {value}' });
        // @ts-expect-error {sides} is not a parameter of test.rolled
        ctx.i18n.define('zh-CN', { 'test.rolled': '掷出了 {sides}' });
        // @ts-expect-error not a key
        ctx.i18n.define('zh-CN', { 'test.unknown': 'x' });
      },
    });
    expect(plugin.name).toBe('typed');
    expect(i18n.locale).toBe('zh-CN');
  });
});

describe('core texts', () => {
  it('answer in Chinese by default: parse errors, usage, permission', async () => {
    const { memory } = await start();
    await memory.receive(memory.privateMessage(2001, '/roll six'));
    await memory.receive(memory.groupMessage(3001, 2002, '/kick 2003', { role: 'member' }));
    expect(sentMessages(memory)).toEqual(['参数 <sides:integer> 应为整数，收到的是 "six"\n用法：/roll <sides:integer>', '权限不足：kick 需要管理员权限']);
  });

  it('answer in English with locale en-US', async () => {
    const { memory } = await start({ locale: 'en-US' });
    await memory.receive(memory.privateMessage(2001, '/roll'));
    await memory.receive(memory.groupMessage(3001, 2002, '/kick 2003', { role: 'member' }));
    expect(sentMessages(memory)).toEqual(['missing argument <sides:integer>\nusage: /roll <sides:integer>', 'permission denied: kick needs admin']);
  });

  it('a hook chooses the locale per group, and a plugin can override core texts until it unloads', async () => {
    const { app, memory } = await start();
    const english = definePlugin({
      name: 'english-groups',
      apply(ctx) {
        ctx.i18n.resolveWith((session) => (session.groupId === 3002 ? 'en-US' : undefined));
        ctx.i18n.define('zh-CN', { 'core.parse.missing-argument': '少了 {argument}' });
      },
    });
    const loaded = app.plugin(english);
    await memory.receive(memory.groupMessage(3001, 2002, '/roll'));
    await memory.receive(memory.groupMessage(3002, 2002, '/roll'));
    loaded.dispose();
    await memory.receive(memory.groupMessage(3002, 2002, '/roll'));
    expect(sentMessages(memory).map((m) => String(m).split('\n')[0])).toEqual(['少了 <sides:integer>', 'missing argument <sides:integer>', '缺少参数 <sides:integer>']);
  });
});

describe('messages that meant a command', () => {
  it('an unknown /command gets the closest names, or the pointer to help', async () => {
    const { memory } = await start();
    await memory.receive(memory.privateMessage(2001, '/stauts'));
    await memory.receive(memory.privateMessage(2001, '/nosuch'));
    expect(sentMessages(memory)).toEqual(['未知命令 /stauts，你是不是想用：/status？', '未知命令 /nosuch，发送 /help 查看全部命令']);
  });

  it('a bare command name in a private chat, or an @ of the bot alone, gets the hint; in groups bare words do not', async () => {
    const { memory } = await start();
    await memory.receive(memory.privateMessage(2001, 'status'));
    await memory.receive(memory.privateMessage(2001, 'hello there'));
    await memory.receive(memory.groupMessage(3001, 2002, 'status'));
    await memory.receive(memory.groupMessage(3001, 2002, `[CQ:at,qq=${BOT}]`));
    await memory.receive(memory.groupMessage(3001, 2002, `[CQ:at,qq=${BOT}] how are you`));
    expect(sentMessages(memory)).toEqual(['命令以 / 开头，试试 /help', '命令以 / 开头，试试 /help', '命令以 / 开头，试试 /help']);
  });

  it('is configurable, and quiet when something else answered', async () => {
    const { app, memory } = await start({ hints: { unknownCommand: false, mention: false, group: true } });
    app.keyword('sttaus', () => 'a keyword answered');
    await memory.receive(memory.privateMessage(2001, '/nosuch'));
    await memory.receive(memory.groupMessage(3001, 2002, `[CQ:at,qq=${BOT}]`));
    await memory.receive(memory.groupMessage(3001, 2002, 'status'));
    await memory.receive(memory.privateMessage(2001, 'sttaus'));
    expect(sentMessages(memory)).toEqual(['命令以 / 开头，试试 /help', 'a keyword answered']);
    await app.stop();
    const off = await start({ hints: false });
    await off.memory.receive(off.memory.privateMessage(2001, '/nosuch'));
    await off.memory.receive(off.memory.privateMessage(2001, 'status'));
    expect(sentMessages(off.memory)).toEqual([]);
  });
});

describe('metrics', () => {
  it('counts replies that went out as quick operations', async () => {
    const { app, memory } = await start();
    const op = await memory.receive(memory.privateMessage(2001, '/roll 6'), { quickWindow: 1000 });
    expect(op).toMatchObject({ reply: 'rolled 6' });
    expect(app.metrics.quickReplies).toBe(1);
    expect(app.metrics.bots.get(BOT)?.sent).toBe(0);
  });
});
