import { PluginConfigError } from '@cqkit/core';
import { createTestBot, type TestBot } from '@cqkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { formatDuration } from '../src/duration.js';
import ping from '../src/index.js';

let bot: TestBot;
afterEach(() => bot?.stop());

describe('ping', () => {
  it('/ping answers pong', async () => {
    bot = await createTestBot({ plugins: [ping] });
    expect((await bot.receive('/ping')).text).toBe('pong');
  });

  it('answers with the configured reply', async () => {
    bot = await createTestBot({ plugins: [[ping, { reply: 'still here' }]] });
    expect((await bot.receive('/ping', { group: 3002 })).text).toBe('still here');
  });

  it('rejects a bad config, naming the key', async () => {
    await expect(createTestBot({ plugins: [[ping, { reply: '' }]] })).rejects.toThrow(/invalid config for plugin "ping": reply: must not be empty/);
    await expect(createTestBot({ plugins: [[ping, { replY: 'x' }]] })).rejects.toBeInstanceOf(PluginConfigError);
  });
});

describe('status', () => {
  it('reports uptime and the send queue of the account', async () => {
    bot = await createTestBot({ plugins: [ping] });
    await bot.receive('/ping', { group: 3001 });
    await bot.receive('/ping', { user: 2003 });
    const answer = await bot.receive('/status');
    const lines = answer.text.split('\n');
    expect(lines[0]).toMatch(/^up \d+s$/);
    // Both pongs went out as quick operations: nothing passed through the queue yet.
    expect(lines[1]).toBe('bot 10001: queued 0, in flight 0, sent 0, failed 0');
    expect(lines[2]).toMatch(/^events \d+, plugin errors 0$/);
  });

  it('counts sends and failures of the queue', async () => {
    bot = await createTestBot({ plugins: [ping], quickWindow: 0 });
    await bot.receive('/ping', { group: 3001 });
    // The account is not in group 3999: the send fails at the server.
    await bot.app.bot.sendGroupMsg({ group_id: 3999, message: 'x' }).catch(() => undefined);
    const answer = await bot.receive('/status');
    expect(answer.text.split('\n')[1]).toBe('bot 10001: queued 0, in flight 0, sent 1, failed 1');
  });
});

describe('formatDuration', () => {
  it('leaves out leading zero units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(4_999)).toBe('4s');
    expect(formatDuration(60_000)).toBe('1m 0s');
    expect(formatDuration(90_061_000)).toBe('1d 1h 1m 1s');
    expect(formatDuration(-5)).toBe('0s');
  });
});
