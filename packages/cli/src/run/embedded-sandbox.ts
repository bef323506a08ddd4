/**
 * No server configured: run the sandbox in this process, point its event posts at the bot's
 * receiver, connect the app over real HTTP on 127.0.0.1, and open the terminal chat.
 */
import { httpAdapter } from '@cqkit/adapter-http';
import type { App } from '@cqkit/core';
import { createSandbox, startTerminalChat, type WorldData } from '@cqkit/sandbox';
import type { Logger } from 'pino';
import type { CqkitConfig } from '../config/schema.js';
import { freePort } from './free-port.js';
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
  options: { chat: boolean; logger: Logger },
): Promise<EmbeddedSandbox> {
  const host = config.sandbox?.host ?? '127.0.0.1';
  const receiverHost = config.receiver?.host ?? '127.0.0.1';
  const path = config.receiver?.path ?? '/';
  // Each side must know the other's address before it starts, so both ports are chosen first; the
  // bot starts first so the sandbox's first post (lifecycle "enable") finds the receiver listening.
  const receiverPort = config.receiver?.port || (await freePort(receiverHost));
  const sandboxPort = config.sandbox?.port || (await freePort(host));
  const postUrl = `http://${receiverHost}:${receiverPort}${path}`;
  let stopping = false;
  const accessToken = config.sandbox?.accessToken;
  const secret = config.sandbox?.secret;
  const sandbox = createSandbox({
    port: sandboxPort,
    host,
    postUrl,
    ...(accessToken !== undefined && { accessToken }),
    ...(secret !== undefined && { secret }),
    ...(config.sandbox?.selfId !== undefined && { selfId: config.sandbox.selfId }),
    // The sandbox checks the world's shape itself and names what is wrong.
    ...(config.sandbox?.world !== undefined && { world: config.sandbox.world as unknown as WorldData }),
    // Once stopping, the bot's receiver is gone before the sandbox's farewell post: not worth a warning.
    logger: (level, message) =>
      stopping ? undefined : options.logger[level === 'warn' ? 'warn' : 'debug'](`sandbox: ${message}`),
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${sandboxPort}`;
  app.adapter(
    httpAdapter({
      bots: [
        {
          endpoint: url,
          selfId: sandbox.world.selfId,
          ...(accessToken !== undefined && { accessToken }),
          ...(secret !== undefined && { secret }),
        },
      ],
      receiver: {
        host: receiverHost,
        port: receiverPort,
        path,
        ...(config.receiver?.quickWindow !== undefined && { quickWindow: config.receiver.quickWindow }),
      },
    }),
  );
  await app.start();
  try {
    await sandbox.start();
  } catch (error) {
    await app.stop({ deadline: 0 });
    throw error;
  }
  io.stderr.write(`cqkit: running against the embedded sandbox (API ${url}, events to ${postUrl})\n`);
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
