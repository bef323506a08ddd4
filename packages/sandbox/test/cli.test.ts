// The standalone command: argument parsing, serving, and the chat over injected streams.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs } from '../src/cli/args.js';
import { type RunningCli, runCli } from '../src/cli/main.js';
import { rawRequest, type Receiver, startReceiver } from './helpers.js';

let running: RunningCli | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await running?.stop();
  await receiver?.close();
  running = undefined;
  receiver = undefined;
  process.exitCode = undefined;
});

function streams() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  return { io: { stdin, stdout, stderr }, out: () => out, err: () => err };
}

describe('cqkit-sandbox arguments', () => {
  it('has CQHTTP defaults and reads every option', () => {
    expect(parseCliArgs([])).toMatchObject({ host: '127.0.0.1', port: 5700, postMessageFormat: 'string', chat: false, rateLimitInterval: 500 });
    const o = parseCliArgs(['--port', '0', '--token', 't', '--secret', 's', '--post-url', 'http://127.0.0.1:8080/', '--format', 'array', '--rate-limited', '--heartbeat', '1000', '--cors', '--serve-data-files', '--user', '2002', '--group', '3002']);
    expect(o).toMatchObject({ port: 0, accessToken: 't', secret: 's', postMessageFormat: 'array', enableRateLimitedActions: true, heartbeat: 1000, cors: true, serveDataFiles: true, chat: true, user: 2002, group: 3002 });
    expect(parseCliArgs(['--post-url', 'http://x/', '--no-chat']).chat).toBe(false);
    // pnpm passes the `--` separator through to the script
    expect(parseCliArgs(['--', '--port', '0']).port).toBe(0);
  });

  it.each([[['--port', 'abc']], [['--format', 'xml']], [['--post-url', 'ftp://x']], [['--bogus']], [['stray']]])('rejects %j with a clear message', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
  });
});

describe('runCli', () => {
  it('without a post URL serves the API and prints where', async () => {
    const s = streams();
    running = await runCli(['--port', '0', '--host', '127.0.0.1'], s.io);
    expect(running?.chat).toBeUndefined();
    expect(s.out()).toContain(`CQHTTP API at ${running?.sandbox.url}`);
    expect(s.out()).toContain('serving the API only');
    expect((await rawRequest(`${running!.sandbox.url}/get_status`)).status).toBe(200);
  });

  it('with a post URL starts the chat; /quit stops everything', async () => {
    receiver = await startReceiver((post) => (post.event.post_type === 'message' ? { status: 200, body: '{"reply":"hey","at_sender":false}' } : undefined));
    const s = streams();
    running = await runCli(['--port', '0', '--post-url', receiver.url, '--group', '3002'], s.io);
    expect(running?.chat).toBeDefined();
    s.io.stdin.write('hello\n');
    await running!.sandbox.nextBotMessage({ timeout: 3000 });
    expect(s.out()).toContain('[group 3002] cqkit-bot: hey');
    s.io.stdin.write('/quit\n');
    await running!.done;
    expect(running!.sandbox.httpServer).toBeUndefined();
  });

  it('prints usage errors and help without starting', async () => {
    const s = streams();
    expect(await runCli(['--format', 'nope'], s.io)).toBeUndefined();
    expect(s.err()).toContain('--format must be string or array');
    expect(process.exitCode).toBe(2);
    const h = streams();
    expect(await runCli(['--help'], h.io)).toBeUndefined();
    expect(h.out()).toContain('Usage: cqkit-sandbox');
  });

  it('reports an unreadable world file', async () => {
    const s = streams();
    expect(await runCli(['--port', '0', '--world', '/nonexistent/world.json'], s.io)).toBeUndefined();
    expect(s.err()).toContain('cannot load --world /nonexistent/world.json');
  });
});
