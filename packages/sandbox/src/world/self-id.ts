/** Re-number the account in a world (the `selfId` option): every place that refers to it follows. */
import type { WorldData } from './types.js';

const idKeys = new Set(['user_id', 'peer_id', 'sender_id', 'operator_id', 'actor', 'uploader', 'creator']);

function renumber(value: unknown, from: number, to: number): unknown {
  if (Array.isArray(value)) return value.map((v) => renumber(v, from, to));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = idKeys.has(k) && v === from ? to : renumber(v, from, to);
  return out;
}

export function withSelfId(world: WorldData, selfId: number): WorldData {
  const from = world.login.user_id;
  if (from === selfId) return world;
  const out = renumber(world, from, selfId) as WorldData;
  // Discuss members are plain id lists.
  out.discusses = out.discusses.map((d) => ({ ...d, members: d.members.map((m) => (m === from ? selfId : m)) }));
  return out;
}
