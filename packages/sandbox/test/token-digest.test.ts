// The token check compares SHA-256 digests in constant time, so neither where a wrong token differs
// nor the expected token's length shows in the time taken.
import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { checkToken, tokensEqual } from '../src/http/auth.js';

vi.mock('node:crypto', async (original) => {
  const actual = await original<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

describe('token comparison', () => {
  it('compares two 32-byte digests whatever the lengths, and only equal tokens match', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    expect(tokensEqual('secret-token', 'secret-token')).toBe(true);
    expect(tokensEqual('s', 'secret-token')).toBe(false);
    expect(tokensEqual('secret-token-but-longer', 'secret-token')).toBe(false);
    expect(tokensEqual('', 'secret-token')).toBe(false);
    expect(tokensEqual('令牌', '令牌')).toBe(true);
    expect(spy).toHaveBeenCalledTimes(5);
    for (const [a, b] of spy.mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });

  it('checkToken answers ok, missing or wrong through it', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    const q = new URLSearchParams();
    expect(checkToken('tok', { authorization: 'Bearer tok' }, q)).toBe('ok');
    expect(checkToken('tok', { authorization: 'Bearer to' }, q)).toBe('wrong');
    expect(checkToken('tok', {}, q)).toBe('missing');
    expect(checkToken('tok', {}, new URLSearchParams('access_token=tokk'))).toBe('wrong');
    expect(spy).toHaveBeenCalledTimes(3);
  });
});
