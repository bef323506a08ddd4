/**
 * In-process pipeline cost: a group message through app.dispatch (listener + middleware + command
 * lookup + reply through the queued send path to a memory transport), against a bare handler doing
 * the same work by hand. Bounded: fixed event counts. Run: `npx tsx packages/core/bench/dispatch.bench.ts`.
 */
import type { GroupMessageEvent } from '@cqkit/protocol';
import { createApp, memoryAdapter } from '../src/index.js';

const EVENTS = 50_000;
const ROUNDS = 5;

function event(i: number): GroupMessageEvent {
  return {
    time: 1,
    self_id: 10001,
    post_type: 'message',
    message_type: 'group',
    sub_type: 'normal',
    message_id: i,
    group_id: 100 + (i % 50),
    user_id: 200 + (i % 7),
    anonymous: null,
    message: i % 2 === 0 ? `/echo hello ${i}` : `just chatting ${i}`,
    raw_message: '',
    font: 0,
    sender: { user_id: 200, nickname: 'n', card: '', sex: 'unknown', age: 0, area: '', level: '1', role: 'member', title: '' },
  };
}

async function cqkit(): Promise<number> {
  const app = createApp({
    logLevel: 'silent',
    scheduler: { global: false, perGroup: false, perUser: false, perDiscuss: false, concurrency: 64, maxQueue: 1_000_000 },
  });
  const memory = memoryAdapter();
  app.adapter(memory);
  await app.start();
  let seen = 0;
  app.on('message/group', () => void seen++);
  app.middleware((_s, next) => next());
  app.command('echo <text:text>').action(({ args }) => args.text);
  const events = Array.from({ length: EVENTS }, (_, i) => event(i));
  const start = process.hrtime.bigint();
  for (const e of events) await app.dispatch(e);
  await app.stop({ deadline: 10_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (seen !== EVENTS || memory.calls.length !== EVENTS / 2) throw new Error(`bad run: ${seen} events, ${memory.calls.length} sends`);
  return ms;
}

async function bare(): Promise<number> {
  const calls: unknown[] = [];
  const transport = async (action: string, params: Record<string, unknown>) => {
    calls.push([action, params]);
    return { message_id: calls.length };
  };
  let seen = 0;
  const handle = async (e: GroupMessageEvent) => {
    seen++;
    const text = e.message as string;
    if (text.startsWith('/')) {
      const space = text.indexOf(' ');
      const name = text.slice(1, space === -1 ? undefined : space);
      if (name === 'echo') await transport('send_group_msg', { group_id: e.group_id, message: text.slice(space + 1).trim(), auto_escape: false });
    }
  };
  const events = Array.from({ length: EVENTS }, (_, i) => event(i));
  const start = process.hrtime.bigint();
  for (const e of events) await handle(e);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (seen !== EVENTS || calls.length !== EVENTS / 2) throw new Error('bad bare run');
  return ms;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

const results: Record<string, number[]> = { bare: [], cqkit: [] };
await bare();
await cqkit();
for (let r = 0; r < ROUNDS; r++) {
  results.bare!.push(await bare());
  results.cqkit!.push(await cqkit());
}
const b = median(results.bare!);
const c = median(results.cqkit!);
console.log(`node ${process.version}, ${EVENTS} events (half of them commands with a reply), median of ${ROUNDS}`);
console.log(`bare handler: ${b.toFixed(1)} ms (${Math.round((EVENTS / b) * 1000).toLocaleString('en-US')} events/s)`);
console.log(`cqkit pipeline: ${c.toFixed(1)} ms (${Math.round((EVENTS / c) * 1000).toLocaleString('en-US')} events/s)`);
console.log(`per event: ${(((c - b) / EVENTS) * 1000).toFixed(2)} µs of framework overhead`);
