/**
 * No server configured: run the sandbox in this process, point its event posts at the bot's
 * receiver, connect the app over real HTTP on 127.0.0.1, and open the terminal chat.
 */
import { httpAdapter } from '@cqkit/adapter-http';
import type { Adapter, App } from '@cqkit/core';
import { createSandbox, startTerminalChat, type WorldData } from '@cqkit/sandbox';
import type { Logger } from '@cqkit/core';
import type { CqkitConfig } from '../config/schema.js';
import type { RunnerIO } from './runner.js';

export interface EmbeddedSandbox {
  /** The sandbox's HTTP API, e.g. http://127.0.0.1:5700. */
  readonly url: string;
  /** Where the sandbox posts events. */
  readonly postUrl: string;
  /** Resolves when the person leaves the chat (/quit or end of input); never without a chat. */
  readonly chatClosed: Promise<void>;
  stopChat(): void;
  stop(): Promise<void>;
}

export async function startEmbeddedSandbox(
  app: App,
  config: CqkitConfig,
  io: RunnerIO,
  options: { chat: boolean; logger: Logger; wrapAdapter?: (adapter: Adapter) => Adapter; ackAfterDispatch?: boolean },
): Promise<EmbeddedSandbox> {
  const host = config.sandbox?.host ?? '127.0.0.1';
  let stopping = false;
  const accessToken = config.sandbox?.accessToken;
  const secret = config.sandbox?.secret;
  const sandbox = createSandbox({
    port: config.sandbox?.port ?? 0,
    host,
    ...(accessToken !== undefined && { accessToken }),
    ...(secret !== undefined && { secret }),
    ...(config.sandbox?.selfId !== undefined && { selfId: config.sandbox.selfId }),
    // The sandbox checks the world's shape itself and names what is wrong.
    ...(config.sandbox?.world !== undefined && { world: config.sandbox.world as unknown as WorldData }),
    // Once stopping, the bot's receiver is gone before the sandbox's farewell post: not worth a warning.
    logger: (level, message) =>
      stopping ? undefined : options.logger[level === 'warn' ? 'warn' : 'debug'](`sandbox: ${message}`),
  });
  // Both sides bind their ports (0 = a free one), then the sandbox is told where the receiver is and
  // posts its lifecycle "enable", as a server that comes up after the bot would.
  const { url } = await sandbox.start();
  const adapter = httpAdapter({
    bots: [
      {
        endpoint: url,
        selfId: sandbox.world.selfId,
        ...(accessToken !== undefined && { accessToken }),
        ...(secret !== undefined && { secret }),
      },
    ],
    receiver: {
      host: config.receiver?.host ?? '127.0.0.1',
      port: config.receiver?.port ?? 0,
      path: config.receiver?.path ?? '/',
      ...(config.receiver?.quickWindow !== undefined && { quickWindow: config.receiver.quickWindow }),
      ...(options.ackAfterDispatch && { ackAfterDispatch: true }),
    },
  });
  app.adapter(options.wrapAdapter ? options.wrapAdapter(adapter) : adapter);
  try {
    await app.start();
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  const postUrl = adapter.receiverUrl!;
  sandbox.setPostUrl(postUrl);
  await sandbox.lifecycle('enable');
  io.stderr.write(`cqkit: running against the embedded sandbox (API ${url}, events to ${postUrl})\n`);
  io.stderr.write(`cqkit: web chat at ${url}/_sandbox/chat${accessToken ? '?access_token=<your token>' : ''} (open it in a browser)\n`);
  // The chat says bot commands (/echo hi) to the bot as the current user; it keeps only its own.
  const chat = options.chat
    ? startTerminalChat(sandbox, { input: io.stdin, output: io.stdout, prompt: (io.stdout as { isTTY?: boolean }).isTTY === true })
    : undefined;
  return {
    url,
    postUrl,
    chatClosed: chat ? chat.closed : new Promise<void>(() => undefined),
    stopChat: () => {
      stopping = true;
      chat?.close();
    },
    stop: () => sandbox.stop(),
  };
}
