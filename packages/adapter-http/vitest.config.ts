import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/adapter-http', include: ['test/**/*.test.ts'] },
});
