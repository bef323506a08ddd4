/** `ready` hooks: run when the app starts, or at once for plugins loaded after the start. */
import type { ReportError } from './plugin-errors.js';
import type { PluginRuntime } from './runtime.js';
import type { Disposer } from './types.js';

interface ReadyHook {
  runtime: PluginRuntime;
  fn: () => unknown;
  done: boolean;
}

export class Lifecycle {
  private readonly hooks = new Set<ReadyHook>();
  started = false;

  constructor(private readonly report: ReportError) {}

  get size(): number {
    return this.hooks.size;
  }

  addReady(runtime: PluginRuntime, fn: () => unknown): Disposer {
    const hook: ReadyHook = { runtime, fn, done: false };
    this.hooks.add(hook);
    // A plugin loaded while the app runs gets its ready hook right after apply returns.
    if (this.started) queueMicrotask(() => this.run(hook));
    return runtime.scope.add(() => this.hooks.delete(hook));
  }

  async start(): Promise<void> {
    this.started = true;
    const pending: Promise<unknown>[] = [];
    for (const hook of [...this.hooks]) pending.push(this.run(hook));
    await Promise.all(pending);
  }

  private async run(hook: ReadyHook): Promise<void> {
    if (hook.done || !this.hooks.has(hook)) return;
    hook.done = true;
    try {
      await hook.fn();
    } catch (error) {
      this.report(hook.runtime.name, 'ready', error);
    }
  }
}
