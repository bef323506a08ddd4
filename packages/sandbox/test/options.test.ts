// createSandbox() options: a misspelt key or a value of the wrong kind is a clear error naming it.
import { describe, expect, it } from 'vitest';
import { createSandbox, ManualClock, SandboxOptionsError, WorldFixtureError } from '../src/index.js';

describe('createSandbox options', () => {
  it.each([
    [{ prot: 5700 }, 'createSandbox: prot is not an option; did you mean port?'],
    [{ access_token: 't' }, 'createSandbox: access_token is not an option; did you mean accessToken?'],
    [{ post_url: 'http://127.0.0.1:8080/' }, 'createSandbox: post_url is not an option; did you mean postUrl?'],
    [{ enable_heartbeat: true }, 'createSandbox: enable_heartbeat is not an option (known: world, selfId, host'],
    [{ port: 70000 }, 'createSandbox: port must be an integer from 0 to 65535, got 70000'],
    [{ port: '5700' }, 'createSandbox: port must be an integer from 0 to 65535, got "5700"'],
    [{ postMessageFormat: 'xml' }, `createSandbox: postMessageFormat must be 'string' or 'array', got "xml"`],
    [{ heartbeat: { interval: 0 } }, 'createSandbox: heartbeat must be true, false or { interval: <ms, at least 1> }'],
    [{ rateLimitInterval: -1 }, 'createSandbox: rateLimitInterval must be an integer from 0'],
    [{ bodyLimit: 0 }, 'createSandbox: bodyLimit must be an integer from 1'],
    [{ selfId: 0 }, 'createSandbox: selfId must be an integer from 1'],
    [{ accessToken: 123 }, 'createSandbox: accessToken must be a string, got 123'],
    [{ cors: 'yes' }, 'createSandbox: cors must be true or false, got "yes"'],
    [{ clock: {} }, 'createSandbox: clock must be a Clock { now, setTimeout, clearTimeout }'],
    [{ logger: 'stderr' }, 'createSandbox: logger must be a function'],
    [{ host: '' }, 'createSandbox: host must be a host name or address'],
  ])('%j: %s', (options, message) => {
    expect(() => createSandbox(options as never)).toThrow(SandboxOptionsError);
    expect(() => createSandbox(options as never)).toThrow(message);
  });

  it('accepts every option, and undefined values as absent', () => {
    const sandbox = createSandbox({
      selfId: 20002,
      host: '127.0.0.1',
      port: 0,
      accessToken: 't',
      secret: 's',
      postUrl: 'http://127.0.0.1:9/',
      postTimeout: 1000,
      postMessageFormat: 'array',
      enableRateLimitedActions: true,
      rateLimitInterval: 0,
      heartbeat: { interval: 1000 },
      cors: true,
      serveDataFiles: true,
      clock: new ManualClock(),
      bodyLimit: 1,
      logger: () => undefined,
      world: undefined,
    });
    expect(sandbox.world.selfId).toBe(20002);
  });

  it('a bad world is a WorldFixtureError naming the key', () => {
    expect(() => createSandbox({ world: { login: {} } as never })).toThrow(WorldFixtureError);
    expect(() => createSandbox({ world: { login: {} } as never })).toThrow('world fixture: "people" must be an array');
  });
});
