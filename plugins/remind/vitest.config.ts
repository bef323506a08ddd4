import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/plugin-remind', include: ['test/**/*.test.ts'], testTimeout: 20_000 },
});
