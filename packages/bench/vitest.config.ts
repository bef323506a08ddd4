import { defineProject } from 'vitest/config';

export default defineProject({
  // The smoke test spawns bots and servers; it needs more than the default 5 s.
  test: { name: '@cqkit/bench', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
