/** Every store test runs on both backends: SQLite in memory and a fresh schema on PostgreSQL. */
import { describe, inject } from 'vitest';
import type { Store } from '../src/index.js';
import { createScratchStore, type ScratchOptions } from '../src/testing.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty store; close it (afterEach). */
  open(options?: ScratchOptions): Promise<Store>;
}

const pgUrl = inject('pgUrl');

export const backends: readonly (Backend & { skip: boolean })[] = [
  { name: 'sqlite', skip: false, open: (options) => createScratchStore('memory', options) },
  { name: 'postgres', skip: pgUrl === null, open: (options) => createScratchStore({ url: pgUrl ?? '' }, options) },
];

/** `describe` once per backend; the PostgreSQL one is skipped (not passed) when no server answered. */
export function describeBackends(title: string, body: (backend: Backend) => void): void {
  for (const backend of backends) describe.skipIf(backend.skip)(`${title} [${backend.name}]`, () => body(backend));
}
