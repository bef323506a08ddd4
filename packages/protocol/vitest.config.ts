import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/protocol', include: ['test/**/*.test.ts'] },
});
