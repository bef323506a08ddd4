import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/sandbox', include: ['test/**/*.test.ts'] },
});
