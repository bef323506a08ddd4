import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/templates', include: ['test/**/*.test.ts'] },
});
