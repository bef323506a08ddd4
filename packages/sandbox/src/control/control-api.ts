/**
 * The control API under `/_sandbox/...` (same server, same access token): lets tests in other
 * processes and languages drive the sandbox. JSON in, `{ ok: true, data }` or `{ ok: false, error }` out.
 *
 *   GET  /_sandbox/world                 world snapshot
 *   POST /_sandbox/world/reset           back to the fixture; body `{ world }` loads another one
 *   GET  /_sandbox/outbox                every message the bot sent
 *   GET  /_sandbox/outbox/next?timeout=  the next unread bot message (waits up to timeout ms)
 *   POST /_sandbox/outbox/clear          forget the outbox
 *   GET  /_sandbox/actions               the actions executed so far
 *   POST /_sandbox/say                   { user, group?, discuss?, text?, message?, anonymous? } -> { message_id }
 *   POST /_sandbox/notice                { type: join|leave|ban|upload|poke|recall|honor|lucky_king|offline_file|client_status, ... }
 *   POST /_sandbox/request               { type: friend|group, ...options } -> { flag }
 *   POST /_sandbox/event                 { event } any catalogue event, published as is
 *   POST /_sandbox/settle                resolves once every queued event was delivered
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateEvent } from '@cqkit/protocol';
import { sendJson } from '../http/api-server.js';
import { SandboxUsageError } from '../events/injectors.js';
import { WorldFixtureError } from '../world/fixture.js';
import type { Sandbox } from '../sandbox.js';
import { createWebChatRoutes } from '../web-chat/routes.js';

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ControlError(400, 'body is not valid JSON');
  }
  if (!isPlainObject(value)) throw new ControlError(400, 'body must be a JSON object');
  return value;
}

function num(body: Record<string, unknown>, key: string, required = true): number | undefined {
  const v = body[key];
  if (v === undefined && !required) return undefined;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new ControlError(400, `"${key}" must be an integer`);
  return n;
}

function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ControlError(400, `"${key}" must be a string`);
  return v;
}

async function route(sandbox: Sandbox, method: string, path: string, query: URLSearchParams, body: Buffer): Promise<unknown> {
  const key = `${method} ${path.replace(/\/+$/, '') || '/'}`;
  switch (key) {
    case 'GET /world':
      return sandbox.world.snapshot();
    case 'POST /world/reset': {
      const b = parseBody(body);
      sandbox.reset(isPlainObject(b.world) ? (b.world as never) : undefined);
      return null;
    }
    case 'GET /outbox':
      return sandbox.outbox;
    case 'GET /outbox/next': {
      const timeout = Math.min(Math.max(Number(query.get('timeout') ?? 5000) || 0, 0), 60_000);
      try {
        return await sandbox.nextBotMessage({ timeout });
      } catch (error) {
        throw new ControlError(408, error instanceof Error ? error.message : String(error));
      }
    }
    case 'POST /outbox/clear':
    case 'DELETE /outbox':
      sandbox.clearOutbox();
      return null;
    case 'GET /actions':
      return sandbox.actionLog;
    case 'POST /say': {
      const b = parseBody(body);
      const anonymous = isPlainObject(b.anonymous) ? { name: String(b.anonymous.name ?? 'anonymous') } : undefined;
      const message_id = sandbox.say({
        user: num(b, 'user') as number,
        ...(b.group !== undefined ? { group: num(b, 'group') as number } : {}),
        ...(b.discuss !== undefined ? { discuss: num(b, 'discuss') as number } : {}),
        ...(b.text !== undefined ? { text: str(b, 'text') as string } : {}),
        ...(b.message !== undefined ? { message: b.message as never } : {}),
        ...(anonymous ? { anonymous } : {}),
      });
      return { message_id };
    }
    case 'POST /notice':
      return notice(sandbox, parseBody(body));
    case 'POST /request': {
      const b = parseBody(body);
      const comment = str(b, 'comment') ?? '';
      if (b.type === 'friend') return { flag: sandbox.friendRequest({ user: num(b, 'user') as number, comment }) };
      if (b.type === 'group') {
        const subType = b.sub_type === 'invite' ? 'invite' : 'add';
        return { flag: sandbox.groupRequest({ group: num(b, 'group') as number, user: num(b, 'user') as number, subType, comment }) };
      }
      throw new ControlError(400, 'type must be friend or group');
    }
    case 'POST /event': {
      const b = parseBody(body);
      const checked = validateEvent(b.event);
      if (!checked.ok) throw new ControlError(400, `not a valid event: ${checked.reason}`);
      await sandbox.emitEvent(checked.event);
      return null;
    }
    case 'POST /settle':
      await sandbox.settled();
      return null;
    default:
      throw new ControlError(404, `no control route ${method} ${path}`);
  }
}

function notice(sandbox: Sandbox, b: Record<string, unknown>): unknown {
  const group = () => num(b, 'group') as number;
  const user = () => num(b, 'user') as number;
  switch (b.type) {
    case 'join':
      sandbox.join({ group: group(), user: user(), subType: b.sub_type === 'invite' ? 'invite' : 'approve', ...opt('operator', num(b, 'operator', false)) });
      return null;
    case 'leave':
      sandbox.leave({ group: group(), user: user(), ...opt('kickedBy', num(b, 'kicked_by', false)) });
      return null;
    case 'ban':
      sandbox.ban({ group: group(), user: user(), duration: num(b, 'duration') as number, ...opt('operator', num(b, 'operator', false)) });
      return null;
    case 'upload':
      return { file_id: sandbox.upload({ group: group(), user: user(), name: str(b, 'name') ?? 'file.bin', ...opt('size', num(b, 'size', false)) }) };
    case 'poke':
      sandbox.poke({ user: user(), ...opt('target', num(b, 'target', false)), ...opt('group', num(b, 'group', false)) });
      return null;
    case 'recall':
      sandbox.recall({ message_id: num(b, 'message_id') as number, ...opt('operator', num(b, 'operator', false)) });
      return null;
    case 'honor': {
      const type = b.honor_type;
      if (type !== 'talkative' && type !== 'performer' && type !== 'emotion') throw new ControlError(400, 'honor_type must be talkative, performer or emotion');
      sandbox.honor({ group: group(), user: user(), type });
      return null;
    }
    case 'lucky_king':
      sandbox.luckyKing({ group: group(), sender: user(), winner: num(b, 'target') as number });
      return null;
    case 'offline_file':
      sandbox.offlineFile({ user: user(), name: str(b, 'name') ?? 'file.bin', ...opt('size', num(b, 'size', false)) });
      return null;
    case 'client_status':
      sandbox.clientStatus({ online: b.online !== false });
      return null;
    default:
      throw new ControlError(400, 'type must be join, leave, ban, upload, poke, recall, honor, lucky_king, offline_file or client_status');
  }
}

function opt<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

export function createControlHandler(sandbox: Sandbox) {
  const webChat = createWebChatRoutes(sandbox);
  return async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, body: Buffer): Promise<void> => {
    if (webChat.handles(path)) return webChat.handle(req, res, path, query);
    try {
      const data = await route(sandbox, req.method ?? 'GET', path, query, body);
      sendJson(res, 200, { ok: true, data });
    } catch (error) {
      if (error instanceof ControlError) return sendJson(res, error.status, { ok: false, error: error.message });
      if (error instanceof SandboxUsageError || error instanceof WorldFixtureError) {
        return sendJson(res, 400, { ok: false, error: error.message });
      }
      sendJson(res, 500, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  };
}
