import { defineConfig } from 'vitest/config';

// One vitest run covers every workspace package; each package with a vitest.config.ts is a project.
export default defineConfig({
  test: {
    projects: ['packages/*', 'plugins/*'],
  },
});
