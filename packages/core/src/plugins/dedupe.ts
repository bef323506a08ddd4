/**
 * Opt-in de-duplication, for servers that deliver an event twice: drops a message already seen
 * (same self id and message id) or any event whose payload was seen within the window.
 * It is an event gate, so neither listeners nor middleware see the duplicate.
 *
 * Its three keys are checked by hand rather than with a zod schema: a schema built at module scope
 * loaded zod (~70 ms, +13 MB) at every import of core, whether or not anyone used dedupe.
 */
import { PluginConfigError } from '../errors.js';
import { definePlugin } from '../plugin.js';

export interface DedupeOptions {
  /** ms during which a repeat is a duplicate. Default 60 000. */
  window?: number | undefined;
  /** Most entries remembered (oldest forgotten first). Default 10 000. */
  maxEntries?: number | undefined;
  /** message-id: messages by self id + message id; payload: every event by its JSON; both (default). */
  by?: 'message-id' | 'payload' | 'both' | undefined;
}

/** What `app.plugin(dedupe, config)` accepts; every key is optional, and so is the config. */
export type DedupeConfig = DedupeOptions | undefined;

interface ResolvedDedupe {
  window: number;
  maxEntries: number;
  by: 'message-id' | 'payload' | 'both';
}

const byValues: readonly string[] = ['message-id', 'payload', 'both'];

/** Fill the defaults in and check each key; a PluginConfigError names every bad one. */
export function resolveDedupeConfig(config: unknown): ResolvedDedupe {
  if (config === undefined) return { window: 60_000, maxEntries: 10_000, by: 'both' };
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new PluginConfigError('dedupe', [{ path: '', message: `expected an object, got ${describe(config)}` }]);
  }
  const input = config as Record<string, unknown>;
  const issues: { path: string; message: string }[] = [];
  const count = (key: 'window' | 'maxEntries', fallback: number): number => {
    const value = input[key];
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
    issues.push({ path: key, message: `expected a positive whole number, got ${describe(value)}` });
    return fallback;
  };
  const window = count('window', 60_000);
  const maxEntries = count('maxEntries', 10_000);
  let by: ResolvedDedupe['by'] = 'both';
  if (input.by !== undefined) {
    if (typeof input.by === 'string' && byValues.includes(input.by)) by = input.by as ResolvedDedupe['by'];
    else issues.push({ path: 'by', message: `expected one of 'message-id', 'payload', 'both', got ${describe(input.by)}` });
  }
  if (issues.length > 0) throw new PluginConfigError('dedupe', issues);
  return { window, maxEntries, by };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || Array.isArray(value)) return value === null ? 'null' : 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

export const dedupe = definePlugin<DedupeConfig>({
  name: 'dedupe',
  apply(ctx, input) {
    // A bad config throws here, synchronously: ctx.plugin undoes the load and rethrows it.
    const config = resolveDedupeConfig(input);
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
