import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/release', include: ['test/**/*.test.ts'] },
});
