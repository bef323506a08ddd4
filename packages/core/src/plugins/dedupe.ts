/**
 * Opt-in de-duplication, for servers that deliver an event twice: drops a message already seen
 * (same self id and message id) or any event whose payload was seen within the window.
 * It is an event gate, so neither listeners nor middleware see the duplicate.
 */
import { z } from 'zod';
import { definePlugin } from '../plugin.js';

const schema = z.object({
  /** ms during which a repeat is a duplicate. */
  window: z.number().int().positive().default(60_000),
  /** Most entries remembered (oldest forgotten first). */
  maxEntries: z.number().int().positive().default(10_000),
  /** message-id: messages by self id + message id; payload: every event by its JSON; both. */
  by: z.enum(['message-id', 'payload', 'both']).default('both'),
}).prefault({});

export type DedupeConfig = z.input<typeof schema>;

export const dedupe = definePlugin({
  name: 'dedupe',
  schema,
  apply(ctx, config) {
    // Insertion order is expiry order (fixed window), so pruning pops from the front.
    const seen = new Map<string, number>();
    const clock = ctx.app.clock;
    ctx.intercept((session) => {
      const now = clock.now();
      const event = session.event as unknown as Record<string, unknown>;
      let key: string;
      if (config.by !== 'payload' && event.post_type === 'message' && event.message_id !== undefined) {
        key = `m:${event.self_id}:${event.message_id}`;
      } else if (config.by !== 'message-id') {
        key = `p:${JSON.stringify(event)}`;
      } else {
        return true;
      }
      // Look up before evicting: a full table must still recognise its newest entries.
      const expires = seen.get(key);
      if (expires !== undefined) {
        if (expires > now) return false;
        seen.delete(key);
      }
      for (const [old, until] of seen) {
        if (until > now && seen.size < config.maxEntries) break;
        seen.delete(old);
      }
      seen.set(key, now + config.window);
      return true;
    });
  },
});
