import { definePlugin, PluginConfigError } from '@cqkit/core';
import echo from '@cqkit/plugin-echo';
import { createTestBot, type TestBot } from '@cqkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import help from '../src/index.js';

/** Commands of every kind a help text has to show. */
const sample = definePlugin({
  name: 'sample',
  apply(ctx) {
    ctx.command('roll [sides:integer]', 'roll a die').alias('dice').option('-n, --times <n:integer>', 'how many dice', { default: 1 });
    ctx.command('admin.kick <user:user>', 'remove a member').permission('admin');
    ctx.command('admin.mute <user:user> [minutes:integer]', 'mute a member').permission('admin');
    ctx.command('shutdown', 'stop the bot').permission('superuser');
    ctx.group(3001).command('dev', 'only in the dev group');
  },
});

let bot: TestBot;
afterEach(() => bot?.stop());

describe('/help in Chinese (the default)', () => {
  it('lists the commands with their descriptions from the catalogues, and shows one in zh-CN', async () => {
    bot = await createTestBot({ plugins: [help, echo, sample] });
    const lines = (await bot.receive('/help', { user: 2002 })).text.split('\n');
    expect(lines[0]).toBe('可用命令：');
    expect(lines).toContain('/echo <text:text> - 把这段文字原样发回来');
    expect(lines).toContain('/help [command:text] - 列出全部命令，或查看某个命令的用法');
    // A plugin without a catalogue keeps the description it registered.
    expect(lines).toContain('/roll [sides:integer] - roll a die');
    expect(lines.at(-1)).toBe('发送 /help <命令> 查看用法。');
    const usage = (await bot.receive('/help roll')).text.split('\n');
    expect(usage).toEqual(['/roll [sides:integer]', '  roll a die', '  别名：dice', '  选项：', '    -n, --times <n:integer>  how many dice（默认 1）']);
    expect((await bot.receive('/help admin kick', { group: 3001, user: 2001 })).text).toContain('  权限：管理员');
    expect((await bot.receive('/help nothing')).text).toBe('没有命令 "nothing"，发送 /help 查看全部命令');
  });
});

describe('/help', () => {
  it('lists the commands the asker may use, with synopsis and description', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [help, echo, sample] });
    const lines = (await bot.receive('/help', { user: 2002 })).text.split('\n');
    expect(lines[0]).toBe('Commands:');
    expect(lines).toContain('/echo <text:text> - say the text back');
    expect(lines).toContain('/help [command:text] - list the commands, or show how to use one');
    expect(lines).toContain('/roll [sides:integer] - roll a die');
    expect(lines.at(-1)).toBe('/help <command> shows how to use one.');
    // Restricted and out-of-scope commands are left out for a plain member in private.
    expect(lines.some((l) => l.includes('shutdown') || l.includes('admin') || l.includes('/dev'))).toBe(false);
  });

  it('shows group-scoped and admin commands where they apply', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [help, sample] });
    // 2001 is an admin of group 3001.
    const text = (await bot.receive('/help', { group: 3001, user: 2001 })).text;
    expect(text).toContain('/admin kick <user:user> - remove a member');
    expect(text).toContain('/dev - only in the dev group');
    expect(text).not.toContain('shutdown');
    const superuser = await createTestBot({ locale: 'en-US', plugins: [help, sample], superusers: [2002] });
    try {
      expect((await superuser.receive('/help', { user: 2002 })).text).toContain('/shutdown - stop the bot');
    } finally {
      await superuser.stop();
    }
  });

  it('with showRestricted, lists every command and marks the level needed', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[help, { showRestricted: true, header: 'I can:' }], sample] });
    const lines = (await bot.receive('/help', { user: 2003 })).text.split('\n');
    expect(lines[0]).toBe('I can:');
    expect(lines).toContain('/shutdown - stop the bot (superuser)');
    expect(lines).toContain('/admin mute <user:user> [minutes:integer] - mute a member (admin)');
  });

  it('uses the first configured prefix', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [help, echo], prefix: ['!', '#'] });
    const text = (await bot.receive('#help')).text;
    expect(text).toContain('!echo <text:text>');
  });
});

describe('/help <command>', () => {
  it('shows the full usage: arguments, aliases, options', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [help, sample] });
    const text = (await bot.receive('/help roll')).text;
    expect(text.split('\n')).toEqual([
      '/roll [sides:integer]',
      '  roll a die',
      '  aliases: dice',
      '  options:',
      '    -n, --times <n:integer>  how many dice (default 1)',
    ]);
    expect((await bot.receive('/help dice')).text).toBe(text);
    expect((await bot.receive('/help /roll')).text).toBe(text);
  });

  it('finds sub-commands by their two words and lists a group of them', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [help, sample] });
    expect((await bot.receive('/help admin kick')).text).toContain('permission: admin');
    const group = (await bot.receive('/help admin')).text.split('\n');
    expect(group[0]).toBe('/admin has sub-commands:');
    expect(group).toContain('/admin mute <user:user> [minutes:integer] - mute a member');
  });

  it('says when there is no such command, without sending CQ codes back', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [help] });
    expect((await bot.receive('/help nope')).text).toBe('no command "nope"; /help lists them');
    const answer = await bot.receive('/help [CQ:at,qq=all] x');
    expect(answer.messages[0]!.segments.every((s) => s.type === 'text')).toBe(true);
  });

  it('lists commands of a plugin loaded after the start', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [help] });
    expect((await bot.receive('/help')).text).not.toContain('/echo');
    bot.app.plugin(echo);
    expect((await bot.receive('/help')).text).toContain('/echo <text:text>');
  });
});

describe('config', () => {
  it('rejects unknown keys and wrong types, naming them', async () => {
    await expect(createTestBot({ locale: 'en-US', plugins: [[help, { showRestricted: 'yes' }]] })).rejects.toThrow(/showRestricted/);
    await expect(createTestBot({ locale: 'en-US', plugins: [[help, { colour: true }]] })).rejects.toBeInstanceOf(PluginConfigError);
  });
});
