import { parseCQ, plainText } from '@cqkit/protocol';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CommandConflictError, CommandDeclarationError, definePlugin } from '../src/index.js';
import { BOT, sentMessages, setup } from './helpers.js';

describe('commands: arguments', () => {
  it('parses string, number, integer, user and text arguments', async () => {
    const { app, memory } = await setup();
    const seen: unknown[] = [];
    app.command('give <who:user> <count:integer> <weight:number> <item> [note:text]').action(({ args }) => void seen.push(args));
    await memory.receive(memory.groupMessage(7, 1, '/give [CQ:at,qq=123456] 3 1.5 apple for the road &amp; more'));
    await memory.receive(memory.groupMessage(7, 1, '/give @654321 1 -2 "golden pear"'));
    await memory.receive(memory.groupMessage(7, 1, '/give 999999 0 0 x'));
    expect(seen).toEqual([
      { who: 123456, count: 3, weight: 1.5, item: 'apple', note: 'for the road &amp; more' },
      { who: 654321, count: 1, weight: -2, item: 'golden pear' },
      { who: 999999, count: 0, weight: 0, item: 'x' },
    ]);
  });

  it('trap: string and text arguments keep escapes, so typed brackets sent back stay text', async () => {
    const { app, memory } = await setup();
    app.command('say <word> [rest:text]').action(({ args }) => `${args.word}|${args.rest ?? ''}`);
    // What a server delivers when a user types "[CQ:at,qq=all]" literally: escaped text.
    await memory.receive(memory.groupMessage(7, 1, '/say &#91;CQ:at,qq=all&#93; &#91;CQ:at,qq=all&#93; &amp;'));
    const [sent] = sentMessages(memory) as string[];
    expect(sent).toBe('&#91;CQ:at,qq=all&#93;|&#91;CQ:at,qq=all&#93; &amp;');
    expect(parseCQ(sent!).map((s) => s.type)).toEqual(['text']);
    expect(plainText(sent!)).toBe('[CQ:at,qq=all]|[CQ:at,qq=all] &');
  });

  it('a text argument keeps the raw rest, CQ codes included', async () => {
    const { app, memory } = await setup();
    app.command('echo <text:text>').action(({ args }) => args.text as string);
    await memory.receive(memory.privateMessage(1, '/echo  look [CQ:face,id=14]  here '));
    expect(sentMessages(memory)).toEqual(['look [CQ:face,id=14]  here']);
  });

  it('replies with clear parse errors: missing argument, not a number, not an integer, not a user, unexpected', async () => {
    const { app, memory } = await setup();
    let runs = 0;
    app.command('roll <sides:integer> [times:number]').action(() => void runs++);
    app.command('poke <target:user>').action(() => void runs++);
    await memory.receive(memory.privateMessage(1, '/roll'));
    await memory.receive(memory.privateMessage(1, '/roll six'));
    await memory.receive(memory.privateMessage(1, '/roll 2.5'));
    await memory.receive(memory.privateMessage(1, '/roll 6 lots'));
    await memory.receive(memory.privateMessage(1, '/roll 6 2 extra'));
    await memory.receive(memory.privateMessage(1, '/poke someone'));
    expect(runs).toBe(0);
    expect(sentMessages(memory)).toEqual([
      'missing argument <sides:integer>\nusage: /roll <sides:integer> [times:number]',
      'argument <sides:integer> must be a whole number, got "six"\nusage: /roll <sides:integer> [times:number]',
      'argument <sides:integer> must be a whole number, got "2.5"\nusage: /roll <sides:integer> [times:number]',
      'argument [times:number] must be a number, got "lots"\nusage: /roll <sides:integer> [times:number]',
      'unexpected argument "extra"\nusage: /roll <sides:integer> [times:number]',
      'argument <target:user> must be a user (@mention or QQ number), got "someone"\nusage: /poke <target:user>',
    ]);
  });

  it('rejects bad declarations at registration', async () => {
    const { app } = await setup();
    expect(() => app.command('bad <x:float>')).toThrow(CommandDeclarationError);
    expect(() => app.command('bad <rest:text> <more>')).toThrow(/must come last/);
    expect(() => app.command('bad [a] <b>')).toThrow(/required argument cannot follow/);
    expect(() => app.command('<a>')).toThrow(/no name/);
  });
});

