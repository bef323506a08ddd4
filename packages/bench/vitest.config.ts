import { defineProject } from 'vitest/config';

export default defineProject({
  // The smoke test spawns bots and servers; it needs more than the default 5 s (about 30 s on a quiet
  // 2-core machine, more when the machine is busy).
  test: { name: '@cqkit/bench', include: ['test/**/*.test.ts'], testTimeout: 300_000 },
});
