/** Probes the PostgreSQL server once, before any test file is collected, so skipIf is decided up front. */
import type { TestProject } from 'vitest/node';
import { postgresSkipNote, probePostgres, testPostgresUrl } from '../src/testing.js';

export default async function setup(project: TestProject): Promise<void> {
  const url = testPostgresUrl();
  const answers = await probePostgres(url);
  if (!answers) console.log(postgresSkipNote(url));
  project.provide('pgUrl', answers ? url : null);
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test server's URL, or null when none answered (its tests are skipped). */
    pgUrl: string | null;
  }
}
