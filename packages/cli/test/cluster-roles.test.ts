/** `--role`: its checks, the config it needs, and what the default single process loads and serves. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BotRunner, validateConfig } from '../src/index.js';
import { killAll, runCqkit } from './helpers/child.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

afterAll(() => {
  killAll();
  removeTempProjects();
});

describe('cqkit start --role', () => {
  it('refuses an unknown role (exit 2) and a cluster role without `cluster` in the config (exit 1)', { timeout: 40_000 }, async () => {
    const dir = tempProject({ '.cqkitrc.json': '{ "sandbox": { "chat": false } }\n' });
    const bad = runCqkit(['start', '--role', 'leader'], dir);
    expect(await bad.exited).toBe(2);
    await bad.closed;
    expect(bad.stderr()).toContain('--role: expected all, gateway, worker, got "leader"');
    const missing = runCqkit(['start', '--role', 'worker'], dir);
    expect(await missing.exited).toBe(1);
    await missing.closed;
    expect(missing.stderr()).toMatch(/config error in \.cqkitrc\.json: cluster: --role worker needs the Redis/);
  });

  it('checks the cluster and metrics config keys', () => {
    expect(() => validateConfig({ cluster: { redis: 'http://x' } }, 'c.json')).toThrow(/cluster\.redis: expected a Redis URL/);
    expect(() => validateConfig({ cluster: { redis: 'redis://127.0.0.1:6379', prefix: 'a b' } }, 'c.json')).toThrow(/cluster\.prefix/);
    expect(() => validateConfig({ metrics: { port: 'x' } }, 'c.json')).toThrow(/metrics\.port/);
    expect(validateConfig({ cluster: { redis: 'redis://127.0.0.1:6379', prefix: 'bot', claimAfter: 5000 }, metrics: { port: 0 } }, 'c.json').cluster?.prefix).toBe('bot');
  });
});

describe('the default single process', () => {
  it('imports the cluster package only for the cluster roles, and only its metrics part otherwise', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    for (const file of files) {
      const text = readFileSync(join(src, file), 'utf8');
      // A static value import would load ioredis at start-up; type imports and import() do not.
      for (const match of text.matchAll(/^import\s+(?!type\b)[^;]*from\s+'(@cqkit\/cluster[^']*|ioredis)'/gm)) {
        throw new Error(`${file} imports ${match[1]} statically`);
      }
    }
    const metricsDir = fileURLToPath(new URL('../../cluster/src/metrics/', import.meta.url));
    for (const file of readdirSync(metricsDir)) {
      const text = readFileSync(join(metricsDir, file), 'utf8');
      expect(text, file).not.toMatch(/from '(ioredis|\.\.\/)/);
    }
  });

  it('serves /metrics and /healthz when the config asks for them', { timeout: 30_000 }, async () => {
    const dir = tempProject({});
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
    const config = validateConfig({ metrics: { port: 0 }, sandbox: { chat: false }, logLevel: 'silent' }, 'c.json');
    const runner = new BotRunner({ loaded: { config, dir, filepath: undefined }, io });
    await runner.start();
    try {
      const url = runner.metricsUrl!;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const text = await (await fetch(`${url}/metrics`)).text();
      // The sandbox's lifecycle event came in at start.
      expect(text).toMatch(/cqkit_events_received_total [1-9]/);
      for (const name of ['cqkit_events_handled_total', 'cqkit_sends_total', 'cqkit_call_duration_seconds', 'cqkit_queue_depth', 'cqkit_queue_oldest_wait_seconds']) expect(text).toContain(name);
    } finally {
      await runner.stop();
    }
  });
});
