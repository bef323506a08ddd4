// DNS rebinding and cross-site requests: without a token, a sandbox on a loopback address serves
// only loopback host names and origins (HTTP API, control API, web chat, data files, WebSocket).
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHostCheck, hostName, isLoopbackName } from '../src/http/host-guard.js';
import { createWsServer, type Sandbox, type SandboxWsServer } from '../src/index.js';
import { rawRequest, startSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
let ws: SandboxWsServer | undefined;
afterEach(async () => {
  await ws?.close();
  await sandbox?.stop();
  sandbox = undefined;
  ws = undefined;
});

const get = (path: string, headers: Record<string, string>) => rawRequest(`${sandbox!.url}${path}`, { headers });

/** The status of a WebSocket upgrade request with these headers. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('loopback names', () => {
  it('knows localhost, *.localhost, 127/8 and ::1, and nothing else', () => {
    for (const name of ['localhost', 'LOCALHOST', 'app.localhost', 'localhost.', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) expect(isLoopbackName(name), name).toBe(true);
    for (const name of ['evil.example', 'localhost.evil.example', '127.0.0.1.nip.io', '10.0.0.1', '0.0.0.0', '::', '', '[::2]']) expect(isLoopbackName(name), name).toBe(false);
  });

  it('reads the name out of a Host header', () => {
    expect(hostName('localhost:5700')).toBe('localhost');
    expect(hostName('[::1]:5700')).toBe('[::1]');
    expect(hostName('Example.test')).toBe('example.test');
  });

  it('is off with a token, with any allowed host, or when bound elsewhere on purpose', () => {
    const evil = { host: 'evil.example', origin: 'http://evil.example' };
    expect(createHostCheck({ listenHost: '127.0.0.1' })(evil)).toMatch(/Host "evil.example" is not a loopback name/);
    expect(createHostCheck({ listenHost: 'localhost' })(evil)).toBeDefined();
    expect(createHostCheck({ listenHost: '::1' })(evil)).toBeDefined();
    expect(createHostCheck({ listenHost: '127.0.0.1', accessToken: 't' })(evil)).toBeUndefined();
    expect(createHostCheck({ listenHost: '127.0.0.1', allowedHosts: true })(evil)).toBeUndefined();
    expect(createHostCheck({ listenHost: '0.0.0.0' })(evil)).toBeUndefined();
    expect(createHostCheck({ listenHost: '192.168.1.20' })(evil)).toBeUndefined();
    expect(createHostCheck({ listenHost: '127.0.0.1' })({})).toBeDefined();
    expect(createHostCheck({ listenHost: '127.0.0.1' })({ host: '127.0.0.1:1', origin: 'null' })).toMatch(/web page at "null"/);
  });
});

describe('the sandbox without a token on 127.0.0.1', () => {
  it('refuses a foreign Host on every route with a 403 that says what to do', async () => {
    sandbox = await startSandbox({ serveDataFiles: true });
    for (const path of ['/get_login_info', '/_sandbox/world', '/_sandbox/chat', '/data/image/6B4DE3DFD1BD271E3297859D41C530F5.jpg']) {
      const res = await get(path, { Host: `evil.example:${new URL(sandbox.url).port}` });
      expect(res.status, path).toBe(403);
      expect(res.body).toContain('set an access token, or allow the name (allowedHosts / --allow-host)');
    }
  });

  it('serves loopback names, and a page from a loopback origin (the web chat itself)', async () => {
    sandbox = await startSandbox();
    const port = new URL(sandbox.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'bot.localhost']) {
      expect((await get('/get_login_info', { Host: host })).status, host).toBe(200);
    }
    const fromPage = await rawRequest(`${sandbox.url}/_sandbox/say`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: sandbox.url },
      body: JSON.stringify({ user: 2001, message: 'hi' }),
    });
    expect(fromPage.status).toBe(200);
  });

  it('refuses a request from another web page (a form posted cross-site)', async () => {
    sandbox = await startSandbox();
    const res = await rawRequest(`${sandbox.url}/send_private_msg`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
      body: 'user_id=2001&message=spam',
    });
    expect(res.status).toBe(403);
    expect(sandbox.outbox).toHaveLength(0);
  });

  it('with cors on, any origin may call it (the user asked), but the Host is still checked', async () => {
    sandbox = await startSandbox({ cors: true });
    expect((await get('/get_login_info', { Origin: 'https://app.example' })).status).toBe(200);
    expect((await get('/get_login_info', { Host: 'evil.example' })).status).toBe(403);
  });

  it('serves the names listed in allowedHosts', async () => {
    sandbox = await startSandbox({ allowedHosts: ['host.docker.internal'] });
    expect((await get('/get_login_info', { Host: 'host.docker.internal:5700' })).status).toBe(200);
    expect((await get('/get_login_info', { Host: 'other.internal' })).status).toBe(403);
  });

  it('guards WebSocket upgrades too, on its own port and on the API port', async () => {
    sandbox = await startSandbox();
    ws = createWsServer(sandbox, { port: 0 });
    const { url } = await ws.listen();
    const own = `${url.replace('ws:', 'http:')}/`;
    expect(await upgradeStatus(own, {})).toBe(101);
    expect(await upgradeStatus(own, { Host: 'evil.example' })).toBe(403);
    expect(await upgradeStatus(own, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(own, { Origin: 'http://localhost:3000' })).toBe(101);
    ws.attach(sandbox.httpServer!);
    expect(await upgradeStatus(`${sandbox.url}/`, { Host: 'evil.example' })).toBe(403);
    expect(await upgradeStatus(`${sandbox.url}/`, {})).toBe(101);
  });
});

describe('the guard steps aside', () => {
  it('when a token is set: a foreign Host with the token is served', async () => {
    sandbox = await startSandbox({ accessToken: 'tok' });
    expect((await get('/get_login_info', { Host: 'evil.example', Authorization: 'Bearer tok' })).status).toBe(200);
    expect((await get('/get_login_info', { Host: 'evil.example' })).status).toBe(401);
  });

  it('when bound to every address on purpose', async () => {
    sandbox = await startSandbox({ host: '0.0.0.0' });
    const port = new URL(sandbox.url).port;
    expect((await rawRequest(`http://127.0.0.1:${port}/get_login_info`, { headers: { Host: 'my-server.lan' } })).status).toBe(200);
  });
});
