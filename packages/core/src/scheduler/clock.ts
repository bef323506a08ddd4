/**
 * The one time source of cqkit: the scheduler, call timeouts, prompts, the quick window, and the
 * adapters (their `Timers` is this type). Injected so tests can drive rate limits exactly; the
 * default reads the globals at call time, so vitest's fake timers also work without injecting anything.
 */
import type { Clock as TimeSource } from '@cqkit/protocol';

export type TimerHandle = unknown;

/** The protocol's Clock, with opaque timer handles. */
export type Clock = TimeSource<TimerHandle>;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
