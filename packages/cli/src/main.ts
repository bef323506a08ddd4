/** The `cqkit` command line: parses argv with cac and runs one command; resolves with the exit code. */
import { cac } from 'cac';
import { runNewPlugin } from './commands/new-plugin.js';
import { runSandbox } from './commands/sandbox.js';
import { runStart } from './commands/start.js';
import { type Role, roles } from './run/cluster-roles.js';
import { describeError } from './util/describe-error.js';
import { cliVersion } from './util/version.js';


function toPort(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag}: expected a port number from 0 to 65535, got ${JSON.stringify(value)}`);
  return port;
}

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
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
    .option('--role <role>', 'all (one process), gateway or worker (a cluster over Redis: config `cluster`)', { default: 'all' })
    .action((options: { config?: string; watch?: boolean; role?: unknown }) => {
      const role = String(options.role ?? 'all');
      if (!isRole(role)) throw new UsageError(`--role: expected ${roles.join(', ')}, got ${JSON.stringify(role)}`);
      pending = runStart({ configFile: options.config, watch: options.watch === true, role });
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
      pending = runSandbox({
        port: toPort(options.port, '--port') ?? 5700,
        host: options.host ?? '127.0.0.1',
        postUrl: options.postUrl,
        accessToken: options.accessToken,
        secret: options.secret,
        wsPort: toPort(options.wsPort, '--ws-port'),
        wsReverseUrl: options.wsReverseUrl,
        chat: options.chat !== false,
      });
    });

  cli
    .command('new <kind> <name>', 'Scaffold a package: `cqkit new plugin dice` writes ./cqkit-plugin-dice')
    .option('--dir <dir>', 'Write into this directory instead of ./<package name>')
    .action((kind: string, name: string, options: { dir?: string }) => {
      if (kind !== 'plugin') throw new UsageError(`cqkit new: expected "plugin", got ${JSON.stringify(kind)} (usage: cqkit new plugin NAME)`);
      pending = runNewPlugin({ name, dir: options.dir });
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
