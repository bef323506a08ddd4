// `cqkit sandbox` through the real bin: the sandbox's own option table and parser, so tokens and
// secrets stay strings, every `cqkit-sandbox` option is accepted, and the web chat address is printed.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signBody } from '@cqkit/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, runCqkit } from './helpers/child.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

afterAll(() => {
  killAll();
  removeTempProjects();
});

describe('cqkit sandbox options', () => {
  it('--access-token 12345 and --secret 0042 are the strings typed; every cqkit-sandbox option is accepted', { timeout: 40_000 }, async () => {
    const posts: { headers: IncomingHttpHeaders; raw: Buffer }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posts.push({ headers: req.headers, raw: Buffer.concat(chunks) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const postUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
    const dir = tempProject({});
    const sandbox = runCqkit(
      [
        ...['sandbox', '--port', '0', '--access-token', '12345', '--secret', '0042', '--post-url', postUrl, '--no-chat'],
        ...['--rate-limited', '--rate-limit-interval', '100', '--heartbeat', '60000', '--format', 'array', '--cors', '--serve-data-files'],
      ],
      dir,
    );
    try {
      const [, url] = await sandbox.waitFor(/CQHTTP API on (http:\/\/127\.0\.0\.1:\d+)/, { stream: 'stderr', timeout: 30_000 });
      await sandbox.waitFor(/web chat at http:\/\/127\.0\.0\.1:\d+\/_sandbox\/chat\?access_token=<your token>/, { stream: 'stderr' });
      const call = (path: string, token?: string) => fetch(`${url}${path}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
      expect((await call('/get_login_info')).status).toBe(401);
      expect((await call('/get_login_info', '12345')).status).toBe(200);
      // --rate-limited: the suffix is served; --serve-data-files: the image route answers.
      expect(((await (await call('/send_private_msg_rate_limited?user_id=2001&message=hi', '12345')).json()) as { retcode: number }).retcode).toBe(1);
      expect((await call('/data/image/6B4DE3DFD1BD271E3297859D41C530F5.jpg', '12345')).status).toBe(200);
      // --cors: preflights are answered.
      expect((await fetch(`${url}/get_status`, { method: 'OPTIONS' })).headers.get('access-control-allow-origin')).toBe('*');
      const said = await fetch(`${url}/_sandbox/say`, {
        method: 'POST',
        headers: { authorization: 'Bearer 12345', 'content-type': 'application/json' },
        body: JSON.stringify({ user: 2001, message: 'hi' }),
      });
      expect(said.status).toBe(200);
      const deadline = Date.now() + 10_000;
      while (!posts.some((p) => p.raw.includes('"post_type":"message"')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const post = posts.find((p) => p.raw.includes('"post_type":"message"'))!;
      expect(post.headers['x-signature']).toBe(signBody('0042', post.raw));
      // --format array: the message arrives as segments.
      expect((JSON.parse(post.raw.toString()) as { message: unknown }).message).toEqual([{ type: 'text', data: { text: 'hi' } }]);
      expect(sandbox.stderr()).not.toContain('12345');
    } finally {
      sandbox.signal('SIGINT');
      expect(await sandbox.exited).toBe(0);
      receiver.close();
    }
  });

  it("--access-token '' means no token", { timeout: 40_000 }, async () => {
    const dir = tempProject({});
    const sandbox = runCqkit(['sandbox', '--port', '0', '--access-token', '', '--no-chat'], dir);
    const [, url] = await sandbox.waitFor(/CQHTTP API on (http:\/\/127\.0\.0\.1:\d+)/, { stream: 'stderr', timeout: 30_000 });
    expect((await fetch(`${url}/get_login_info`)).status).toBe(200);
    sandbox.signal('SIGTERM');
    expect(await sandbox.exited).toBe(0);
    expect(sandbox.stderr()).toContain('cqkit sandbox: stopped');
  });

  it('a bad value is a usage error naming the option (exit 2)', { timeout: 40_000 }, async () => {
    const dir = tempProject({});
    const sandbox = runCqkit(['sandbox', '--port', '99999'], dir);
    expect(await sandbox.exited).toBe(2);
    await sandbox.closed;
    expect(sandbox.stderr()).toContain('cqkit sandbox: --port must be a port number from 0 to 65535, got "99999"');
  });

  it('--help lists the shared options', { timeout: 40_000 }, async () => {
    const dir = tempProject({});
    const help = runCqkit(['sandbox', '--help'], dir);
    expect(await help.exited).toBe(0);
    await help.closed;
    for (const flag of ['--rate-limited', '--rate-limit-interval', '--heartbeat', '--format', '--cors', '--world', '--serve-data-files', '--allow-host']) {
      expect(help.stdout()).toContain(flag);
    }
  });
});
