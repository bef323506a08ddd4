import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@cqkit/plugin-ping', include: ['test/**/*.test.ts'] },
});
