import type { Reporter, TestModule } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/** Ends the run with one plain line, `N passed, N failed, N skipped`, that any CI can read. */
const summaryLine: Reporter = {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  },
};

// One vitest run covers every workspace package; each package with a vitest.config.ts is a project.
export default defineConfig({
  test: {
    projects: ['packages/*', 'plugins/*'],
    reporters: ['default', summaryLine],
  },
});
