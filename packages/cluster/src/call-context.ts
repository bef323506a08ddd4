/**
 * Which event a worker is handling, so a send can be given a stable idempotency key: the event's
 * stream id plus the send's position in the handler. A handler that runs again after a crash makes
 * the same sends in the same order and gets the same keys.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface EventScope {
  eventId: string;
  sends: number;
}

const storage = new AsyncLocalStorage<EventScope>();

export function runInEvent<T>(eventId: string, fn: () => T): T {
  return storage.run({ eventId, sends: 0 }, fn);
}

/** The next send's key: `eventId:n` inside an event's handlers, a random one outside (timers, ready hooks). */
export function nextSendKey(): string {
  const scope = storage.getStore();
  if (!scope) return `x:${randomUUID()}`;
  return `${scope.eventId}:${scope.sends++}`;
}