describe('commands: options', () => {
  it('parses valued options, boolean flags, --name=value, bundles, --no-flag and defaults', async () => {
    const { app, memory } = await setup();
    const seen: unknown[] = [];
    app
      .command('say <text:text>')
      .option('-n, --times <n:integer>', 'how many times', { default: 1 })
      .option('-l, --loud', 'upper case')
      .option('-q, --quiet')
      .option('--to <user:user>')
      .action(({ args, options }) => void seen.push({ args, options }));
    await memory.receive(memory.privateMessage(1, '/say hi'));
    await memory.receive(memory.privateMessage(1, '/say -n 3 -l hi there'));
    await memory.receive(memory.privateMessage(1, '/say --times=2 --to [CQ:at,qq=55555] -lq yo'));
    await memory.receive(memory.privateMessage(1, '/say --loud --no-loud x'));
    expect(seen).toEqual([
      { args: { text: 'hi' }, options: { times: 1, loud: false, quiet: false } },
      { args: { text: 'hi there' }, options: { times: 3, loud: true, quiet: false } },
      { args: { text: 'yo' }, options: { times: 2, loud: true, quiet: true, to: 55555 } },
      { args: { text: 'x' }, options: { times: 1, loud: false, quiet: false } },
    ]);
  });

  it('replies on unknown options and bad option values', async () => {
    const { app, memory } = await setup();
    let runs = 0;
    app.command('say <text:text>').option('-n, --times <n:integer>').action(() => void runs++);
    await memory.receive(memory.privateMessage(1, '/say --volume 3 hi'));
    await memory.receive(memory.privateMessage(1, '/say -x hi'));
    await memory.receive(memory.privateMessage(1, '/say -n many hi'));
    await memory.receive(memory.privateMessage(1, '/say -n'));
    expect(runs).toBe(0);
    // The reply lists the options too: the synopsis alone would not say which ones exist.
    const usage = '\nusage: /say <text:text>\noptions: -n, --times <n:integer>';
    expect(sentMessages(memory)).toEqual([
      `unknown option --volume${usage}`,
      `unknown option -x${usage}`,
      `option -n, --times <n:integer> must be a whole number, got "many"${usage}`,
      `option -n, --times <n:integer> needs a value${usage}`,
    ]);
  });

  it('-- ends the options: what follows is arguments, dashes included', async () => {
    const { app, memory } = await setup();
    app.command('grep <pattern> [file]').option('-i, --ignore-case').action(({ args, options }) => `${args.pattern} ${args.file ?? '-'} ${options.ignoreCase}`);
    await memory.receive(memory.privateMessage(1, '/grep -i -- -v x'));
    await memory.receive(memory.privateMessage(1, '/grep -- --help'));
    expect(sentMessages(memory)).toEqual(['-v x true', '--help - false']);
  });

  it('a negative number is an argument, not an option', async () => {
    const { app, memory } = await setup();
    app.command('add <a:number> <b:number>').action(({ args }) => String((args.a as number) + (args.b as number)));
    await memory.receive(memory.privateMessage(1, '/add -5 2'));
    expect(sentMessages(memory)).toEqual(['-3']);
  });
});

