// Robustness: random bodies, random parameters, random quick operations. The server must keep
// answering with a known status, and the world must keep its invariants.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, worldProblems } from '../src/index.js';
import { loadActions, rawRequest, startSandbox } from './helpers.js';

const actions = loadActions();
const actionNames = actions.map((a) => a.name);
const paramNames = [...new Set(actions.flatMap((a) => a.params.map((p) => p.name)))];

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ bodyLimit: 64 * 1024 });
});
afterAll(async () => {
  await sandbox.stop();
});

const anyValue = fc.oneof(
  fc.integer({ min: -5, max: 5000 }),
  fc.constantFrom(0, 1, 2001, 2002, 2004, 3001, 3002, 3003, 4001, 10001, 2 ** 53, -1),
  fc.double(),
  fc.string(),
  fc.constantFrom('yes', 'no', 'true', '1', '[CQ:face,id=1]', '[CQ:', '&#91;', 'friend-2009', 'join-3001-2010', 'add', 'invite', 'all'),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.anything({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant([{ type: 'node', data: { name: 'x', uin: 1, content: 'y' } }]),
  fc.constant({ type: 'text', data: { text: 'z' } }),
);

const paramsArb = fc.dictionary(fc.oneof(fc.constantFrom(...paramNames), fc.string({ maxLength: 8 })), anyValue, { maxKeys: 6 });

const actionArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...actionNames) },
  { weight: 1, arbitrary: fc.constantFrom(...actionNames).map((n) => `${n}_async`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

async function healthy(): Promise<void> {
  const res = await rawRequest(`${sandbox.url}/get_login_info`);
  expect(res.status).toBe(200);
  await sandbox.settled();
  expect(worldProblems(sandbox.world.data)).toEqual([]);
}

describe('fuzz', () => {
  it('random actions with random JSON params never break the server or the world', async () => {
    await fc.assert(
      fc.asyncProperty(actionArb, paramsArb, async (action, params) => {
        const res = await rawRequest(`${sandbox.url}/${encodeURIComponent(action)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(params),
        });
        expect([200, 404]).toContain(res.status);
        if (res.status === 200) {
          const env = JSON.parse(res.body) as { status: string; retcode: number; data: unknown };
          expect(['ok', 'async', 'failed']).toContain(env.status);
          expect(Number.isInteger(env.retcode)).toBe(true);
          if (env.status === 'failed') expect(env.data).toBeNull();
        }
      }),
      { numRuns: 400, seed: 20241122 },
    );
    await healthy();
  });

  it('random query strings and form bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...actionNames), fc.dictionary(fc.constantFrom(...paramNames), fc.string(), { maxKeys: 5 }), fc.boolean(), async (action, params, asForm) => {
        const encoded = new URLSearchParams(params).toString();
        const res = asForm
          ? await rawRequest(`${sandbox.url}/${encodeURIComponent(action)}`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              body: encoded,
            })
          : await rawRequest(`${sandbox.url}/${encodeURIComponent(action)}?${encoded}`);
        expect(res.status).toBe(200);
      }),
      { numRuns: 200, seed: 7 },
    );
    await healthy();
  });

  it('random raw bodies, content types and paths get a known status', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('/send_msg', '/get_status/', '/.handle_quick_operation', '/_sandbox/say', '/_sandbox/notice', '/_sandbox/event'), fc.string({ maxLength: 20 }).map((s) => `/${encodeURIComponent(s)}`)),
        fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS'),
        fc.option(fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=utf-8', ''), { nil: undefined }),
        fc.uint8Array({ maxLength: 300 }),
        async (path, method, contentType, bytes) => {
          const headers: Record<string, string> = contentType === undefined ? {} : { 'Content-Type': contentType };
          const res = await rawRequest(`${sandbox.url}${path}`, { method, headers, body: Buffer.from(bytes) });
          expect([200, 400, 404, 405, 406, 408, 413]).toContain(res.status);
        },
      ),
      { numRuns: 300, seed: 99 },
    );
    await healthy();
  });

  it('random control API calls answer 200 or a 4xx with an error, never break the world', async () => {
    const bodyArb = fc.record(
      {
        type: fc.constantFrom('join', 'leave', 'ban', 'upload', 'poke', 'recall', 'honor', 'lucky_king', 'offline_file', 'client_status', 'friend', 'group', 'x'),
        user: anyValue,
        group: anyValue,
        discuss: anyValue,
        text: anyValue,
        message: anyValue,
        duration: anyValue,
        message_id: anyValue,
        kicked_by: anyValue,
        target: anyValue,
        sub_type: anyValue,
        honor_type: anyValue,
        anonymous: anyValue,
        event: anyValue,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/say', '/notice', '/request', '/event'), bodyArb, async (path, body) => {
        const res = await rawRequest(`${sandbox.url}/_sandbox${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect([200, 400]).toContain(res.status);
        const answer = JSON.parse(res.body) as { ok: boolean; error?: string };
        if (res.status === 400) expect(typeof answer.error).toBe('string');
      }),
      { numRuns: 300, seed: 11 },
    );
    await healthy();
  });

  it('random quick operations through .handle_quick_operation', async () => {
    const contextArb = fc.record({
      post_type: fc.constantFrom('message', 'request', 'notice', 'x'),
      message_type: fc.constantFrom('group', 'private', 'discuss', 'x'),
      request_type: fc.constantFrom('friend', 'group'),
      sub_type: fc.constantFrom('add', 'invite', 'normal'),
      group_id: anyValue,
      user_id: anyValue,
      discuss_id: anyValue,
      message_id: anyValue,
      flag: anyValue,
      anonymous: fc.oneof(fc.constant(null), fc.record({ id: fc.integer(), name: fc.string(), flag: fc.string() })),
    });
    const opArb = fc.record(
      { reply: anyValue, auto_escape: anyValue, at_sender: anyValue, delete: anyValue, kick: anyValue, ban: anyValue, ban_duration: anyValue, approve: anyValue, remark: anyValue, reason: anyValue },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(contextArb, opArb, async (context, operation) => {
        const res = await rawRequest(`${sandbox.url}/.handle_quick_operation`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ context, operation }),
        });
        expect(JSON.parse(res.body)).toEqual({ status: 'ok', retcode: 0, data: null });
      }),
      { numRuns: 200, seed: 3 },
    );
    await healthy();
  });
});
