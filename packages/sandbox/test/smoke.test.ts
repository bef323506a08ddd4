import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { callAction, startSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

describe('smoke', () => {
  it('answers get_login_info and send_group_msg', async () => {
    sandbox = await startSandbox();
    const login = await callAction(sandbox, 'get_login_info');
    expect(login).toEqual({ status: 'ok', retcode: 0, data: { user_id: 10001, nickname: 'cqkit-bot' } });
    const sent = await callAction(sandbox, 'send_group_msg', { group_id: 3001, message: 'hi [CQ:face,id=1]' });
    expect(sent.status).toBe('ok');
    const entry = await sandbox.nextBotMessage();
    expect(entry.segments).toEqual([
      { type: 'text', data: { text: 'hi ' } },
      { type: 'face', data: { id: '1' } },
    ]);
  });
});
