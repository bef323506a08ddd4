import { type AppOptions, createApp, memoryAdapter } from '../src/index.js';

export const BOT = 10001;

/** A started app on a memory adapter, silent, in English (the texts these tests read), with no rate limits unless given. */
export async function setup(options: AppOptions = {}) {
  const app = createApp({
    logLevel: 'silent',
    locale: 'en-US',
    ...options,
    scheduler: { global: false, perGroup: false, perUser: false, perDiscuss: false, ...options.scheduler },
  });
  const memory = memoryAdapter({ selfIds: [BOT] });
  app.adapter(memory);
  await app.start();
  return { app, memory, bot: app.bots.get(BOT)! };
}

/** Text of every message the bot sent (send_*_msg calls), CQ strings or segment arrays as given. */
export function sentMessages(memory: ReturnType<typeof memoryAdapter>): unknown[] {
  return memory.calls.filter((c) => /^send_(private|group|discuss)?_?msg/.test(c.action)).map((c) => c.params.message);
}
