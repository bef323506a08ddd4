import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ActionError,
  asyncAccepted,
  describeRetcode,
  failed,
  isActionError,
  isResponseEnvelope,
  ok,
  Retcode,
  type ResponseEnvelope,
  statusForRetcode,
} from '../src/index.js';

describe('response envelope', () => {
  it('builds ok, failed and async envelopes with the status that matches the retcode', () => {
    expect(ok({ message_id: 123 })).toEqual({ status: 'ok', retcode: 0, data: { message_id: 123 } });
    expect(failed(102)).toEqual({ status: 'failed', retcode: 102, data: null });
    expect(asyncAccepted()).toEqual({ status: 'async', retcode: 1, data: null });
    expectTypeOf(ok({ message_id: 1 })).toEqualTypeOf<ResponseEnvelope<{ message_id: number }>>();
  });

  it('maps retcodes to statuses: 0 ok, 1 async, anything else failed', () => {
    expect([0, 1, 100, 102, 103, 104, 201, 1404, -1].map(statusForRetcode)).toEqual([
      'ok',
      'async',
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
    ]);
  });

  it('tells an envelope from other JSON without throwing', () => {
    expect(isResponseEnvelope({ status: 'ok', retcode: 0, data: null })).toBe(true);
    expect(isResponseEnvelope({ status: 'failed', retcode: 1404, data: null, echo: 'req-1' })).toBe(true);
    expect(isResponseEnvelope({ status: 'ok', retcode: 0 })).toBe(false); // data is always present
    expect(isResponseEnvelope({ status: 'done', retcode: 0, data: null })).toBe(false);
    expect(isResponseEnvelope({ status: 'ok', retcode: '0', data: null })).toBe(false);
    expect(isResponseEnvelope({ status: 'ok', retcode: 0.5, data: null })).toBe(false);
    for (const garbage of [null, undefined, 0, 'ok', [], [{ status: 'ok', retcode: 0, data: null }]]) {
      expect(isResponseEnvelope(garbage)).toBe(false);
    }
  });
});

describe('retcode meanings', () => {
  it('has a constant and a sentence for every retcode of transport.md 1.6', () => {
    expect(Retcode).toMatchObject({ OK: 0, ASYNC: 1, BAD_PARAMS: 100, INVALID_DATA: 102, OPERATION_FAILED: 103, CREDENTIALS_INVALID: 104, POOL_UNAVAILABLE: 201 });
    expect(describeRetcode(0)).toBe('success');
    expect(describeRetcode(1)).toMatch(/asynchronous/);
    expect(describeRetcode(100)).toMatch(/parameters/);
    expect(describeRetcode(102)).toMatch(/no permission|not a member/);
    expect(describeRetcode(103)).toMatch(/privilege|file-system/);
    expect(describeRetcode(104)).toMatch(/cookies|CSRF/);
    expect(describeRetcode(201)).toMatch(/pool/);
    expect(describeRetcode(1404)).toMatch(/unknown action/);
  });

  it("names negative codes as the platform's own, and any other code as a failure code", () => {
    expect(describeRetcode(-23)).toBe("the platform's own error code -23");
    expect(describeRetcode(999)).toBe('failure code 999');
  });
});

describe('ActionError', () => {
  it('carries action, kind, status, retcode, HTTP status, cause and a human message', () => {
    const cause = new Error('low level');
    const error = new ActionError({ action: 'send_group_msg', kind: 'retcode', retcode: 102, status: 'failed', httpStatus: 200, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ActionError', action: 'send_group_msg', kind: 'retcode', retcode: 102, status: 'failed', httpStatus: 200 });
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('send_group_msg failed with retcode 102: the platform returned unusable data (no permission, or not a member)');
    expect(isActionError(error)).toBe(true);
    expect(isActionError(new Error('x'))).toBe(false);
    expect(isActionError({ name: 'ActionError', kind: 'retcode' })).toBe(false);
  });

  it('has a default message for every kind that names the action; a given message wins', () => {
    const kinds = [
      'retcode',
      'unauthorized',
      'not-found',
      'bad-request',
      'http-status',
      'unreachable',
      'timeout',
      'bad-response',
      'queue-full',
      'cancelled',
      'invalid-params',
    ] as const;
    const messages = kinds.map((kind) => new ActionError({ action: 'get_status', kind, retcode: 100, httpStatus: 502 }).message);
    for (const message of messages) expect(message).toContain('get_status');
    expect(new Set(messages).size).toBe(kinds.length);
    expect(messages[kinds.indexOf('http-status')]).toContain('502');
    expect(messages[kinds.indexOf('unauthorized')]).toMatch(/access token/);
    expect(new ActionError({ action: 'get_status', kind: 'timeout', message: 'custom' }).message).toBe('custom');
    expect(new ActionError({ action: 'x', kind: 'timeout' }).cause).toBeUndefined();
  });

  it('a retcode failure without a retcode says so instead of inventing one', () => {
    expect(new ActionError({ action: 'get_status', kind: 'retcode' }).message).toBe('get_status failed (the server gave no retcode)');
  });
});
