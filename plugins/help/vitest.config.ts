import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/plugin-help', include: ['test/**/*.test.ts'] },
});
