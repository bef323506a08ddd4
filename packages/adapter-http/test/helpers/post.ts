import { createHmac } from 'node:crypto';
import { request } from 'undici';

/**
 * X-Signature as a server computes it, written here from the spec (HMAC-SHA1 of the raw bytes, keyed
 * with the secret's UTF-8 bytes, `sha1=` + lowercase hex), independently of the adapter's own code.
 */
export function serverSignature(secret: string, body: Buffer): string {
  return `sha1=${createHmac('sha1', Buffer.from(secret, 'utf8')).update(body).digest('hex')}`;
}

/** POSTs raw bytes to the receiver over a real socket, as an OneBot implementation would. */
export async function post(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; contentType: string | undefined }> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
    body,
  });
  const text = await response.body.text();
  const contentType = response.headers['content-type'];
  return { status: response.statusCode, body: text, contentType: Array.isArray(contentType) ? contentType[0] : contentType };
}

let nextMessageId = 1;

/** A well-formed private message event of account `selfId`. */
export function privateMessage(selfId: number, text: string, userId = 20002): Record<string, unknown> {
  return {
    time: 1_700_000_000,
    self_id: selfId,
    post_type: 'message',
    message_type: 'private',
    sub_type: 'friend',
    message_id: nextMessageId++,
    user_id: userId,
    message: text,
    raw_message: text,
    font: 0,
    sender: { user_id: userId, nickname: 'tester' },
  };
}
