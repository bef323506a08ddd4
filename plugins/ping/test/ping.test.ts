import { PluginConfigError } from '@cqkit/core';
import { createTestBot, type TestBot } from '@cqkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { durationParts } from '../src/duration.js';
import ping, { pingLocales } from '../src/index.js';

let bot: TestBot;
afterEach(() => bot?.stop());

describe('ping', () => {
  it('/ping answers pong', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [ping] });
    expect((await bot.receive('/ping')).text).toBe('pong');
  });

  it('answers with the configured reply', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[ping, { reply: 'still here' }]] });
    expect((await bot.receive('/ping', { group: 3002 })).text).toBe('still here');
  });

  it('rejects a bad config, naming the key', async () => {
    await expect(createTestBot({ locale: 'en-US', plugins: [[ping, { reply: '' }]] })).rejects.toThrow(/invalid config for plugin "ping": reply: must not be empty/);
    await expect(createTestBot({ locale: 'en-US', plugins: [[ping, { replY: 'x' }]] })).rejects.toBeInstanceOf(PluginConfigError);
  });
});

describe('status', () => {
  it('reports uptime and the send queue of the account', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [ping] });
    await bot.receive('/ping', { group: 3001 });
    await bot.receive('/ping', { user: 2003 });
    const answer = await bot.receive('/status');
    const lines = answer.text.split('\n');
    expect(lines[0]).toMatch(/^up \d+s$/);
    // Both pongs went out as quick operations: counted as sent, though nothing passed through the queue.
    expect(lines[1]).toBe('bot 10001: queued 0, in flight 0, sent 2 (2 as quick replies), failed 0');
    expect(lines[2]).toMatch(/^events \d+, plugin errors 0$/);
  });

  it('counts sends and failures of the queue', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [ping], quickWindow: 0 });
    await bot.receive('/ping', { group: 3001 });
    // The account is not in group 3999: the send fails at the server.
    await bot.app.bot.sendGroupMsg({ group_id: 3999, message: 'x' }).catch(() => undefined);
    const answer = await bot.receive('/status');
    expect(answer.text.split('\n')[1]).toBe('bot 10001: queued 0, in flight 0, sent 1 (0 as quick replies), failed 1');
  });
});

describe('in Chinese (the default)', () => {
  it('answers /ping and /status in zh-CN', async () => {
    bot = await createTestBot({ plugins: [ping] });
    expect((await bot.receive('/ping')).text).toBe('在！');
    const lines = (await bot.receive('/status')).text.split('\n');
    expect(lines[0]).toMatch(/^已运行 \d+秒$/);
    expect(lines[1]).toBe('账号 10001：排队 0，发送中 0，已发送 1（其中快速回复 1），失败 0');
    expect(lines[2]).toMatch(/^已处理事件 \d+，插件错误 0$/);
  });
});

describe('durationParts', () => {
  it('splits an uptime into days, hours, minutes and seconds; the catalogue leaves out leading zero units', async () => {
    expect(durationParts(90_061_000)).toEqual({ d: 1, h: 1, m: 1, s: 1 });
    expect(durationParts(-5)).toEqual({ d: 0, h: 0, m: 0, s: 0 });
    const en = pingLocales['en-US']['status.duration'];
    const zh = pingLocales['zh-CN']['status.duration'];
    expect(en(durationParts(0))).toBe('0s');
    expect(en(durationParts(60_000))).toBe('1m 0s');
    expect(en(durationParts(90_061_000))).toBe('1d 1h 1m 1s');
    expect(zh(durationParts(3_723_000))).toBe('1小时2分3秒');
  });
});
