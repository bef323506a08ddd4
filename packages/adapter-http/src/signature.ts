/** node:crypto, loaded on first use: only an account with a post secret signs (about 7 ms at start). */
const crypto = () => process.getBuiltinModule('node:crypto');

/**
 * `X-Signature` of HTTP POST reports (transport.md 2): HMAC-SHA1 keyed with the UTF-8 bytes of the
 * secret, over the exact bytes of the body as received, written `sha1=<40 lowercase hex>`.
 */
export function signBody(secret: string, body: Uint8Array): string {
  return `sha1=${crypto().createHmac('sha1', secret).update(body).digest('hex')}`;
}

export type SignatureCheck = 'valid' | 'missing' | 'mismatch';

const signaturePattern = /^sha1=([0-9a-f]{40})$/i;

/**
 * Checks a received `X-Signature` header against the raw body. The digest comparison runs in
 * constant time; a header of the wrong form counts as a mismatch, an absent one as missing.
 */
export function checkSignature(
  secret: string,
  body: Uint8Array,
  header: string | string[] | undefined,
): SignatureCheck {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return 'missing';
  const match = signaturePattern.exec(value.trim());
  if (!match) return 'mismatch';
  const received = Buffer.from(match[1]!.toLowerCase(), 'hex');
  const { createHmac, timingSafeEqual } = crypto();
  const expected = createHmac('sha1', secret).update(body).digest();
  return timingSafeEqual(received, expected) ? 'valid' : 'mismatch';
}