describe('commands: names, prefixes, triggers', () => {
  it('aliases trigger the command', async () => {
    const { app, memory } = await setup();
    app.command('echo <text:text>').alias('say', '复读').action(({ args }) => args.text as string);
    await memory.receive(memory.privateMessage(1, '/say a'));
    await memory.receive(memory.privateMessage(1, '/复读 b'));
    expect(sentMessages(memory)).toEqual(['a', 'b']);
  });

  it('supports several prefixes and the longest wins', async () => {
    const { app, memory } = await setup({ prefix: ['!', '!!', '#'] });
    const seen: string[] = [];
    app.command('a').action(() => void seen.push('a'));
    app.command('!a').action(() => void seen.push('!a'));
    await memory.receive(memory.privateMessage(1, '!a'));
    await memory.receive(memory.privateMessage(1, '#a'));
    await memory.receive(memory.privateMessage(1, '!!a'));
    await memory.receive(memory.privateMessage(1, '/a'));
    await memory.receive(memory.privateMessage(1, 'a'));
    expect(seen).toEqual(['a', 'a', 'a']);
  });

  it('an empty prefix allows bare commands', async () => {
    const { app, memory } = await setup({ prefix: '' });
    app.command('ping').action(() => 'pong');
    await memory.receive(memory.privateMessage(1, 'ping'));
    expect(sentMessages(memory)).toEqual(['pong']);
  });

  it('an @ of the bot triggers a command without a prefix (also with a name field), an @ of someone else does not', async () => {
    const { app, memory } = await setup();
    app.command('ping').action(() => 'pong');
    await memory.receive(memory.groupMessage(7, 1, `[CQ:at,qq=${BOT}] ping`));
    await memory.receive(memory.groupMessage(7, 1, `[CQ:at,qq=${BOT},name=bot]ping`));
    await memory.receive(memory.groupMessage(7, 1, `[CQ:at,qq=${BOT}] /ping`));
    await memory.receive(memory.groupMessage(7, 1, `[CQ:reply,id=5][CQ:at,qq=${BOT}] ping`));
    await memory.receive(memory.groupMessage(7, 1, '[CQ:reply,id=5] /ping'));
    await memory.receive(memory.groupMessage(7, 1, '[CQ:at,qq=42] ping'));
    await memory.receive(memory.groupMessage(7, 1, 'ping'));
    await memory.receive(memory.groupMessage(7, 1, `[CQ:at,qq=${BOT}2] ping`)); // another account whose number starts with ours
    await memory.receive(memory.groupMessage(7, 1, `  [CQ:at,qq=${BOT}]   ping`));
    await memory.receive(memory.groupMessage(7, 1, ' /ping'));
    // Trap: a typed (escaped) mention is text, not a mention of the bot.
    await memory.receive(memory.groupMessage(7, 1, `&#91;CQ:at,qq=${BOT}&#93; ping`));
    expect(sentMessages(memory)).toEqual(['pong', 'pong', 'pong', 'pong', 'pong', 'pong', 'pong']);
  });

  it('the at-trigger can be turned off; private chats can go without prefix', async () => {
    const { app, memory } = await setup({ atTrigger: false, privateWithoutPrefix: true });
    app.command('ping').action(() => 'pong');
    await memory.receive(memory.groupMessage(7, 1, `[CQ:at,qq=${BOT}] ping`));
    await memory.receive(memory.privateMessage(1, 'ping'));
    expect(sentMessages(memory)).toEqual(['pong']);
  });

  it('sub-commands answer to "admin.kick" and "admin kick"; the group name lists them', async () => {
    const { app, memory } = await setup();
    const seen: unknown[] = [];
    app.command('admin.kick <who:user>', 'remove a member').action(({ args }) => void seen.push(['kick', args.who]));
    app.command('admin ban <who:user> [minutes:integer]', 'mute a member').action(({ args }) => void seen.push(['ban', args.who, args.minutes]));
    await memory.receive(memory.groupMessage(7, 1, '/admin kick 123456'));
    await memory.receive(memory.groupMessage(7, 1, '/admin.ban 123456 5'));
    await memory.receive(memory.groupMessage(7, 1, '/admin'));
    expect(seen).toEqual([
      ['kick', 123456],
      ['ban', 123456, 5],
    ]);
    expect(sentMessages(memory)).toEqual([
      '/admin has sub-commands:\n  /admin kick <who:user>  remove a member\n  /admin ban <who:user> [minutes:integer]  mute a member',
    ]);
    expect(app.commands.map((c) => c.name)).toEqual(['admin.kick', 'admin.ban']);
  });

  it('sub-commands nest to any depth and the longest name wins', async () => {
    const { app, memory } = await setup();
    const seen: unknown[] = [];
    app.command('admin.user.add <who:user>', 'add a user').action(({ args }) => void seen.push(['add', args.who]));
    app.command('admin.user <who:user>', 'show a user').action(({ args }) => void seen.push(['show', args.who]));
    app.command('admin.kick <who:user>').action(({ args }) => void seen.push(['kick', args.who]));
    await memory.receive(memory.groupMessage(7, 1, '/admin user add 123456'));
    await memory.receive(memory.groupMessage(7, 1, '/admin user.add 123457'));
    await memory.receive(memory.groupMessage(7, 1, '/admin user 123458'));
    await memory.receive(memory.groupMessage(7, 1, '/admin kick 123459'));
    await memory.receive(memory.groupMessage(7, 1, '/admin'));
    expect(seen).toEqual([
      ['add', 123456],
      ['add', 123457],
      ['show', 123458],
      ['kick', 123459],
    ]);
    // The listing shows names as they are typed, and each of them works as shown.
    expect(sentMessages(memory)).toEqual([
      '/admin has sub-commands:\n  /admin user add <who:user>  add a user\n  /admin user <who:user>  show a user\n  /admin kick <who:user>',
    ]);
  });

  it('a command without an action replies with its usage', async () => {
    const { app, memory } = await setup();
    app.command('info <topic>', 'show info');
    await memory.receive(memory.privateMessage(1, '/info x'));
    expect(sentMessages(memory)).toEqual(['/info <topic>\n  show info']);
  });
});

