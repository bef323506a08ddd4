/**
 * Chaos, with real processes: a gateway and two workers (`cqkit start --role …`) over real Redis,
 * a lean OneBot HTTP server answering the API, 2,000 signed events over HTTP, one worker SIGKILLed
 * mid-run. Every event is answered exactly once and the per-group limit is never exceeded.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { dropPrefix, freshPrefix, redisAvailable, redisUrl, testRedis } from '../../cluster/test/redis-probe.js';
import { killAll, runCqkit } from './helpers/child.js';
import { freePort } from './helpers/free-port.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

const EVENTS = 2000;
const GROUPS = 100;
const SELF = 10001;
const SECRET = 'chaos-secret';
const LIMIT = { count: 5, interval: 500 };
const prefix = freshPrefix();
let api: Server | undefined;

afterAll(async () => {
  killAll();
  api?.close();
  removeTempProjects();
  if (redisAvailable) await dropPrefix(prefix);
});

interface Sent {
  group: number;
  message: string;
  at: number;
}

/** Just enough of a OneBot implementation: answers every action, records the group messages. */
async function startApi(sent: Sent[]): Promise<string> {
  let nextId = 1;
  api = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const action = (req.url ?? '/').slice(1).split('?')[0];
      const params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      let data: unknown = null;
      if (action === 'send_group_msg') {
        sent.push({ group: Number(params.group_id), message: String(params.message), at: Date.now() });
        data = { message_id: nextId++ };
      } else if (action === 'get_login_info') {
        data = { user_id: SELF, nickname: 'chaos' };
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', retcode: 0, data }));
    });
  });
  await new Promise<void>((resolve) => api!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(api!.address() as AddressInfo).port}`;
}

function groupEvent(i: number): string {
  return JSON.stringify({
    time: Math.floor(Date.now() / 1000),
    self_id: SELF,
    post_type: 'message',
    message_type: 'group',
    sub_type: 'normal',
    message_id: i + 1,
    group_id: 5000 + (i % GROUPS),
    user_id: 100_000 + i,
    anonymous: null,
    message: `m${i}`,
    raw_message: `m${i}`,
    font: 0,
    sender: { user_id: 100_000 + i, nickname: 'u', card: '', sex: 'unknown', age: 0, area: '', level: '1', role: 'member', title: '' },
  });
}

it.skipIf(!redisAvailable)('a gateway and two workers, 2,000 signed events, one worker SIGKILLed: each answered once, limits held', { timeout: 180_000 }, async () => {
  const sent: Sent[] = [];
  const apiUrl = await startApi(sent);
  const port = await freePort();
  const dir = tempProject({
    'reply.mjs': `export default { name: 'chaos-reply', apply(ctx) { ctx.on('message/group', (session) => session.send('re ' + session.event.raw_message)); } };\n`,
    'cqkit.config.mjs': `export default ${JSON.stringify({
      bots: [{ protocol: 'http', endpoint: apiUrl, selfId: SELF, secret: SECRET }],
      receiver: { port, quickWindow: 0 },
      plugins: { './reply.mjs': {} },
      rateLimit: { global: false, perTarget: LIMIT },
      logLevel: 'warn',
      stopDeadline: 3000,
      cluster: { redis: redisUrl, prefix, claimAfter: 1000 },
    })};\n`,
  });
  const gateway = runCqkit(['start', '--role', 'gateway'], dir);
  const workers = [runCqkit(['start', '--role', 'worker'], dir), runCqkit(['start', '--role', 'worker'], dir)];
  await gateway.waitFor(/gateway \S+: events go to Redis/, { stream: 'stderr', timeout: 60_000 });
  await Promise.all(workers.map((w) => w.waitFor(/worker \S+: taking events/, { stream: 'stderr', timeout: 60_000 })));

  // Signed posts, 32 at a time; one worker is killed once half of them are in.
  const statuses = new Map<number, number>();
  let next = 0;
  let killed = false;
  const post = async (): Promise<void> => {
    while (next < EVENTS) {
      const i = next++;
      if (!killed && i === EVENTS / 2) {
        killed = true;
        workers[0]!.process.kill('SIGKILL');
      }
      const body = groupEvent(i);
      const signature = createHmac('sha1', SECRET).update(body).digest('hex');
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-self-id': String(SELF), 'x-signature': `sha1=${signature}` },
        body,
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 32 }, post));
  expect(Object.fromEntries(statuses)).toEqual({ 204: EVENTS });
  expect(await workers[0]!.exited).toBe('SIGKILL');

  // Wait for the last answer, then for the streams to be empty: a duplicate would have come by then.
  const redis = testRedis();
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [events, calls] = await Promise.all([redis.xlen(`${prefix}:events`), redis.xlen(`${prefix}:calls:${SELF}`)]);
      if (sent.length >= EVENTS && events === 0 && calls === 0) break;
      if (Date.now() > deadline) throw new Error(`timed out: ${sent.length} answers, ${events} events and ${calls} calls left`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    redis.disconnect();
  }

  const count = new Map<string, number>();
  for (const s of sent) count.set(s.message, (count.get(s.message) ?? 0) + 1);
  const missing = Array.from({ length: EVENTS }, (_, i) => `re m${i}`).filter((m) => !count.has(m));
  const twice = [...count].filter(([, n]) => n > 1);
  expect(missing).toEqual([]);
  expect(twice).toEqual([]);
  expect(sent).toHaveLength(EVENTS);

  // Per group: any LIMIT.count + 1 consecutive sends span at least the interval (times taken at
  // this server on arrival; 100 ms allowed for the loopback hop and the scheduling of three processes on
  // a busy machine: the limiter's exact spacing is tested with a manual clock in @cqkit/cluster).
  const byGroup = new Map<number, number[]>();
  for (const s of sent) byGroup.set(s.group, [...(byGroup.get(s.group) ?? []), s.at]);
  let tightest = Number.POSITIVE_INFINITY;
  for (const times of byGroup.values()) {
    times.sort((a, b) => a - b);
    for (let j = 0; j + LIMIT.count < times.length; j++) tightest = Math.min(tightest, times[j + LIMIT.count]! - times[j]!);
  }
  expect(tightest).toBeGreaterThanOrEqual(LIMIT.interval - 100);

  // The kill mattered: the other worker took over events the dead one had taken.
  expect(workers[1]!.stderr()).toMatch(/took over \d+ event\(s\) another worker left unacknowledged/);

  gateway.signal('SIGTERM');
  workers[1]!.signal('SIGTERM');
  expect(await gateway.exited).toBe(0);
  expect(await workers[1]!.exited).toBe(0);
});
