import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'create-cqkit', include: ['test/**/*.test.ts'] },
});
