/**
 * A scope owns disposers: everything a plugin registers is recorded in its scope and undone,
 * newest first, when the scope is disposed. Scopes nest (child plugins).
 */
import type { Disposer } from './types.js';

export class Scope {
  /** Insertion-ordered; removing one registration is O(1), so load/unload churn stays flat. */
  private readonly disposers = new Set<Disposer>();
  private readonly children = new Set<Scope>();
  private disposed = false;
  private detach: Disposer | undefined;

  constructor(readonly parent: Scope | null) {
    if (parent) {
      parent.children.add(this);
      this.detach = () => parent.children.delete(this);
    }
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Number of live registrations (for leak tests and metrics). */
  get size(): number {
    return this.disposers.size;
  }

  get childCount(): number {
    return this.children.size;
  }

  /**
   * Record `dispose`; returns a disposer that runs it once and forgets it.
   * Registering on a disposed scope runs nothing and disposes at once.
   */
  add(dispose: Disposer): Disposer {
    if (this.disposed) {
      dispose();
      return noop;
    }
    let done = false;
    const once: Disposer = () => {
      if (done) return;
      done = true;
      this.disposers.delete(once);
      dispose();
    };
    this.disposers.add(once);
    return once;
  }

  /**
   * Undo everything: child scopes first, then own registrations newest first.
   * Errors thrown by disposers are collected, never stop the rest.
   */
  dispose(): unknown[] {
    if (this.disposed) return [];
    this.disposed = true;
    const errors: unknown[] = [];
    for (const child of [...this.children].reverse()) errors.push(...child.dispose());
    const list = [...this.disposers].reverse();
    this.disposers.clear();
    for (const d of list) {
      try {
        d();
      } catch (error) {
        errors.push(error);
      }
    }
    this.detach?.();
    this.detach = undefined;
    return errors;
  }
}

function noop(): void {}
