/**
 * The sandbox on its own, from a command line: `cqkit-sandbox` and `cqkit sandbox` both run this.
 * What it serves goes to stderr; stdout is the terminal chat's.
 */
import { redactUrl } from '@cqkit/protocol';
import { readFile } from 'node:fs/promises';
import { createSandbox, type Sandbox, type SandboxOptions } from '../sandbox.js';
import { startTerminalChat, type TerminalChat } from '../terminal-chat.js';
import { checkWorldShape } from '../world/fixture.js';
import { connectReverse, type ReverseWsClient } from '../ws/reverse-client.js';
import { createWsServer, type SandboxWsServer } from '../ws/ws-server.js';
import { CliUsageError, parseCliArgs, usage } from './args.js';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The command's name in messages and the usage text; default `cqkit-sandbox`. */
  program?: string;
}

export interface RunningCli {
  sandbox: Sandbox;
  ws: SandboxWsServer | undefined;
  reverse: ReverseWsClient | undefined;
  chat: TerminalChat | undefined;
  /** Resolves when the chat ends (never, without a chat: stop it with `stop()` or a signal). */
  done: Promise<void>;
  stop(): Promise<void>;
}

const isTTY = (stream: unknown) => (stream as { isTTY?: boolean }).isTTY === true;

/** Start from command-line arguments; returns undefined after printing help or a usage error (exit code set). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<RunningCli | undefined> {
  const program = io.program ?? 'cqkit-sandbox';
  const err = (line: string) => io.stderr.write(`${line}\n`);
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    err(`${program}: ${error.message}`);
    err(usage(program));
    process.exitCode = 2;
    return undefined;
  }
  if (options.help) {
    io.stdout.write(`${usage(program)}\n`);
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
  if (options.allowedHosts.length > 0) sandboxOptions.allowedHosts = options.allowedHosts;
  if (options.worldFile) {
    try {
      sandboxOptions.world = checkWorldShape(JSON.parse(await readFile(options.worldFile, 'utf8')));
    } catch (error) {
      err(`${program}: cannot load --world ${options.worldFile}: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
      return undefined;
    }
  }
  const sandbox = createSandbox(sandboxOptions);
  const ws = options.wsPort === undefined ? undefined : createWsServer(sandbox, { host: options.host, port: options.wsPort });
  try {
    await sandbox.start();
    await ws?.listen();
  } catch (error) {
    await sandbox.stop();
    err(`${program}: cannot listen on ${options.host}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return undefined;
  }
  const tokenNote = options.accessToken ? ' (access token required)' : '';
  err(`${program}: CQHTTP API on ${sandbox.url} (account ${sandbox.world.selfId})${tokenNote}`);
  err(`  web chat at ${sandbox.url}/_sandbox/chat${options.accessToken ? '?access_token=<your token>' : ''} (open it in a browser)`);
  err(`  control API at ${sandbox.url}/_sandbox/ (world, outbox, say, notice, request)`);
  if (ws) err(`  WebSocket API and events on ${ws.url} (/api, /event, / for both)`);
  if (options.postUrl) err(`  events are POSTed to ${redactUrl(options.postUrl)}`);
  const reverse = options.wsReverseUrl === undefined ? undefined : connectReverse(sandbox, { url: options.wsReverseUrl });
  if (reverse) err(`  connecting to the reverse WebSocket ${redactUrl(options.wsReverseUrl!)}`);
  if (!options.postUrl && !ws && !reverse) err('  no --post-url, --ws-port or --ws-reverse-url: events go nowhere; serving the API only');

  // A chat needs a person (a terminal) or somewhere for its messages to go.
  const chatOn = options.chat ?? (isTTY(io.stdin) || options.postUrl !== undefined || ws !== undefined || reverse !== undefined);
  const chat = chatOn
    ? startTerminalChat(sandbox, {
        input: io.stdin,
        output: io.stdout,
        ...(options.user ? { user: options.user } : {}),
        ...(options.group ? { group: options.group } : {}),
      })
    : undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      chat?.close();
      await reverse?.stop();
      await ws?.close();
      await sandbox.stop();
    })();
    return stopping;
  };
  const done = chat ? chat.closed.then(stop) : new Promise<void>(() => undefined);
  return { sandbox, ws, reverse, chat, done, stop };
}

/** Run with the process's stdio until the chat ends or SIGINT/SIGTERM; resolves with the exit code. */
export async function runCliProcess(argv: readonly string[], program = 'cqkit-sandbox'): Promise<number> {
  const running = await runCli(argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, program });
  if (!running) return Number(process.exitCode ?? 0);
  let onSignal: () => void = () => undefined;
  const signalled = new Promise<void>((resolve) => {
    onSignal = resolve;
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await Promise.race([running.done, signalled]);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  await running.stop();
  process.stderr.write(`${program}: stopped\n`);
  return Number(process.exitCode ?? 0);
}
