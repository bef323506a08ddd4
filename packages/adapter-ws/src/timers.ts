import type { Clock } from '@cqkit/core';

/**
 * The time source the adapter schedules with (back-off, call timeouts, the silence watchdog):
 * core's Clock, so one manual clock can drive the app and the adapter in tests.
 */
export type Timers = Clock;

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, Math.max(0, ms));
    // A pending back-off or watchdog timer must never keep the process alive on its own.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Clears `handle` when there is one (injected clocks need not accept undefined). */
export function cancelTimer(timers: Timers, handle: unknown): void {
  if (handle !== undefined) timers.clearTimeout(handle);
}
