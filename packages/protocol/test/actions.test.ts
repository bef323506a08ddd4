import { describe, expect, it } from 'vitest';
import { actionSpec, applyDefaults, fillDefaults, isActionName, missingParams, targetOf } from '../src/index.js';

describe('applyDefaults', () => {
  it('fills catalogue defaults for omitted params only', () => {
    expect(applyDefaults('set_group_ban', { group_id: 3001, user_id: 2001 })).toEqual({ group_id: 3001, user_id: 2001, duration: 1800 });
    expect(applyDefaults('set_group_ban', { group_id: 3001, user_id: 2001, duration: 0 })).toMatchObject({ duration: 0 });
  });

  it('copies symbol keys along, as a spread would (a caller may carry its own data with the params)', () => {
    const mine = Symbol('mine');
    const out = applyDefaults('set_group_ban', { group_id: 3001, user_id: 2001, [mine]: 'job' } as never) as Record<symbol, unknown>;
    expect(out[mine]).toBe('job');
  });

  it('moves older parameter names to the current ones, the current one winning', () => {
    expect(applyDefaults('send_private_msg', { user_id: 1, message: 'x', is_raw: true })).toEqual({ user_id: 1, message: 'x', auto_escape: true });
    expect(applyDefaults('send_private_msg', { user_id: 1, message: 'x', is_raw: true, auto_escape: false })).toEqual({
      user_id: 1,
      message: 'x',
      auto_escape: false,
    });
    expect(applyDefaults('set_group_add_request', { flag: 'f', type: 'invite' })).toMatchObject({ sub_type: 'invite', approve: true });
  });

  it('leaves unknown actions untouched, as a copy', () => {
    const params = { a: 1 };
    const out = applyDefaults('no_such_action', params);
    expect(out).toEqual(params);
    expect(out).not.toBe(params);
  });
});

describe('fillDefaults', () => {
  it('does what applyDefaults does, on the object it is given', () => {
    const params: Record<string, unknown> = { user_id: 1, message: 'x', is_raw: true };
    expect(fillDefaults('send_private_msg', params)).toBe(params);
    expect(params).toEqual({ user_id: 1, message: 'x', auto_escape: true });
    const ban: Record<string, unknown> = { group_id: 3001, user_id: 2001 };
    fillDefaults('set_group_ban', ban);
    expect(ban).toEqual(applyDefaults('set_group_ban', { group_id: 3001, user_id: 2001 }));
    const unknown = { a: 1 };
    expect(fillDefaults('no_such_action', unknown)).toBe(unknown);
    expect(unknown).toEqual({ a: 1 });
  });
});

describe('missingParams', () => {
  it('names the required params that are absent or null', () => {
    expect(missingParams('set_group_kick', { group_id: 1 })).toEqual(['user_id']);
    expect(missingParams('send_group_msg', { group_id: 1, message: null })).toEqual(['message']);
    expect(missingParams('get_login_info', {})).toEqual([]);
    expect(missingParams('send_group_msg', {})).toEqual(['group_id', 'message']);
    // Unknown actions have no known requirements: they pass through.
    expect(missingParams('no_such_action', {})).toEqual([]);
  });
});

describe('targetOf', () => {
  it('keys on the static target of the action', () => {
    expect(targetOf('send_group_msg', { group_id: 3001, message: 'x' })).toEqual({ kind: 'group', id: 3001 });
    expect(targetOf('send_private_msg', { user_id: '2001', message: 'x' })).toEqual({ kind: 'user', id: 2001 });
    expect(targetOf('delete_msg', { message_id: 7 })).toEqual({ kind: 'message', id: 7 });
    expect(targetOf('get_login_info', {})).toBeNull();
  });

  it('decides send_msg by message_type, else by the ids present like CQHTTP', () => {
    expect(targetOf('send_msg', { message_type: 'private', user_id: 5, group_id: 9 })).toEqual({ kind: 'user', id: 5 });
    expect(targetOf('send_msg', { group_id: 9, user_id: 5 })).toEqual({ kind: 'group', id: 9 });
    expect(targetOf('send_msg', { discuss_id: 4 })).toEqual({ kind: 'discuss', id: 4 });
    expect(targetOf('send_msg', { message: 'x' })).toBeNull();
  });
});

describe('lookup', () => {
  it('knows catalogue names only', () => {
    expect(isActionName('send_msg')).toBe(true);
    expect(isActionName('toString')).toBe(false);
    expect(actionSpec('constructor')).toBeUndefined();
  });
});
