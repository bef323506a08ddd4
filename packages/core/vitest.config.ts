import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/core', include: ['test/**/*.test.ts'] },
});
