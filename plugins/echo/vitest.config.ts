import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/plugin-echo', include: ['test/**/*.test.ts'] },
});
