/**
 * Services: named values one plugin provides (`ctx.provide`) and others use (`ctx.service`,
 * `ctx.inject`). The registry knows who provides what and which injections wait on which names;
 * an injection is started when all its names are present and stopped when one of them goes.
 * Dependents are stopped newest-started first, so one started on top of another goes first.
 */
import { ServiceConflictError, ServiceMissingError } from './errors.js';
import type { Disposer } from './types.js';

/**
 * The services a context can provide and use, by name. Empty here; a package that offers one adds it
 * by declaration merging: `declare module '@cqkit/core' { interface Services { store: Store } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface Services {}

export type ServiceName = keyof Services & string;

/** Something waiting on services: started when all `names` are provided, stopped when one goes. */
export interface Injection {
  readonly names: readonly string[];
  /** The plugin that waits (for messages). */
  readonly plugin: string;
  /** True for a plugin's own `inject` list: reported at app start while a name is missing. */
  readonly declared: boolean;
  start(): void;
  stop(): void;
}

/** How the registry announces changes (the app's bus). */
export interface ServiceEvents {
  serviceAdded(name: string): void;
  serviceRemoved(name: string): void;
}

interface Provided {
  readonly value: unknown;
  readonly plugin: string;
}

export class ServiceRegistry {
  private readonly provided = new Map<string, Provided>();
  /** Every registered injection, in registration order. */
  private readonly injections = new Set<Injection>();
  /** Running injections, in start order. */
  private readonly running: Injection[] = [];

  constructor(private readonly events: ServiceEvents) {}

  has(name: string): boolean {
    return this.provided.has(name);
  }

  /** The value, or a ServiceMissingError naming the service and the plugin that asked. */
  get(name: string, plugin: string): unknown {
    const entry = this.provided.get(name);
    if (entry === undefined) throw new ServiceMissingError(name, plugin);
    return entry.value;
  }

  /** Names of `names` nobody provides now. */
  missing(names: readonly string[]): string[] {
    return names.filter((name) => !this.provided.has(name));
  }

  /** Injections of plugins' own `inject` lists that still wait, for the start-up warning. */
  waiting(): Injection[] {
    return [...this.injections].filter((injection) => injection.declared && !this.running.includes(injection));
  }

  /** Provide `name`; the disposer withdraws it (stopping whatever needs it). */
  provide(name: string, value: unknown, plugin: string): Disposer {
    const existing = this.provided.get(name);
    if (existing !== undefined) throw new ServiceConflictError(name, existing.plugin, plugin);
    const entry: Provided = { value, plugin };
    this.provided.set(name, entry);
    for (const injection of [...this.injections]) {
      if (this.injections.has(injection) && injection.names.includes(name)) this.startIfReady(injection);
    }
    this.events.serviceAdded(name);
    return () => {
      if (this.provided.get(name) !== entry) return;
      this.provided.delete(name);
      // Newest first; a stop may stop others too (a dependent that provided a service itself).
      const running = [...this.running];
      for (let i = running.length - 1; i >= 0; i--) {
        const injection = running[i]!;
        if (injection.names.includes(name)) this.stop(injection);
      }
      this.events.serviceRemoved(name);
    };
  }

  /** Register `injection`; started now when its services are present. The disposer stops and forgets it. */
  watch(injection: Injection): Disposer {
    this.injections.add(injection);
    try {
      this.startIfReady(injection);
    } catch (error) {
      // Only a first start rethrows (a plugin's apply throwing while it loads): forget it again.
      this.injections.delete(injection);
      this.stop(injection);
      throw error;
    }
    return () => {
      if (!this.injections.delete(injection)) return;
      this.stop(injection);
    };
  }

  private startIfReady(injection: Injection): void {
    if (this.running.includes(injection)) return;
    for (const name of injection.names) if (!this.provided.has(name)) return;
    this.running.push(injection);
    injection.start();
  }

  private stop(injection: Injection): void {
    const index = this.running.indexOf(injection);
    if (index === -1) return;
    this.running.splice(index, 1);
    injection.stop();
  }
}
