import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/plugin-requests', include: ['test/**/*.test.ts'] },
});
