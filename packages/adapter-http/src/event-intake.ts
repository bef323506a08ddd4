import { type CQEvent, validateEvent } from '@cqkit/protocol';
import type { AdapterHost, Logger } from './core-contract.js';
import type { PostAnswer, ReceivedPost } from './event-receiver.js';
import { isUsefulOperation, quickOperationBody } from './quick-reply.js';
import { checkSignature } from './signature.js';
import { describeError } from '@cqkit/core';

/** An account as the intake sees it: its QQ number once known, and its post secret. */
export interface IntakeAccount {
  readonly selfId: number | undefined;
  readonly secret: string | undefined;
  readonly label: string;
}

/** Where the intake finds accounts; implemented by the adapter. */
export interface AccountDirectory {
  all(): readonly IntakeAccount[];
  byId(selfId: number): IntakeAccount | undefined;
  /** Binds a configured account whose QQ number was unknown to the number its first event carried. */
  adopt(account: IntakeAccount, selfId: number): boolean;
}

export interface EventIntakeOptions {
  accounts: AccountDirectory;
  host: AdapterHost;
  logger: Logger;
  quickWindow: number;
  /** Wait for dispatch to settle: 204 when it resolved, 503 when it rejected (see ReceiverOptions). */
  ackAfterDispatch?: boolean;
}

/**
 * Decides what one event POST means: which account it is for, whether it is authentic and well
 * formed, and what to answer. The checks run in this order: route, signature on the raw bytes,
 * JSON, event shape; only then is anything parsed into an event and dispatched.
 */
export function createEventIntake(options: EventIntakeOptions): (post: ReceivedPost) => PostAnswer | Promise<PostAnswer> {
  const { accounts, host, logger, quickWindow, ackAfterDispatch } = options;

  // Synchronous: only the quick window and ackAfterDispatch make the answer wait.
  return (post) => {
    // Built only for a log line: the peer's address is not read for an event that passes.
    const from = () => `from ${post.remote}`;
    const headerValue = firstHeader(post.headers['x-self-id']);
    let headerId: number | undefined;
    if (headerValue !== undefined) {
      headerId = Number(headerValue.trim());
      if (!Number.isSafeInteger(headerId) || headerId <= 0) {
        logger.warn(`event receiver: X-Self-ID ${JSON.stringify(headerValue)} ${from()} is not a QQ number; answered 400 and dropped`);
        return { status: 400 };
      }
    }

    // Without X-Self-ID (CQHTTP before 4.3) the body's self_id picks the account; it is only trusted
    // after that account's signature check below.
    let parsed: { ok: true; value: unknown } | { ok: false; error: string } | undefined;
    let routeId = headerId;
    if (routeId === undefined && accounts.all().length > 1) {
      parsed = parseJson(post.body);
      if (!parsed.ok) {
        logger.warn(`event receiver: POST ${from()} without X-Self-ID is not JSON (${parsed.error}); answered 400 and dropped`);
        return { status: 400 };
      }
      const claimed = (parsed.value as { self_id?: unknown } | null)?.self_id;
      if (typeof claimed === 'number') routeId = claimed;
    }

    const account = pickAccount(routeId);
    if (!account) {
      logger.warn(
        `event receiver: event ${from()} for self id ${routeId ?? '(none: no X-Self-ID header or self_id)'}, which no configured bot has; add { selfId: ${routeId ?? '<QQ number>'}, endpoint } to bots. Answered 404 and dropped`,
      );
      return { status: 404 };
    }

    if (account.secret !== undefined) {
      const check = checkSignature(account.secret, post.body, post.headers['x-signature']);
      if (check !== 'valid') {
        const status = check === 'missing' ? 401 : 403;
        logger.warn(
          `event receiver: event ${from()} for ${account.label} ${check === 'missing' ? 'has no X-Signature although a secret is configured' : 'has a wrong X-Signature (the server secret differs from this bot secret)'}; answered ${status} and dropped`,
        );
        return { status };
      }
    }

    parsed ??= parseJson(post.body);
    if (!parsed.ok) {
      logger.warn(`event receiver: event ${from()} for ${account.label} is not JSON (${parsed.error}); answered 400 and dropped`);
      return { status: 400 };
    }
    const validation = validateEvent(parsed.value);
    if (!validation.ok) {
      logger.warn(`event receiver: POST ${from()} for ${account.label} is not an event (${validation.reason}); answered 400 and dropped`);
      return { status: 400 };
    }
    const event = validation.event;
    if (headerId !== undefined && event.self_id !== headerId) {
      logger.warn(`event receiver: event ${from()} has self_id ${event.self_id} but X-Self-ID ${headerId}; answered 400 and dropped`);
      return { status: 400 };
    }
    if (account.selfId === undefined) {
      if (!accounts.adopt(account, event.self_id)) return { status: 404 };
    } else if (account.selfId !== event.self_id) {
      logger.warn(`event receiver: event ${from()} has self_id ${event.self_id}, but its route leads to ${account.label}; answered 404 and dropped`);
      return { status: 404 };
    }

    return dispatch(account, event);
  };

  /** The account for a routed id; an unknown id may belong to the one account still undiscovered. */
  function pickAccount(routeId: number | undefined): IntakeAccount | undefined {
    const all = accounts.all();
    if (routeId === undefined) return all.length === 1 ? all[0] : undefined;
    const known = accounts.byId(routeId);
    if (known) return known;
    const pending = all.filter((a) => a.selfId === undefined);
    return pending.length === 1 ? pending[0] : undefined;
  }

  /**
   * The core owns the quick window (one timer for all) and resolves by its end; this only writes
   * what it gives. With quickWindow 0 there is no window: 204 at once, handlers' replies go out as actions.
   */
  function dispatch(account: IntakeAccount, event: CQEvent): PostAnswer | Promise<PostAnswer> {
    if (ackAfterDispatch) return dispatchAcknowledged(account, event);
    if (quickWindow === 0) {
      try {
        host.dispatch(event).catch((error: unknown) => dispatchFailed(account, error));
      } catch (error) {
        dispatchFailed(account, error);
      }
      return noContent;
    }
    return dispatchWithWindow(account, event);
  }

  async function dispatchAcknowledged(account: IntakeAccount, event: CQEvent): Promise<PostAnswer> {
    try {
      await host.dispatch(event);
      return noContent;
    } catch (error) {
      logger.error(`event receiver: an event of ${account.label} was not taken (${describeError(error)}); answered 503 so the server sends it again`);
      return { status: 503 };
    }
  }

  async function dispatchWithWindow(account: IntakeAccount, event: CQEvent): Promise<PostAnswer> {
    try {
      const reply = await host.dispatch(event, { quickWindow });
      if (reply?.late) logger.debug(`event receiver: the quick window of an event of ${account.label} closed while its handlers ran; their later replies go out as actions`);
      if (reply && isUsefulOperation(reply.operation)) return { status: 200, body: quickOperationBody(reply.operation) };
    } catch (error) {
      dispatchFailed(account, error);
    }
    return noContent;
  }

  function dispatchFailed(account: IntakeAccount, error: unknown): void {
    logger.error(`event receiver: dispatching an event of ${account.label} failed: ${describeError(error)}`);
  }
}

const noContent: PostAnswer = Object.freeze({ status: 204 });

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

