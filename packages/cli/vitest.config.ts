import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/cli', include: ['test/**/*.test.ts'] },
});
