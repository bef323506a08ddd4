/**
 * The `cqkit` command line: parses argv with cac and runs one command; resolves with the exit code.
 * Each command's module is imported only when that command runs, so `--version` and `--help` load
 * nothing but cac (tested in test/lazy-imports.test.ts).
 */
import { cac } from 'cac';
import { describeError } from './util/describe-error.js';
import { cliVersion } from './util/version.js';

function toPort(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag}: expected a port number from 0 to 65535, got ${JSON.stringify(value)}`);
  return port;
}

/** Bad command-line input: printed as is, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export async function main(argv: readonly string[]): Promise<number> {
  const cli = cac('cqkit');
  let pending: Promise<number> | undefined;

  cli
    .command('start', 'Start the bot of this project (finds cqkit.config.* from here upwards)')
    .option('--config <file>', 'Use this config file instead of searching')
    .option('--watch', 'Reload local plugins when their files change')
    .action((options: { config?: string; watch?: boolean }) => {
      pending = import('./commands/start.js').then(({ runStart }) => runStart({ configFile: options.config, watch: options.watch === true }));
    });

  cli
    .command('sandbox', 'Run the simulated CQHTTP server alone (for any client)')
    .option('--port <port>', 'HTTP API port', { default: 5700 })
    .option('--host <host>', 'Address to listen on', { default: '127.0.0.1' })
    .option('--post-url <url>', 'Where to POST events (a bot receiver), e.g. http://127.0.0.1:8080/')
    .option('--access-token <token>', 'Token clients must send')
    .option('--secret <secret>', 'Sign event posts with this secret')
    .option('--ws-port <port>', 'Also serve forward WebSocket on this port (0: any free port)')
    .option('--ws-reverse-url <url>', 'Also connect to this reverse WebSocket, e.g. ws://127.0.0.1:8080/onebot/v11/ws')
    .option('--no-chat', 'Do not start the terminal chat on stdin/stdout')
    .action((options: { port?: unknown; host?: string; postUrl?: string; accessToken?: string; secret?: string; wsPort?: unknown; wsReverseUrl?: string; chat?: boolean }) => {
      const sandboxOptions = {
        port: toPort(options.port, '--port') ?? 5700,
        host: options.host ?? '127.0.0.1',
        postUrl: options.postUrl,
        accessToken: options.accessToken,
        secret: options.secret,
        wsPort: toPort(options.wsPort, '--ws-port'),
        wsReverseUrl: options.wsReverseUrl,
        chat: options.chat !== false,
      };
      pending = import('./commands/sandbox.js').then(({ runSandbox }) => runSandbox(sandboxOptions));
    });

  cli
    .command('new <kind> <name>', 'Scaffold a package: `cqkit new plugin dice` writes ./cqkit-plugin-dice')
    .option('--dir <dir>', 'Write into this directory instead of ./<package name>')
    .action((kind: string, name: string, options: { dir?: string }) => {
      if (kind !== 'plugin') throw new UsageError(`cqkit new: expected "plugin", got ${JSON.stringify(kind)} (usage: cqkit new plugin NAME)`);
      pending = import('./commands/new-plugin.js').then(({ runNewPlugin }) => runNewPlugin({ name, dir: options.dir }));
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
