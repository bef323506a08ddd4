import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature, signBody } from '../src/signature.js';

// A body as a server may write it: non-ASCII text, \u0026-style escapes, odd spacing.
const rawBody = '{"post_type":"message" ,  "message":"你好 \\u0026 \\u003cb\\u003e","self_id":10001,\n"time":1}';

describe('X-Signature', () => {
  it('the test body re-serialises differently, so only a raw-bytes HMAC can match', () => {
    expect(JSON.stringify(JSON.parse(rawBody))).not.toBe(rawBody);
  });

  it('signs the raw bytes as sha1=<40 lowercase hex>', () => {
    const bytes = Buffer.from(rawBody, 'utf8');
    const expected = createHmac('sha1', 'k3y').update(bytes).digest('hex');
    expect(signBody('k3y', bytes)).toBe(`sha1=${expected}`);
    expect(signBody('k3y', bytes)).toMatch(/^sha1=[0-9a-f]{40}$/);
  });

  it('verifies the raw bytes and rejects a signature of the re-serialised JSON', () => {
    const bytes = Buffer.from(rawBody, 'utf8');
    expect(checkSignature('k3y', bytes, signBody('k3y', bytes))).toBe('valid');
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(rawBody)), 'utf8');
    expect(checkSignature('k3y', bytes, signBody('k3y', reserialised))).toBe('mismatch');
  });

  it('tells missing from wrong, and accepts upper-case hex', () => {
    const bytes = Buffer.from(rawBody, 'utf8');
    const good = signBody('k3y', bytes);
    expect(checkSignature('k3y', bytes, undefined)).toBe('missing');
    expect(checkSignature('k3y', bytes, '  ')).toBe('missing');
    expect(checkSignature('k3y', bytes, signBody('other', bytes))).toBe('mismatch');
    expect(checkSignature('k3y', bytes, good.slice(0, -1))).toBe('mismatch');
    expect(checkSignature('k3y', bytes, good.replace('sha1=', 'md5='))).toBe('mismatch');
    expect(checkSignature('k3y', bytes, `sha1=${good.slice(5).toUpperCase()}`)).toBe('valid');
    expect(checkSignature('k3y', bytes, [good, 'x'])).toBe('valid');
  });
});
