// The HTTP API rules of transport.md 1: routes, methods, status codes in CQHTTP's order, tokens,
// parameter sources and precedence, coercion, CORS and the body limit.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type Sandbox, type SandboxOptions } from '../src/index.js';
import { rawRequest, startSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function open(options: SandboxOptions = {}): Promise<Sandbox> {
  sandbox = await startSandbox(options);
  return sandbox;
}

const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('routes and methods', () => {
  it('binds to 127.0.0.1 by default', async () => {
    const sb = await open();
    expect(sb.httpServer?.address()).toMatchObject({ address: '127.0.0.1' });
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves /<action> and /<action>/ with GET and POST', async () => {
    const sb = await open();
    for (const path of ['/get_login_info', '/get_login_info/']) {
      for (const method of ['GET', 'POST']) {
        const res = await rawRequest(`${sb.url}${path}`, { method });
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=UTF-8');
        expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', retcode: 0, data: { user_id: 10001 } });
      }
    }
  });

  it('serves hidden dotted actions on their path', async () => {
    const sb = await open();
    const res = await rawRequest(`${sb.url}/.get_word_slices?content=hello%20world`);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok', retcode: 0, data: { slices: ['hello', 'world'] } });
  });

  it('answers 404 for unmatched paths (before the token check) and unknown actions', async () => {
    const sb = await open({ accessToken: 'tok' });
    expect((await rawRequest(`${sb.url}/`)).status).toBe(404);
    expect((await rawRequest(`${sb.url}/a/b`)).status).toBe(404);
    const unknown = await rawRequest(`${sb.url}/no_such_action`, { headers: { Authorization: 'Bearer tok' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toBe('');
  });

  it('answers 405 for other methods and for OPTIONS without CORS', async () => {
    const sb = await open();
    expect((await rawRequest(`${sb.url}/get_login_info`, { method: 'PUT' })).status).toBe(405);
    expect((await rawRequest(`${sb.url}/get_login_info`, { method: 'DELETE' })).status).toBe(405);
    expect((await rawRequest(`${sb.url}/get_login_info`, { method: 'OPTIONS' })).status).toBe(405);
  });

  it('answers OPTIONS and adds Access-Control-Allow-Origin when CORS is on', async () => {
    const sb = await open({ cors: true });
    const pre = await rawRequest(`${sb.url}/get_login_info`, { method: 'OPTIONS' });
    expect(pre.status).toBe(200);
    expect(pre.body).toBe('');
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(pre.headers['access-control-allow-methods']).toBe('*');
    expect(pre.headers['access-control-allow-headers']).toBe('*');
    const normal = await rawRequest(`${sb.url}/get_login_info`);
    expect(normal.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('access token', () => {
  const url = (sb: Sandbox, q = '') => `${sb.url}/get_login_info${q}`;

  it('accepts Bearer, Token and the access_token query parameter', async () => {
    const sb = await open({ accessToken: 's3cret' });
    expect((await rawRequest(url(sb), { headers: { Authorization: 'Bearer s3cret' } })).status).toBe(200);
    expect((await rawRequest(url(sb), { headers: { Authorization: 'Token s3cret' } })).status).toBe(200);
    expect((await rawRequest(url(sb), { headers: { Authorization: 'token s3cret' } })).status).toBe(200);
    expect((await rawRequest(url(sb, '?access_token=s3cret'))).status).toBe(200);
  });

  it('401 when no usable token, 403 when wrong', async () => {
    const sb = await open({ accessToken: 's3cret' });
    expect((await rawRequest(url(sb))).status).toBe(401);
    expect((await rawRequest(url(sb), { headers: { Authorization: 'Basic s3cret' } })).status).toBe(401);
    // lowercase "bearer" is not recognised by CQHTTP
    expect((await rawRequest(url(sb), { headers: { Authorization: 'bearer s3cret' } })).status).toBe(401);
    expect((await rawRequest(url(sb), { headers: { Authorization: 'Bearer nope' } })).status).toBe(403);
    expect((await rawRequest(url(sb, '?access_token=nope'))).status).toBe(403);
  });

  it('ignores the query token when an Authorization header is present', async () => {
    const sb = await open({ accessToken: 's3cret' });
    const res = await rawRequest(url(sb, '?access_token=s3cret'), { headers: { Authorization: 'Bearer wrong' } });
    expect(res.status).toBe(403);
    const unusable = await rawRequest(url(sb, '?access_token=s3cret'), { headers: { Authorization: 'garbage' } });
    expect(unusable.status).toBe(401);
  });

  it('never reads a token from the body', async () => {
    const sb = await open({ accessToken: 's3cret' });
    expect((await rawRequest(url(sb), json({ access_token: 's3cret' }))).status).toBe(401);
  });

  it('checks the token before Content-Type, body and action (route -> 401/403 -> 406 -> 400 -> 404)', async () => {
    const sb = await open({ accessToken: 's3cret' });
    const post = (path: string, type: string, body: string, headers: Record<string, string> = {}) =>
      rawRequest(`${sb.url}${path}`, { method: 'POST', headers: { 'Content-Type': type, ...headers }, body });
    const wrong = { Authorization: 'Bearer wrong' };
    const right = { Authorization: 'Bearer s3cret' };
    // 401 and 403 beat a bad Content-Type, a bad body and an unknown action.
    expect((await post('/nope', 'text/plain', 'x')).status).toBe(401);
    expect((await post('/nope', 'text/plain', 'x', wrong)).status).toBe(403);
    expect((await post('/nope', 'application/json', '{', wrong)).status).toBe(403);
    expect((await post('/nope', 'application/json', '{}', wrong)).status).toBe(403);
    expect((await post('/get_status', 'application/json', '{')).status).toBe(401);
    // With the right token: 406, then 400, then 404, then 200.
    expect((await post('/nope', 'text/plain', '{', right)).status).toBe(406);
    expect((await post('/nope', 'application/json', '{', right)).status).toBe(400);
    expect((await post('/nope', 'application/json', '{}', right)).status).toBe(404);
    expect((await post('/get_status', 'application/json', '{}', right)).status).toBe(200);
    // An unmatched route is 404 even before the token.
    expect((await post('/a/b', 'text/plain', 'x')).status).toBe(404);
  });
});

describe('bodies and content types', () => {
  it('406 for another Content-Type (prefix matched), 400 for bad JSON or a non-object', async () => {
    const sb = await open();
    const post = (type: string, body: string) => rawRequest(`${sb.url}/get_login_info`, { method: 'POST', headers: { 'Content-Type': type }, body });
    expect((await post('text/plain', 'x')).status).toBe(406);
    expect((await post('multipart/form-data; boundary=x', 'x')).status).toBe(406);
    expect((await post('application/json; charset=utf-8', '{}')).status).toBe(200);
    expect((await post('application/json', '{not json')).status).toBe(400);
    expect((await post('application/json', '[1,2]')).status).toBe(400);
    expect((await post('application/json', 'null')).status).toBe(400);
    expect((await post('application/json', '"str"')).status).toBe(400);
  });

  it('checks Content-Type before the action (406 beats 404) and the body before the action (400 beats 404)', async () => {
    const sb = await open();
    const res406 = await rawRequest(`${sb.url}/no_such`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<a/>' });
    expect(res406.status).toBe(406);
    const res400 = await rawRequest(`${sb.url}/no_such`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' });
    expect(res400.status).toBe(400);
  });

  it('ignores the body of a POST without Content-Type', async () => {
    const sb = await open();
    const res = await rawRequest(`${sb.url}/send_private_msg?user_id=2001`, { method: 'POST', body: 'message=hello' });
    expect(JSON.parse(res.body)).toEqual({ status: 'failed', retcode: 100, data: null });
    const withQuery = await rawRequest(`${sb.url}/send_private_msg?user_id=2001&message=hello`, { method: 'POST', body: '{"message":"x"}' });
    expect(JSON.parse(withQuery.body)).toMatchObject({ status: 'ok' });
    expect(sb.outbox.at(-1)?.text).toBe('hello');
  });

  it('has a 1 MiB body limit by default', async () => {
    const sb = await open();
    const big = await rawRequest(`${sb.url}/send_private_msg`, json({ user_id: 2001, message: 'x'.repeat(1024 * 1024) }));
    expect(big.status).toBe(413);
    const fits = await rawRequest(`${sb.url}/send_private_msg`, json({ user_id: 2001, message: 'x'.repeat(1000 * 1000) }));
    expect(JSON.parse(fits.body)).toMatchObject({ status: 'ok' });
    expect(sb.outbox).toHaveLength(1);
  });

  it('413 for a body over the limit, and the server keeps answering', async () => {
    const sb = await open({ bodyLimit: 1024 });
    const res = await rawRequest(`${sb.url}/send_private_msg`, json({ user_id: 2001, message: 'x'.repeat(5000) }));
    expect(res.status).toBe(413);
    expect((await rawRequest(`${sb.url}/get_login_info`)).status).toBe(200);
    expect(sb.outbox).toHaveLength(0);
  });
});

describe('parameters', () => {
  it('reads a urlencoded form', async () => {
    const sb = await open();
    const res = await rawRequest(`${sb.url}/send_group_msg`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'group_id=3001&message=%5BCQ%3Aface%2Cid%3D5%5D+hi',
    });
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
    expect(sb.outbox.at(-1)?.segments).toEqual([
      { type: 'face', data: { id: '5' } },
      { type: 'text', data: { text: ' hi' } },
    ]);
  });

  it('query overrides JSON (CQHTTP precedence)', async () => {
    const sb = await open();
    await rawRequest(`${sb.url}/send_private_msg?message=from-query`, json({ user_id: 2001, message: 'from-json' }));
    expect(sb.outbox.at(-1)?.text).toBe('from-query');
  });

  it('query overrides the form', async () => {
    const sb = await open();
    await rawRequest(`${sb.url}/send_private_msg?message=from-query`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'user_id=2001&message=from-form',
    });
    expect(sb.outbox.at(-1)?.text).toBe('from-query');
  });

  it('parses integers as leading decimals and ignores floats', async () => {
    const sb = await open();
    const r1 = await rawRequest(`${sb.url}/get_stranger_info?user_id=2001abc`);
    expect(JSON.parse(r1.body)).toMatchObject({ data: { user_id: 2001 } });
    const r2 = await rawRequest(`${sb.url}/get_stranger_info`, json({ user_id: '2002' }));
    expect(JSON.parse(r2.body)).toMatchObject({ data: { user_id: 2002 } });
    const r3 = await rawRequest(`${sb.url}/get_stranger_info`, json({ user_id: 2001.5 }));
    expect(JSON.parse(r3.body)).toEqual({ status: 'failed', retcode: 100, data: null });
    const r4 = await rawRequest(`${sb.url}/get_stranger_info?user_id=abc`);
    expect(JSON.parse(r4.body)).toEqual({ status: 'failed', retcode: 100, data: null });
  });

  it('reads booleans from yes/true/1 and no/false/0 in any case; anything else is the default', async () => {
    const sb = await open();
    for (const [value, escaped] of [
      ['yes', true],
      ['TRUE', true],
      ['1', true],
      ['No', false],
      ['false', false],
      ['0', false],
      ['maybe', false],
    ] as const) {
      sb.reset();
      await rawRequest(`${sb.url}/send_private_msg?user_id=2001&message=%5BCQ%3Aface%2Cid%3D1%5D&auto_escape=${value}`);
      const seg = sb.outbox.at(-1)?.segments[0];
      expect(seg?.type, value).toBe(escaped ? 'text' : 'face');
    }
  });

  it('accepts is_raw as the old name of auto_escape', async () => {
    const sb = await open();
    await rawRequest(`${sb.url}/send_private_msg`, json({ user_id: 2001, message: '[CQ:face,id=1]', is_raw: true }));
    expect(sb.outbox.at(-1)?.segments).toEqual([{ type: 'text', data: { text: '[CQ:face,id=1]' } }]);
  });

  it('treats a __proto__ key as an ordinary unknown parameter', async () => {
    const sb = await open();
    const res = await rawRequest(`${sb.url}/get_stranger_info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"__proto__":{"user_id":2001}}',
    });
    expect(JSON.parse(res.body)).toEqual({ status: 'failed', retcode: 100, data: null });
    const form = await rawRequest(`${sb.url}/get_stranger_info?__proto__=x&user_id=2002`);
    expect(JSON.parse(form.body)).toMatchObject({ data: { user_id: 2002 } });
  });

  it('applies catalogue defaults (set_group_ban duration 1800)', async () => {
    // A manual clock: the second cannot tick over between the call and the check.
    const sb = await open({ clock: new ManualClock() });
    await rawRequest(`${sb.url}/set_group_ban?group_id=3001&user_id=2002`);
    const bob = sb.world.member(sb.world.group(3001)!, 2002)!;
    expect(bob.mute_until - sb.world.nowSeconds()).toBe(1800);
  });

  it('accepts a single segment object and a segment array as message', async () => {
    const sb = await open();
    await rawRequest(`${sb.url}/send_private_msg`, json({ user_id: 2001, message: { type: 'face', data: { id: 3 } } }));
    expect(sb.outbox.at(-1)?.segments).toEqual([{ type: 'face', data: { id: '3' } }]);
    await rawRequest(`${sb.url}/send_private_msg`, json({ user_id: 2001, message: [{ type: 'text', data: { text: 'a' } }, { type: 'text', data: { text: 'b' } }] }));
    expect(sb.outbox.at(-1)?.segments).toEqual([{ type: 'text', data: { text: 'ab' } }]);
  });

  it('send_msg infers the type by key presence: group, then discuss, then user', async () => {
    const sb = await open();
    await rawRequest(`${sb.url}/send_msg`, json({ group_id: 3001, user_id: 2001, message: 'x' }));
    expect(sb.outbox.at(-1)?.message_type).toBe('group');
    await rawRequest(`${sb.url}/send_msg`, json({ discuss_id: 4001, user_id: 2001, message: 'x' }));
    expect(sb.outbox.at(-1)?.message_type).toBe('discuss');
    await rawRequest(`${sb.url}/send_msg`, json({ user_id: 2001, message: 'x' }));
    expect(sb.outbox.at(-1)?.message_type).toBe('private');
    const res = await rawRequest(`${sb.url}/send_msg`, json({ group_id: 0, user_id: 2001, message: 'x' }));
    expect(JSON.parse(res.body)).toEqual({ status: 'failed', retcode: 100, data: null });
  });
});

describe('malformed HTTP', () => {
  it('answers garbage on the socket with 400 and keeps serving', async () => {
    const sb = await open();
    const { port } = new URL(sb.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (c) => {
        data += c.toString('latin1');
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer.startsWith('HTTP/1.1 400')).toBe(true);
    expect((await rawRequest(`${sb.url}/get_status`)).status).toBe(200);
  });
});

describe('data files (serve_data_files)', () => {
  const IMAGE = '6B4DE3DFD1BD271E3297859D41C530F5.jpg';

  it('is a 404 route while off', async () => {
    const sb = await open();
    expect((await rawRequest(`${sb.url}/data/image/${IMAGE}`)).status).toBe(404);
  });

  it('serves known files as attachments, with the token rules, 403 for .. and 404 for unknown files', async () => {
    const sb = await open({ serveDataFiles: true, accessToken: 'tok' });
    expect((await rawRequest(`${sb.url}/data/image/${IMAGE}`)).status).toBe(401);
    expect((await rawRequest(`${sb.url}/data/image/${IMAGE}?access_token=bad`)).status).toBe(403);
    const ok = await rawRequest(`${sb.url}/data/image/${IMAGE}?access_token=tok`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/octet-stream');
    expect(ok.headers['content-disposition']).toContain('attachment');
    expect(ok.headers['content-length']).toBe('34567');
    const auth = { Authorization: 'Bearer tok' };
    expect((await rawRequest(`${sb.url}/data/record/0B38145AA44505000B38145AA4450500.silk`, { headers: auth })).status).toBe(200);
    expect((await rawRequest(`${sb.url}/data/image/%2E%2E%2Fsecret`, { headers: auth })).status).toBe(403);
    expect((await rawRequest(`${sb.url}/data/image/missing.jpg`, { headers: auth })).status).toBe(404);
    expect((await rawRequest(`${sb.url}/data/etc/passwd`, { headers: auth })).status).toBe(404);
    expect((await rawRequest(`${sb.url}/data/image/${IMAGE}`, { method: 'POST', headers: auth })).status).toBe(405);
  });
});
