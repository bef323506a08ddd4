import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/testing', include: ['test/**/*.test.ts'] },
});
