import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/plugin-broadcast', include: ['test/**/*.test.ts'] },
});