describe('commands: help and usage', () => {
  it('generates usage for every command', async () => {
    const { app } = await setup();
    app
      .command('echo <text:text>', 'repeat what you say')
      .alias('say')
      .option('-n, --times <n:integer>', 'repeat count', { default: 1 })
      .option('-l, --loud', 'shout')
      .permission('admin');
    app.command('roll [sides:integer]', 'roll a die');
    expect(app.commands.map((c) => c.usage('/'))).toEqual([
      [
        '/echo <text:text>',
        '  repeat what you say',
        '  aliases: say',
        '  permission: admin',
        '  options:',
        '    -n, --times <n:integer>  repeat count (default 1)',
        '    -l, --loud  shout',
      ].join('\n'),
      '/roll [sides:integer]\n  roll a die',
    ]);
  });
});

describe('commands: conflicts', () => {
  it('two plugins registering the same name fail at load, naming both plugins', async () => {
    const { app } = await setup();
    app.plugin(definePlugin({ name: 'first', apply: (ctx) => void ctx.command('echo <text:text>') }));
    let error: unknown;
    try {
      app.plugin(definePlugin({ name: 'second', apply: (ctx) => void ctx.command('echo <msg:text>') }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CommandConflictError);
    expect((error as Error).message).toContain('plugin "second"');
    expect((error as Error).message).toContain('plugin "first"');
    expect(app.commands.map((c) => c.plugin)).toEqual(['first']);
  });

  it('an alias clashing with another command, or a sub-command clash, is an error too', async () => {
    const { app } = await setup();
    app.plugin(definePlugin({ name: 'a', apply: (ctx) => void ctx.command('ping') }));
    expect(() => app.plugin(definePlugin({ name: 'b', apply: (ctx) => void ctx.command('pong').alias('ping') }))).toThrow(/plugin "a"/);
    app.command('admin.kick');
    expect(() => app.command('admin kick')).toThrow(CommandConflictError);
  });
});

describe('commands: permissions', () => {
  it('checks group role and superusers', async () => {
    const { app, memory } = await setup({ superusers: [42] });
    app.command('shutdown').permission('superuser').action(() => 'bye');
    app.command('mute').permission('admin').action(() => 'muted');
    await memory.receive(memory.groupMessage(7, 1, '/mute', { role: 'member' }));
    await memory.receive(memory.groupMessage(7, 1, '/mute', { role: 'admin' }));
    await memory.receive(memory.groupMessage(7, 2, '/shutdown', { role: 'owner' }));
    await memory.receive(memory.privateMessage(42, '/shutdown'));
    expect(sentMessages(memory)).toEqual(['permission denied: mute needs admin', 'muted', 'permission denied: shutdown needs superuser', 'bye']);
  });
});

describe('keyword and regex matchers', () => {
  it('run on plain text when no command matched', async () => {
    const { app, memory } = await setup();
    app.command('hello').action(() => 'command');
    app.keyword(['hello', 'hi'], () => 'keyword');
    app.regex(/^roll (\d+)d(\d+)$/g, (_s, m) => `rolling ${m[1]} dice of ${m[2]}`);
    await memory.receive(memory.privateMessage(1, '/hello'));
    await memory.receive(memory.privateMessage(1, 'oh hi there'));
    await memory.receive(memory.privateMessage(1, 'roll 2d6'));
    await memory.receive(memory.privateMessage(1, 'roll 3d8'));
    await memory.receive(memory.privateMessage(1, 'nope'));
    expect(sentMessages(memory)).toEqual(['command', 'keyword', 'rolling 2 dice of 6', 'rolling 3 dice of 8']);
  });
});

describe('static types from declarations', () => {
  it('args and options are typed from the declaration strings', async () => {
    const { app, memory } = await setup();
    const seen: unknown[] = [];
    app
      .command('roll <sides:integer> [who:user] [note:text]')
      .option('-n, --times <n:integer>')
      .option('--dry-run')
      .option('-m <mode>')
      .action(({ args, options }) => {
        expectTypeOf(args).toEqualTypeOf<{ sides: number; who?: number; note?: string }>();
        expectTypeOf(options.times).toEqualTypeOf<number | undefined>();
        expectTypeOf(options.dryRun).toEqualTypeOf<boolean | undefined>();
        expectTypeOf(options.m).toEqualTypeOf<string | undefined>();
        seen.push([args.sides + 1, options.dryRun, options.m]);
      });
    await memory.receive(memory.privateMessage(1, '/roll 5 --dry-run -m fast'));
    expect(seen).toEqual([[6, true, 'fast']]);
  });
});
