import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@cqkit/store',
    include: ['test/**/*.test.ts'],
    // Probes PostgreSQL once; its tests are skipped (and say so) when no server answers.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
  },
});
