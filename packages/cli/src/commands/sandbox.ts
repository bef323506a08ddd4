/** `cqkit sandbox`: the simulated CQHTTP server alone, for any client (another framework, curl). */
import { connectReverse, createSandbox, createWsServer, startTerminalChat } from '@cqkit/sandbox';
import { endStartUpTuning } from '../util/start-up-tuning.js';

export interface SandboxCommandOptions {
  port: number;
  host: string;
  postUrl?: string | undefined;
  accessToken?: string | undefined;
  secret?: string | undefined;
  /** Also serve forward WebSocket (CQHTTP ws_port) on this port. */
  wsPort?: number | undefined;
  /** Also connect out to a reverse WebSocket (CQHTTP ws_reverse_url). */
  wsReverseUrl?: string | undefined;
  chat: boolean;
}

export async function runSandbox(options: SandboxCommandOptions): Promise<number> {
  const err = process.stderr;
  const sandbox = createSandbox({
    port: options.port,
    host: options.host,
    ...(options.postUrl !== undefined && { postUrl: options.postUrl }),
    ...(options.accessToken !== undefined && { accessToken: options.accessToken }),
    ...(options.secret !== undefined && { secret: options.secret }),
    logger: (level, message) => err.write(`sandbox ${level}: ${message}\n`),
  });
  const { url } = await sandbox.start();
  endStartUpTuning();
  err.write(`cqkit sandbox: CQHTTP API on ${url} (account ${sandbox.world.selfId})\n`);
  err.write(options.postUrl ? `events are posted to ${options.postUrl}\n` : 'no --post-url: events are not posted over HTTP\n');
  const ws = options.wsPort !== undefined ? createWsServer(sandbox, { host: options.host, port: options.wsPort }) : undefined;
  if (ws) err.write(`WebSocket API and events on ${(await ws.listen()).url} (/api, /event, / for both)\n`);
  const reverse = options.wsReverseUrl !== undefined ? connectReverse(sandbox, { url: options.wsReverseUrl }) : undefined;
  if (reverse) err.write(`connecting to the reverse WebSocket ${options.wsReverseUrl}\n`);
  const chat = options.chat
    ? startTerminalChat(sandbox, { input: process.stdin, output: process.stdout, prompt: process.stdout.isTTY === true })
    : undefined;
  await new Promise<void>((resolve) => {
    const finish = () => resolve();
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    void chat?.closed.then(finish);
  });
  chat?.close();
  await reverse?.stop();
  await ws?.close();
  await sandbox.stop();
  err.write('cqkit sandbox: stopped\n');
  return 0;
}
