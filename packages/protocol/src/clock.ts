/**
 * The one Clock interface of cqkit: a time source with timers. Core, the adapters (their `Timers`)
 * and the sandbox use it, so one manual clock can drive them all in tests. `Handle` is what
 * setTimeout returns: opaque for core and the adapters, `{ id }` for the sandbox's clocks.
 */
export interface Clock<Handle = unknown> {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): Handle;
  clearTimeout(handle: Handle): void;
}
