/**
 * Consistency rules a world must keep whatever is thrown at the server. The fuzz tests assert them
 * after every burst of random input; they are also handy when writing a custom fixture.
 */
import type { WorldData } from './types.js';

/** Every broken rule as a sentence; empty when the world is consistent. */
export function worldProblems(world: WorldData): string[] {
  const problems: string[] = [];
  const self = world.login.user_id;
  const groupIds = new Set<number>();
  for (const g of world.groups) {
    if (groupIds.has(g.group_id)) problems.push(`group ${g.group_id} listed twice`);
    groupIds.add(g.group_id);
    const owners = g.members.filter((m) => m.role === 'owner');
    if (owners.length !== 1) problems.push(`group ${g.group_id} has ${owners.length} owners`);
    if (!g.members.some((m) => m.user_id === self)) problems.push(`group ${g.group_id} does not contain the account`);
    const seen = new Set<number>();
    for (const m of g.members) {
      if (seen.has(m.user_id)) problems.push(`group ${g.group_id} lists member ${m.user_id} twice`);
      seen.add(m.user_id);
      if (typeof m.card !== 'string' || typeof m.title !== 'string') problems.push(`member ${m.user_id} of ${g.group_id} has a non-string card/title`);
      if (!Number.isFinite(m.mute_until) || m.mute_until < 0) problems.push(`member ${m.user_id} of ${g.group_id} has a bad mute_until`);
    }
    if (typeof g.group_name !== 'string') problems.push(`group ${g.group_id} has a non-string name`);
  }
  const friendIds = new Set<number>();
  for (const f of world.friends) {
    if (friendIds.has(f.user_id)) problems.push(`friend ${f.user_id} listed twice`);
    friendIds.add(f.user_id);
    if (f.user_id === self) problems.push('the account is its own friend');
  }
  const messageIds = new Set<number>();
  for (const m of world.messages) {
    if (messageIds.has(m.message_id)) problems.push(`message ${m.message_id} stored twice`);
    messageIds.add(m.message_id);
    if (!Array.isArray(m.segments)) problems.push(`message ${m.message_id} has no segment array`);
    else if (m.segments.some((s) => typeof s.type !== 'string' || typeof s.data !== 'object' || s.data === null)) {
      problems.push(`message ${m.message_id} has a malformed segment`);
    }
  }
  if (!Number.isSafeInteger(world.counters.message_id)) problems.push('message counter is not an integer');
  return problems;
}
