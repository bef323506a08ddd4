import { ActionError } from '@cqkit/protocol';
import { describe, expect, it } from 'vitest';
import { dataFromAnswer, errorFromFailure } from '../src/envelope-mapping.js';

const url = 'http://127.0.0.1:5700/get_status';
const answer = (status: number, body: string, contentType = 'application/json') => () =>
  dataFromAnswer('get_status', url, { status, contentType, body });

function failure(run: () => unknown): ActionError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ActionError);
    return error as ActionError;
  }
  throw new Error('expected an ActionError');
}

describe('dataFromAnswer', () => {
  it('returns data of ok, null for async and for ok without data', () => {
    expect(answer(200, '{"status":"ok","retcode":0,"data":{"online":true}}')()).toEqual({ online: true });
    expect(answer(200, '{"status":"async","retcode":1,"data":null}')()).toBeNull();
    expect(answer(200, '{"status":"ok","retcode":0,"data":null}')()).toBeNull();
  });

  it.each([
    [401, 'unauthorized', 'the API server rejected the access token'],
    [403, 'unauthorized', 'the API server rejected the access token'],
    [404, 'not-found', 'the server does not implement get_status'],
    [406, 'bad-request', 'Content-Type'],
    [400, 'bad-request', 'could not parse'],
    [500, 'http-status', 'HTTP 500'],
    [502, 'http-status', 'HTTP 502'],
  ] as const)('HTTP %i -> %s', (status, kind, text) => {
    const error = failure(answer(status, ''));
    expect(error.kind).toBe(kind);
    expect(error.httpStatus).toBe(status);
    expect(error.action).toBe('get_status');
    expect(error.message).toContain(text);
  });

  it('go-cqhttp: 200 with retcode 404 is not-found, and its wording is quoted', () => {
    const error = failure(answer(200, '{"status":"failed","retcode":404,"data":null,"msg":"API_NOT_FOUND","wording":"API不存在"}'));
    expect(error.kind).toBe('not-found');
    expect(error.retcode).toBe(404);
    expect(error.message).toContain('the server does not implement get_status');
    expect(error.message).toContain('API不存在');
    expect(error.message).toContain('[API_NOT_FOUND]');
  });

  it('failed envelopes become retcode errors with the meaning of the code', () => {
    const error = failure(answer(200, '{"status":"failed","retcode":102,"data":null}'));
    expect(error.kind).toBe('retcode');
    expect(error.retcode).toBe(102);
    expect(error.status).toBe('failed');
    expect(error.message).toContain('retcode 102');
    expect(error.message).toContain('no permission');
  });

  it('HTML, non-JSON, empty and wrongly shaped answers are bad-response', () => {
    const html = failure(answer(200, '<html><body>nginx</body></html>', 'text/html'));
    expect(html.kind).toBe('bad-response');
    expect(html.message).toContain('not JSON');
    expect(html.message).toContain('text/html');
    expect(html.message).toContain('<html>');
    expect(failure(answer(200, '')).message).toContain('(empty)');
    const shape = failure(answer(200, '{"ok":true,"result":{}}'));
    expect(shape.kind).toBe('bad-response');
    expect(shape.message).toContain('not a response envelope');
    expect(failure(answer(200, '[1,2]')).kind).toBe('bad-response');
    expect(failure(answer(200, '{"status":"ok","retcode":"0","data":1}')).kind).toBe('bad-response');
  });
});

describe('errorFromFailure', () => {
  it('connection refused says there is no API server at the origin', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const error = errorFromFailure('send_msg', 'http://127.0.0.1:9/send_msg', cause, { timedOut: undefined, cancelled: false });
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('no API server at http://127.0.0.1:9');
    expect(error.cause).toBe(cause);
  });

  it('finds the code along the cause chain', () => {
    const inner = Object.assign(new Error('x'), { code: 'ENOTFOUND' });
    const outer = Object.assign(new Error('fetch failed', { cause: inner }), { code: 'UND_ERR_SOCKET' });
    expect(errorFromFailure('a', 'http://nowhere.invalid/a', outer, { timedOut: undefined, cancelled: false }).message).toContain('cannot resolve');
  });

  it('timeouts and cancellations are told apart from network failures', () => {
    expect(errorFromFailure('a', 'http://h/a', new Error('aborted'), { timedOut: 250, cancelled: false })).toMatchObject({ kind: 'timeout' });
    expect(errorFromFailure('a', 'http://h/a', new Error('aborted'), { timedOut: 250, cancelled: false }).message).toContain('within 250 ms');
    expect(errorFromFailure('a', 'http://h/a', new Error('aborted'), { timedOut: undefined, cancelled: true }).kind).toBe('cancelled');
  });
});
