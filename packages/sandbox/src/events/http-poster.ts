/**
 * HTTP POST event reporting (transport.md 2): one POST per event to post_url with the CQHTTP headers
 * and, when a secret is set, `X-Signature: sha1=<hmac>` over the exact body bytes. The response body,
 * when it is a JSON object from a 2xx answer, is handed back as the event's quick operation.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock } from '../clock.js';

export const USER_AGENT = 'CQHttp/4.15.0';

export interface PostResult {
  status: number;
  /** The quick operation: present only for a 2xx answer whose body is a JSON object. */
  operation: Record<string, unknown> | undefined;
}

export interface HttpPosterOptions {
  url: string;
  secret?: string | undefined;
  selfId: () => number;
  /** Milliseconds for the whole exchange; 0 = no timeout (CQHTTP's post_timeout 0). */
  timeout: number;
  /** The sandbox clock, which runs the timeout (so tests drive it). */
  clock: Clock;
}

export function signBody(secret: string, body: Buffer): string {
  return `sha1=${createHmac('sha1', Buffer.from(secret, 'utf8')).update(body).digest('hex')}`;
}

/** True for URLs CQHTTP accepts as post_url (http:// or https://, any case). */
export function isPostableUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/**
 * POST one event. A keep-alive socket the receiver closed while idle fails with ECONNRESET before
 * the receiver saw anything; that one case is retried once on a fresh socket (Node's documented
 * pattern). Anything else is reported to the caller, as CQHTTP does not retry.
 */
export async function postEvent(options: HttpPosterOptions, json: string): Promise<PostResult> {
  try {
    return await postOnce(options, json);
  } catch (error) {
    if (error instanceof StaleSocketError) return postOnce(options, json);
    throw error;
  }
}

class StaleSocketError extends Error {
  override readonly name = 'StaleSocketError';
}

function postOnce(options: HttpPosterOptions, json: string): Promise<PostResult> {
  const body = Buffer.from(json, 'utf8');
  const url = new URL(options.url);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': body.length,
    'X-Self-ID': String(options.selfId()),
    'User-Agent': USER_AGENT,
  };
  if (options.secret) headers['X-Signature'] = signBody(options.secret, body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve, reject) => {
    const req = send(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // A quick operation is small; a huge answer is not one.
        if (size <= 1024 * 1024) chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        if (timer) options.clock.clearTimeout(timer);
        const status = res.statusCode ?? 0;
        resolve({ status, operation: status >= 200 && status < 300 ? parseOperation(Buffer.concat(chunks)) : undefined });
      });
    });
    let timedOut = false;
    const timer =
      options.timeout > 0
        ? options.clock.setTimeout(() => {
            timedOut = true;
            req.destroy(new Error(`no answer within ${options.timeout} ms (post_timeout)`));
          }, options.timeout)
        : undefined;
    const stopTimer = () => {
      if (timer) options.clock.clearTimeout(timer);
    };
    req.on('close', stopTimer);
    req.on('error', (error: NodeJS.ErrnoException) => {
      stopTimer();
      const stale = !timedOut && req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      reject(stale ? new StaleSocketError(error.message) : error);
    });
    req.end(body);
  });
}

function parseOperation(body: Buffer): Record<string, unknown> | undefined {
  const text = body.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
