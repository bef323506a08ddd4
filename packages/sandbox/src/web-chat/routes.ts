/**
 * The web chat's routes inside the control API (so the same access-token rules apply; a browser
 * passes `?access_token=`):
 *
 *   GET /_sandbox/chat             the page
 *   GET /_sandbox/chat/events      the live transcript (Server-Sent Events, ids `<epoch>:<seq>`; `Last-Event-ID` resumes)
 *   GET /_sandbox/chat/directory   users, groups, members and discuss groups to choose from
 *
 * The page sends with the existing control API: `POST /_sandbox/say` and `POST /_sandbox/notice`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http/api-server.js';
import type { Sandbox } from '../sandbox.js';
import { chatDirectory } from './directory.js';
import type { ChatFeed } from './feed.js';
import type { ChatEntry } from './items.js';
import { chatPage, chatScriptHash } from './page.js';
import { openEventStream } from './sse.js';

export const WEB_CHAT_PATH = '/chat';

export interface WebChatRoutes {
  /** True for paths (relative to `/_sandbox`) that belong to the web chat. */
  handles(path: string): boolean;
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void>;
  /** The transcript behind the page (tests read it directly). */
  readonly feed: ChatFeed;
}

export interface WebChatOptions {
  /** ms between SSE keep-alive comments; default 15000. */
  keepAlive?: number;
}

/**
 * Where a (re)connecting page left off: the seq of a `Last-Event-ID` (or `?since=`) of this feed's
 * epoch; 0 (everything in the backlog) for another epoch, a bare number's absence or anything unreadable.
 */
export function resumePoint(epoch: string, lastEventId: string | string[] | undefined): number {
  if (typeof lastEventId !== 'string') return 0;
  const [from, seqText] = lastEventId.includes(':') ? lastEventId.split(':', 2) : [epoch, lastEventId];
  const seq = Number(seqText);
  return from === epoch && Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
}

export function createWebChatRoutes(sandbox: Sandbox, options: WebChatOptions = {}): WebChatRoutes {
  const feed = sandbox.chatFeed;
  let page: Buffer | undefined;

  const streamEvents = (req: IncomingMessage, res: ServerResponse, query: URLSearchParams) => {
    const stream = openEventStream(req, res, options.keepAlive === undefined ? {} : { keepAlive: options.keepAlive });
    // Subscribe before replaying, and drop duplicates by seq, so nothing falls between the two.
    let sent = resumePoint(feed.epoch, req.headers['last-event-id'] ?? query.get('since') ?? undefined);
    const send = (entry: ChatEntry) => {
      if (entry.item.seq <= sent) return;
      sent = entry.item.seq;
      stream.send('item', entry, `${feed.epoch}:${entry.item.seq}`);
    };
    stream.onClose(feed.subscribe(send));
    feed.catchUp();
    stream.send('ready', { self: sandbox.world.selfId, epoch: feed.epoch });
    for (const entry of feed.since(sent)) send(entry);
  };

  return {
    feed,
    handles: (path) => path === WEB_CHAT_PATH || path.startsWith(`${WEB_CHAT_PATH}/`),
    async handle(req, res, path, query) {
      const route = path.replace(/\/+$/, '');
      const method = req.method ?? 'GET';
      const known = route === WEB_CHAT_PATH || route === `${WEB_CHAT_PATH}/events` || route === `${WEB_CHAT_PATH}/directory`;
      if (!known) return sendJson(res, 404, { ok: false, error: `no web chat route ${path}` });
      if (method !== 'GET') return sendJson(res, 405, { ok: false, error: `${route} answers GET only` }, { Allow: 'GET' });
      if (route === `${WEB_CHAT_PATH}/events`) return streamEvents(req, res, query);
      if (route === `${WEB_CHAT_PATH}/directory`) return sendJson(res, 200, { ok: true, data: chatDirectory(sandbox.world) });
      page ??= Buffer.from(chatPage(), 'utf8');
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': String(page.length),
        'Cache-Control': 'no-store',
        // Everything is inline; nothing loads from elsewhere, and only the page's own script runs
        // (a script smuggled into a transcript fragment would not, even if escaping failed).
        'Content-Security-Policy': `default-src 'self'; script-src '${chatScriptHash()}'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'`,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      });
      res.end(page);
    },
  };
}
