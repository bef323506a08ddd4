import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/plugin-welcome', include: ['test/**/*.test.ts'] },
});
