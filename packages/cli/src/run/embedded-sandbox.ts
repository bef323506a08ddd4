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
  // The sandbox must know where to post before it starts, so the receiver's port is chosen first.
  const receiverPort = config.receiver?.port || (await freePort(receiverHost));
  const postUrl = `http://${receiverHost}:${receiverPort}${path}`;
  const accessToken = config.sandbox?.accessToken;
  const secret = config.sandbox?.secret;
  const sandbox = createSandbox({
    port: config.sandbox?.port ?? 0,
    host,
    postUrl,
    ...(accessToken !== undefined && { accessToken }),
    ...(secret !== undefined && { secret }),
    ...(config.sandbox?.selfId !== undefined && { selfId: config.sandbox.selfId }),
    // The sandbox checks the world's shape itself and names what is wrong.
    ...(config.sandbox?.world !== undefined && { world: config.sandbox.world as unknown as WorldData }),
    logger: (level, message) => options.logger[level === 'warn' ? 'warn' : 'debug'](`sandbox: ${message}`),
  });
  await sandbox.start();
  const url = sandbox.url;
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
  try {
    await app.start();
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  io.stderr.write(`cqkit: running against the embedded sandbox (API ${url}, events to ${postUrl})\n`);
  const chat = options.chat
    ? startTerminalChat(sandbox, { input: io.stdin, output: io.stdout, prompt: (io.stdout as { isTTY?: boolean }).isTTY === true })
    : undefined;
  return {
    url,
    postUrl,
    chatClosed: chat ? chat.closed : new Promise<void>(() => undefined),
    stopChat: () => chat?.close(),
    stop: () => sandbox.stop(),
  };
}
