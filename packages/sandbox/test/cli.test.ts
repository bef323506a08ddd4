// The standalone command: the shared option table, argument parsing (tokens stay strings), serving,
// and the chat over injected streams.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CliUsageError, parseCliArgs, usage } from '../src/cli/args.js';
import { type RunningCli, runCli } from '../src/cli/main.js';
import { sandboxCliOptions } from '../src/cli/option-table.js';
import { signBody } from '../src/index.js';
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
    expect(parseCliArgs([])).toMatchObject({ host: '127.0.0.1', port: 5700, postMessageFormat: 'string', rateLimitInterval: 500, allowedHosts: [] });
    expect(parseCliArgs([]).chat).toBeUndefined();
    const o = parseCliArgs([
      ...['--port', '0', '--token', 't', '--secret', 's', '--post-url', 'http://127.0.0.1:8080/', '--format', 'array', '--rate-limited'],
      ...['--rate-limit-interval', '250', '--heartbeat', '1000', '--cors', '--serve-data-files', '--user', '2002', '--group', '3002'],
      ...['--ws-port', '0', '--ws-reverse-url', 'ws://127.0.0.1:8080/ws', '--allow-host', 'a.test', '--allow-host', 'b.test', '--chat'],
    ]);
    expect(o).toMatchObject({
      ...{ port: 0, accessToken: 't', secret: 's', postMessageFormat: 'array', enableRateLimitedActions: true, rateLimitInterval: 250 },
      ...{ heartbeat: 1000, cors: true, serveDataFiles: true, chat: true, user: 2002, group: 3002, wsPort: 0 },
      ...{ wsReverseUrl: 'ws://127.0.0.1:8080/ws', allowedHosts: ['a.test', 'b.test'] },
    });
    expect(parseCliArgs(['--post-url', 'http://x/', '--no-chat']).chat).toBe(false);
    // pnpm passes the `--` separator through to the script
    expect(parseCliArgs(['--', '--port', '0']).port).toBe(0);
  });

  it('keeps tokens and secrets as the strings typed (digits, leading zeros, empty = none)', () => {
    expect(parseCliArgs(['--access-token', '12345', '--secret', '0042'])).toMatchObject({ accessToken: '12345', secret: '0042' });
    expect(parseCliArgs(['--token', '007']).accessToken).toBe('007');
    const empty = parseCliArgs(['--access-token', '', '--secret', '']);
    expect(empty.accessToken).toBeUndefined();
    expect(empty.secret).toBeUndefined();
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--port', '1e3']],
    [['--ws-port', '-1']],
    [['--format', 'xml']],
    [['--post-url', 'ftp://x']],
    [['--ws-reverse-url', 'http://x']],
    [['--bogus']],
    [['stray']],
  ])('rejects %j with a clear message', (argv) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
  });

  it('documents every option of the shared table in the usage text', () => {
    const text = usage('cqkit-sandbox');
    for (const spec of sandboxCliOptions) expect(text).toContain(`--${spec.name}`);
    for (const name of ['rate-limited', 'rate-limit-interval', 'heartbeat', 'format', 'cors', 'world', 'serve-data-files', 'ws-port', 'allow-host']) {
      expect(sandboxCliOptions.map((o) => o.name)).toContain(name);
    }
    expect(text).toContain('--access-token, --token <token>');
  });
});

describe('runCli', () => {
  it('without anywhere for events serves the API and prints where (web chat included)', async () => {
    const s = streams();
    running = await runCli(['--port', '0', '--host', '127.0.0.1'], s.io);
    expect(running?.chat).toBeUndefined();
    expect(s.err()).toContain(`cqkit-sandbox: CQHTTP API on ${running?.sandbox.url} (account 10001)`);
    expect(s.err()).toContain(`web chat at ${running?.sandbox.url}/_sandbox/chat (open it in a browser)`);
    expect(s.err()).toContain('serving the API only');
    expect(s.out()).toBe('');
    expect((await rawRequest(`${running!.sandbox.url}/get_status`)).status).toBe(200);
  });

  it('with a post URL starts the chat; /quit stops everything', async () => {
    receiver = await startReceiver((post) => (post.event.post_type === 'message' ? { status: 200, body: '{"reply":"hey","at_sender":false}' } : undefined));
    const s = streams();
    running = await runCli(['--port', '0', '--post-url', receiver.url, '--group', '3002'], s.io);
    expect(running?.chat).toBeDefined();
    s.io.stdin.write('hello\n');
    await running!.sandbox.nextBotMessage({ timeout: 3000 });
    await running!.sandbox.settled();
    expect(s.out()).toContain('[group 3002] cqkit-bot: hey');
    s.io.stdin.write('/quit\n');
    await running!.done;
    expect(running!.sandbox.httpServer).toBeUndefined();
  });

  it('a numeric-looking token and secret work as typed', async () => {
    receiver = await startReceiver();
    const s = streams();
    running = await runCli(['--port', '0', '--access-token', '12345', '--secret', '0042', '--post-url', receiver.url, '--no-chat'], s.io);
    const url = `${running!.sandbox.url}/get_login_info`;
    expect((await rawRequest(url)).status).toBe(401);
    expect((await rawRequest(url, { headers: { Authorization: 'Bearer 12345' } })).status).toBe(200);
    expect((await rawRequest(url, { headers: { Authorization: 'Bearer 012345' } })).status).toBe(403);
    running!.sandbox.say({ user: 2001, text: 'hi' });
    await running!.sandbox.settled();
    const post = receiver.posts.find((p) => p.event.post_type === 'message')!;
    expect(post.headers['x-signature']).toBe(signBody('0042', post.raw));
    expect(s.err()).not.toContain('12345');
  });

  it('an empty token means none', async () => {
    const s = streams();
    running = await runCli(['--port', '0', '--access-token', '', '--no-chat'], s.io);
    expect((await rawRequest(`${running!.sandbox.url}/get_login_info`)).status).toBe(200);
    expect(s.err()).not.toContain('access token required');
  });

  it('serves forward WebSocket with --ws-port and names it', async () => {
    const s = streams();
    running = await runCli(['--port', '0', '--ws-port', '0', '--no-chat'], s.io);
    expect(s.err()).toContain(`WebSocket API and events on ${running!.ws!.url}`);
    expect((await rawRequest(`${running!.ws!.url.replace('ws:', 'http:')}/api`)).status).toBe(426);
  });

  it('prints usage errors and help without starting', async () => {
    const s = streams();
    expect(await runCli(['--format', 'nope'], s.io)).toBeUndefined();
    expect(s.err()).toContain('cqkit-sandbox: --format must be string or array');
    expect(process.exitCode).toBe(2);
    const h = streams();
    expect(await runCli(['--help'], { ...h.io, program: 'cqkit sandbox' })).toBeUndefined();
    expect(h.out()).toContain('Usage: cqkit sandbox [options]');
  });

  it('reports an unreadable world file', async () => {
    const s = streams();
    expect(await runCli(['--port', '0', '--world', '/nonexistent/world.json'], s.io)).toBeUndefined();
    expect(s.err()).toContain('cannot load --world /nonexistent/world.json');
  });
});
