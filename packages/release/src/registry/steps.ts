/** A tiny ordered check runner: `ok`/`not ok` per step, a step whose prerequisite failed fails too (never skipped silently). */
export interface Step {
  name: string;
  /** Names of earlier steps this one needs. */
  needs?: string[];
  run(): Promise<void>;
}

export async function runSteps(steps: readonly Step[], log: (line: string) => void): Promise<{ passed: number; failed: number }> {
  const failed = new Set<string>();
  let passed = 0;
  steps.forEach((s, i) => {
    if (steps.findIndex((t) => t.name === s.name) !== i) throw new Error(`two steps named ${s.name}`);
  });
  for (const [i, step] of steps.entries()) {
    const missing = (step.needs ?? []).filter((n) => failed.has(n));
    const started = Date.now();
    if (missing.length > 0) {
      failed.add(step.name);
      log(`not ok ${i + 1} - ${step.name}: not run, it needs ${missing.join(', ')}`);
      continue;
    }
    try {
      await step.run();
      passed++;
      log(`ok ${i + 1} - ${step.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed.add(step.name);
      log(`not ok ${i + 1} - ${step.name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n${indent((error as Error).message)}`);
    }
  }
  return { passed, failed: failed.size };
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .slice(-40)
    .map((l) => `    ${l}`)
    .join('\n');
}
