/**
 * The `cqkit` command line: parses argv with cac and runs one command; resolves with the exit code.
 * Each command's module is imported only when that command runs, so `--version` and `--help` load
 * nothing but cac (tested in test/lazy-imports.test.ts).
 */
import { cac } from 'cac';
import { sandboxSummary } from './commands/summaries.js';
import { isRole, roles } from './run/roles.js';
import { describeError } from './util/describe-error.js';
import { UsageError } from './util/usage-error.js';
import { cliVersion } from './util/version.js';

export { UsageError };

export async function main(argv: readonly string[]): Promise<number> {
  const cli = cac('cqkit');
  let pending: Promise<number> | undefined;

  cli
    .command('start', 'Start the bot of this project (finds cqkit.config.* from here upwards)')
    .option('--config <file>', 'Use this config file instead of searching')
    .option('--watch', 'Reload local plugins when their files change')
    .option('--role <role>', 'all (one process), gateway or worker (a cluster over Redis: config `cluster`)', { default: 'all' })
    .action((options: { config?: string; watch?: boolean; role?: unknown }) => {
      const role = String(options.role ?? 'all');
      if (!isRole(role)) throw new UsageError(`--role: expected ${roles.join(', ')}, got ${JSON.stringify(role)}`);
      pending = import('./commands/start.js').then(({ runStart }) => runStart({ configFile: options.config, watch: options.watch === true, role }));
    });

  // `cqkit sandbox` takes its options from @cqkit/sandbox, which is imported only when that command
  // is typed; `cqkit --help` lists it by its summary alone.
  if (argv.find((arg) => !arg.startsWith('-')) === 'sandbox') {
    const { registerSandboxCommand } = await import('./commands/sandbox.js');
    registerSandboxCommand(cli, argv, (exitCode) => {
      pending = exitCode;
    });
  } else cli.command('sandbox', sandboxSummary);

  cli
    .command('new <kind> <name>', 'Scaffold a package: `cqkit new plugin dice` writes ./cqkit-plugin-dice')
    .option('--dir <dir>', 'Write into this directory instead of ./<package name>')
    .action((kind: string, name: string, options: { dir?: string }) => {
      if (kind !== 'plugin') throw new UsageError(`cqkit new: expected "plugin", got ${JSON.stringify(kind)} (usage: cqkit new plugin NAME)`);
      pending = import('./commands/new-plugin.js').then(({ runNewPlugin }) => runNewPlugin({ name, dir: options.dir }));
    });

  cli
    .command('plugin <action> [...words]', 'Find and add plugins: `cqkit plugin search [words]`, `cqkit plugin add NAME`')
    .action((action: string, words: string[]) => {
      pending = import('./commands/plugin.js').then(({ runPluginCommand }) =>
        runPluginCommand(action, words, { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr }),
      );
    });

  cli.help();
  cli.version(cliVersion());

  try {
    const parsed = cli.parse(['node', 'cqkit', ...argv], { run: false });
    if (parsed.options.help || parsed.options.version) return 0;
    if (!cli.matchedCommand) {
      if (parsed.args.length > 0) throw new UsageError(`cqkit: unknown command "${parsed.args[0]}" (try cqkit --help)`);
      cli.outputHelp();
      return 0;
    }
    await cli.runMatchedCommand();
    return pending ? await pending : 0;
  } catch (error) {
    process.stderr.write(`${describeError(error)}\n`);
    return error instanceof UsageError || (error as { name?: string }).name === 'CACError' ? 2 : 1;
  }
}
