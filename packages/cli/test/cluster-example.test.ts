/**
 * Done-when of the cluster: examples/basic-bot as `--role gateway` plus two `--role worker`
 * processes against a real Redis answers in the terminal chat as it does alone (the chat is on
 * the gateway). Needs Redis (CQKIT_TEST_REDIS_URL, default redis://127.0.0.1:6379).
 */
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { dropPrefix, freshPrefix, redisAvailable, redisUrl } from '../../cluster/test/redis-probe.js';
import { killAll, runCqkit } from './helpers/child.js';

const example = fileURLToPath(new URL('../../../examples/basic-bot/', import.meta.url));
const prefix = freshPrefix();

afterAll(async () => {
  killAll();
  if (redisAvailable) await dropPrefix(prefix);
});

it.skipIf(!redisAvailable)('the example bot runs as a gateway and two workers over Redis and answers in the chat', { timeout: 90_000 }, async () => {
  const env = { CQKIT_REDIS_URL: redisUrl, CQKIT_CLUSTER_PREFIX: prefix };
  const workers = [runCqkit(['start', '--role', 'worker'], example, env), runCqkit(['start', '--role', 'worker'], example, env)];
  const gateway = runCqkit(['start', '--role', 'gateway'], example, env);
  await Promise.all(workers.map((w) => w.waitFor(/worker \S+: taking events from Redis/, { stream: 'stderr', timeout: 60_000 })));
  await gateway.waitFor(/gateway \S+: events go to Redis/, { stream: 'stderr', timeout: 60_000 });
  await gateway.waitFor(/cqkit sandbox chat\. You are (\S+)/, { timeout: 10_000 });

  let mark = gateway.stdout().length;
  gateway.write('/echo hi');
  await gateway.waitFor(/\[group \d+\] cqkit-bot: hi {2}\(#\d+\)/, { from: mark, timeout: 15_000 });
  mark = gateway.stdout().length;
  gateway.write('hi');
  await gateway.waitFor(/cqkit-bot: Hello! Try \/hello, \/roll 20, \/echo something or \/help\./, { from: mark, timeout: 15_000 });
  mark = gateway.stdout().length;
  gateway.write('/roll 20');
  const roll = await gateway.waitFor(/cqkit-bot: 🎲 (\d+) \(d20\)/, { from: mark, timeout: 15_000 });
  expect(Number(roll[1])).toBeGreaterThanOrEqual(1);
  mark = gateway.stdout().length;
  gateway.write('/help');
  await gateway.waitFor(/\/roll \[sides:integer\] - roll a die/, { from: mark, timeout: 15_000 });
  mark = gateway.stdout().length;
  gateway.write('/private');
  gateway.write('/hello');
  await gateway.waitFor(/\[private \d+\] cqkit-bot: Hello, Alice!/, { from: mark, timeout: 15_000 });
  // Every answer came once.
  expect(gateway.stdout().match(/cqkit-bot: 🎲/g)).toHaveLength(1);

  gateway.write('/quit');
  await gateway.waitFor(/stopped: the send queue is empty/, { stream: 'stderr', timeout: 15_000 });
  for (const w of workers) w.signal('SIGTERM');
  await Promise.all([gateway.exited, ...workers.map((w) => w.exited)]);
  for (const w of workers) expect(w.stderr()).toContain('stopped: the send queue is empty');
  expect(await gateway.exited).toBe(0);
  // The chat and the sandbox are on the gateway side only.
  for (const w of workers) expect(w.stderr()).not.toContain('embedded sandbox');
});
