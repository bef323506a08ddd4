// "An existing client that no one here wrote works against it": the official CQHTTP Node SDK
// (npm `cqhttp`, axios + koa) calls actions with `Authorization: Token ...` and receives signed events.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import CQHttp from 'cqhttp';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { startSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
let botServer: Server | undefined;
afterEach(async () => {
  await sandbox?.stop();
  await new Promise<void>((r) => {
    if (!botServer) return r();
    botServer.close(() => r());
    botServer.closeAllConnections();
  });
  sandbox = undefined;
  botServer = undefined;
});

async function listen(bot: { app: { listen(port: number, host: string, cb: () => void): Server } }): Promise<string> {
  await new Promise<void>((r) => {
    botServer = bot.app.listen(0, '127.0.0.1', r);
  });
  return `http://127.0.0.1:${(botServer!.address() as AddressInfo).port}/`;
}

describe('the cqhttp npm SDK against the sandbox', () => {
  it('calls actions with its Token header and gets data or {status, retcode} errors', async () => {
    sandbox = await startSandbox({ accessToken: 'sdk-token' });
    const bot = new CQHttp({ apiRoot: `${sandbox.url}/`, accessToken: 'sdk-token' });
    expect(await bot('get_login_info')).toEqual({ user_id: 10001, nickname: 'cqkit-bot' });
    const sent = (await bot('send_group_msg', { group_id: 3001, message: 'from the SDK' })) as { message_id: number };
    expect(sandbox.outbox.at(-1)).toMatchObject({ message_id: sent.message_id, text: 'from the SDK', origin: 'http' });
    const members = (await bot('get_group_member_list', { group_id: 3001 })) as unknown[];
    expect(members).toHaveLength(6);
    await expect(bot('set_group_kick', { group_id: 3003, user_id: 2002 })).rejects.toEqual({ status: 200, retcode: 103 });
    expect(await bot('send_private_msg_async', { user_id: 2001, message: 'later' })).toBeNull();
    expect((await sandbox.nextBotMessage()).text).toBe('from the SDK');
    expect((await sandbox.nextBotMessage()).text).toBe('later');
  });

  it('is refused with a wrong token (the SDK rejects)', async () => {
    sandbox = await startSandbox({ accessToken: 'sdk-token' });
    const bot = new CQHttp({ apiRoot: `${sandbox.url}/`, accessToken: 'wrong' });
    await expect(bot('get_login_info')).rejects.toMatchObject({ response: { status: 403 } });
  });

  it('receives signed events, verifies them, and its returned object acts as a quick operation', async () => {
    const bot = new CQHttp({ secret: 'sdk-secret' });
    const seen: Record<string, unknown>[] = [];
    bot.on('message', (context) => {
      seen.push(context);
      return context.raw_message === 'hello sdk' ? { reply: 'hello human', at_sender: false } : undefined;
    });
    bot.on('request', () => ({ approve: true, remark: 'via sdk' }));
    const postUrl = await listen(bot);
    sandbox = await startSandbox({ postUrl, secret: 'sdk-secret' });
    sandbox.say({ user: 2002, group: 3001, text: 'hello sdk' });
    const out = await sandbox.nextBotMessage({ timeout: 3000 });
    expect(out).toMatchObject({ group_id: 3001, text: 'hello human', origin: 'quick_operation' });
    expect(seen[0]).toMatchObject({ post_type: 'message', user_id: 2002, message: 'hello sdk' });
    sandbox.friendRequest({ user: 2004, comment: 'sdk friend?' });
    await sandbox.settled();
    expect(sandbox.world.friend(2004)?.remark).toBe('via sdk');
  });

  it('rejects events signed with another secret (no quick operation happens)', async () => {
    const bot = new CQHttp({ secret: 'sdk-secret' });
    bot.on('message', () => ({ reply: 'should not be sent' }));
    const logs: string[] = [];
    sandbox = await startSandbox({ postUrl: await listen(bot), secret: 'other-secret', logger: (_l, m) => logs.push(m) });
    sandbox.say({ user: 2001, text: 'hi' });
    await sandbox.settled();
    expect(sandbox.outbox).toHaveLength(0);
    expect(logs).toContain('post_url answered HTTP 403; ignored');
  });
});
