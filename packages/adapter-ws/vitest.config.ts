import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/adapter-ws', include: ['test/**/*.test.ts'] },
});
