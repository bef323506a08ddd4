/**
 * `cqkit-sandbox` / `pnpm --filter @cqkit/sandbox start`: run the sandbox on its own. With a post URL
 * the terminal chat starts so a person can talk to the bot; without one it serves the API and says where.
 */
import { readFile } from 'node:fs/promises';
import { checkWorldShape } from '../world/fixture.js';
import { createSandbox, type Sandbox, type SandboxOptions } from '../sandbox.js';
import { startTerminalChat, type TerminalChat } from '../terminal-chat.js';
import { CliUsageError, parseCliArgs, usage } from './args.js';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface RunningCli {
  sandbox: Sandbox;
  chat: TerminalChat | undefined;
  /** Resolves when the chat ends (never, without a chat: stop it with `stop()` or a signal). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** Start from command-line arguments; returns undefined after printing help or a usage error (exit code set). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<RunningCli | undefined> {
  const err = (line: string) => io.stderr.write(`${line}\n`);
  const out = (line: string) => io.stdout.write(`${line}\n`);
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    err(`cqkit-sandbox: ${error.message}`);
    err(usage);
    process.exitCode = 2;
    return undefined;
  }
  if (options.help) {
    out(usage);
    return undefined;
  }
  const sandboxOptions: SandboxOptions = {
    host: options.host,
    port: options.port,
    postMessageFormat: options.postMessageFormat,
    enableRateLimitedActions: options.enableRateLimitedActions,
    rateLimitInterval: options.rateLimitInterval,
    cors: options.cors,
    serveDataFiles: options.serveDataFiles,
    logger: (level, message) => err(`[sandbox ${level}] ${message}`),
  };
  if (options.accessToken) sandboxOptions.accessToken = options.accessToken;
  if (options.secret) sandboxOptions.secret = options.secret;
  if (options.postUrl) sandboxOptions.postUrl = options.postUrl;
  if (options.heartbeat) sandboxOptions.heartbeat = { interval: options.heartbeat };
  if (options.worldFile) {
    try {
      sandboxOptions.world = checkWorldShape(JSON.parse(await readFile(options.worldFile, 'utf8')));
    } catch (error) {
      err(`cqkit-sandbox: cannot load --world ${options.worldFile}: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
      return undefined;
    }
  }
  const sandbox = createSandbox(sandboxOptions);
  try {
    await sandbox.start();
  } catch (error) {
    err(`cqkit-sandbox: cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return undefined;
  }
  out(`cqkit sandbox: CQHTTP API at ${sandbox.url}${options.accessToken ? ' (access token required)' : ''}`);
  out(`  control API at ${sandbox.url}/_sandbox/ (world, outbox, say, notice, request)`);
  out(`  web chat at ${sandbox.url}/_sandbox/chat${options.accessToken ? '?access_token=<your token>' : ''} (open it in a browser)`);
  out(options.postUrl ? `  events are POSTed to ${options.postUrl}` : '  no --post-url: events are not posted; serving the API only');
  let chat: TerminalChat | undefined;
  if (options.chat) {
    chat = startTerminalChat(sandbox, {
      input: io.stdin,
      output: io.stdout,
      ...(options.user ? { user: options.user } : {}),
      ...(options.group ? { group: options.group } : {}),
    });
  }
  const stop = async () => {
    chat?.close();
    await sandbox.stop();
  };
  const done = chat ? chat.closed.then(stop) : new Promise<void>(() => undefined);
  return { sandbox, chat, done, stop };
}
