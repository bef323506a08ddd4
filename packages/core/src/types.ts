/** Small shared types. */
export type Awaitable<T> = T | Promise<T>;

import type { Message } from '@cqkit/protocol';

/** What a command or matcher handler may return: a message is sent back to the chat. */
// biome-ignore lint/suspicious/noConfusingVoidType: handlers that return nothing are typed void
export type HandlerResult = Message | undefined | void;

/** Undoes one registration; calling it twice is harmless. */
export type Disposer = () => void;

/** True for a thenable, checked without allocating. */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
