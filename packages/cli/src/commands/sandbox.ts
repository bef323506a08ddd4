/** `cqkit sandbox`: the simulated CQHTTP server alone, for any client (another framework, curl). */
import { createSandbox, startTerminalChat } from '@cqkit/sandbox';

export interface SandboxCommandOptions {
  port: number;
  host: string;
  postUrl?: string | undefined;
  accessToken?: string | undefined;
  secret?: string | undefined;
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
  err.write(`cqkit sandbox: CQHTTP API on ${url} (account ${sandbox.world.selfId})\n`);
  err.write(options.postUrl ? `events are posted to ${options.postUrl}\n` : 'no --post-url: events are not posted anywhere\n');
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
  await sandbox.stop();
  err.write('cqkit sandbox: stopped\n');
  return 0;
}
