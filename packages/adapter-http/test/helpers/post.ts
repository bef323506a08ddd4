import { createHmac } from 'node:crypto';
import { request } from 'node:http';

/**
 * X-Signature as a server computes it, written here from the spec (HMAC-SHA1 of the raw bytes, keyed
 * with the secret's UTF-8 bytes, `sha1=` + lowercase hex), independently of the adapter's own code.
 */
export function serverSignature(secret: string, body: Buffer): string {
  return `sha1=${createHmac('sha1', Buffer.from(secret, 'utf8')).update(body).digest('hex')}`;
}

/** What the receiver answered. */
export interface Answer {
  status: number;
  body: string;
  contentType: string | undefined;
}

/**
 * One HTTP request over a fresh real socket (node:http, no pooling). `body` as an array is written
 * chunk by chunk without a Content-Length (chunked transfer encoding).
 */
export function send(
  url: string,
  options: { method: string; headers?: Record<string, string>; body?: string | Buffer | Buffer[] },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: options.method, headers: options.headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), contentType: res.headers['content-type'] }),
      );
    });
    // The receiver may answer (413) and close before a streamed body is fully written: once an
    // answer has come, a write error after it is expected and ignored.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const { body } = options;
    if (Array.isArray(body)) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else req.end(body);
  });
}

/** POSTs raw bytes to the receiver over a real socket, as an OneBot implementation would. */
export function post(url: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  return send(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8', ...headers }, body });
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
