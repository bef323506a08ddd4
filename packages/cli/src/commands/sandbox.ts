/**
 * `cqkit sandbox`: the simulated CQHTTP server alone, for any client (another framework, curl).
 * The options are the sandbox's own table (the same as `cqkit-sandbox`), and the arguments go to
 * the sandbox's own parser as typed, so both commands read them alike (a token `0042` stays a string).
 */
import { runCliProcess, sandboxCliOptions } from '@cqkit/sandbox';
import type { CAC } from 'cac';
import { endStartUpTuning } from '../util/start-up-tuning.js';
import { sandboxSummary } from './summaries.js';

/** Registers `cqkit sandbox`; `start` receives the promise of its exit code when it runs. */
export function registerSandboxCommand(cli: CAC, argv: readonly string[], start: (exitCode: Promise<number>) => void): void {
  const command = cli.command('sandbox', sandboxSummary);
  for (const spec of sandboxCliOptions) {
    const names = [spec.name, ...(spec.aliases ?? [])].map((n) => `--${n}`).join(', ');
    if (spec.kind === 'negatable') command.option(`--no-${spec.name}`, `${spec.description}; --${spec.name} forces it on`);
    else if (spec.kind === 'boolean') command.option(names, spec.description);
    // Declared as strings so cac never turns a value into a number; the sandbox parses them anyway.
    else command.option(`${names} ${spec.value ?? '<value>'}`, spec.description, { type: [String] });
  }
  command.allowUnknownOptions().action(() => {
    endStartUpTuning(); // the sandbox runs with V8's defaults
    start(runCliProcess(argv.slice(argv.indexOf('sandbox') + 1), 'cqkit sandbox'));
  });
}
