/**
 * A worker's transport for one account: reads go to the owning gateway as request/reply, sends and
 * writes through the account's durable outbox under an idempotency key. A send accepted here is in
 * Redis: it goes out once even when this worker dies before the answer comes.
 */
import type { BotTransport, TransportCallOptions } from '@cqkit/core';
import { ActionError } from '@cqkit/protocol';
import type { Redis } from 'ioredis';
import { nextSendKey } from './call-context.js';
import { errorText } from './errors.js';
import type { Keys } from './keys.js';
import { settle } from './outcome.js';
import type { ReplyInbox } from './reply-inbox.js';
import { scripts } from './scripts.js';

export interface RemoteTransportOptions {
  selfId: number;
  redis: Redis;
  keys: Keys;
  inbox: ReplyInbox;
  /** How long a send's idempotency record lives, ms. */
  dedupeTtl: number;
}

export function remoteTransport(options: RemoteTransportOptions): BotTransport {
  const { selfId, redis, keys, inbox, dedupeTtl } = options;
  const calls = keys.calls(selfId);

  return {
    call(action: string, params: Record<string, unknown>, callOptions: TransportCallOptions): Promise<unknown> {
      const timeout = callOptions.timeout;
      const body = JSON.stringify(params);
      if (callOptions.idempotent) {
        const pending = inbox.expect(action, false, timeout, () => new ActionError({ action, kind: 'timeout', message: `${action}: no answer from the account's gateway within ${timeout} ms` }));
        const waiter = `${inbox.stream}|${pending.requestId}`;
        redis
          .xadd(calls, '*', 'a', action, 'p', body, 'w', waiter, 'x', String(Date.now() + timeout), 't', String(timeout))
          .catch((error: unknown) => pending.fail(unavailable(action, error)));
        return pending.answer.then((outcome) => settle(action, outcome));
      }
      const key = nextSendKey();
      const pending = inbox.expect(
        action,
        true,
        timeout,
        () =>
          new ActionError({
            action,
            kind: 'timeout',
            message: `${action}: no answer from the account's gateway within ${timeout} ms; the send stays in the outbox and goes out once`,
          }),
      );
      const waiter = `${inbox.stream}|${pending.requestId}`;
      // Issued synchronously, so the sends of one handler reach Redis in the order they were made.
      scripts
        .submit(redis, [keys.idem(key), keys.waiters(key), calls], waiter, dedupeTtl, ['k', key, 'a', action, 'p', body, 't', String(timeout)])
        .then(
          (outcome) => {
            if (outcome[0] === 'done') inbox.deliver(pending.requestId, outcome[1]);
          },
          (error: unknown) => pending.fail(unavailable(action, error)),
        );
      return pending.answer.then((outcome) => settle(action, outcome));
    },
  };
}

function unavailable(action: string, error: unknown): ActionError {
  return new ActionError({ action, kind: 'unreachable', message: `${action}: Redis did not take the call (${errorText(error)}); it was not sent`, cause: error });
}
