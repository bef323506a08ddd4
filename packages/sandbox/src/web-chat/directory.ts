/** Who can speak where: the page's choices of chat and user, read from the world. */
import type { World } from '../world/world.js';

export interface ChatDirectory {
  self: { user_id: number; nickname: string };
  /** Everyone but the account; friends first. */
  people: { user_id: number; nickname: string; friend: boolean }[];
  groups: {
    group_id: number;
    group_name: string;
    /** Everyone but the account, owner and admins first. */
    members: { user_id: number; name: string; role: string; muted: boolean }[];
  }[];
  discusses: { discuss_id: number; discuss_name: string; members: { user_id: number; name: string }[] }[];
}

const roleOrder: Record<string, number> = { owner: 0, admin: 1, member: 2 };

export function chatDirectory(world: World): ChatDirectory {
  const self = world.selfId;
  const friends = new Set(world.data.friends.map((f) => f.user_id));
  const people = world.data.people
    .filter((p) => p.user_id !== self)
    .map((p) => ({ user_id: p.user_id, nickname: p.nickname, friend: friends.has(p.user_id) }))
    .sort((a, b) => Number(b.friend) - Number(a.friend) || a.user_id - b.user_id);
  const groups = world.data.groups.map((g) => ({
    group_id: g.group_id,
    group_name: g.group_name,
    members: g.members
      .filter((m) => m.user_id !== self)
      .sort((a, b) => (roleOrder[a.role] ?? 3) - (roleOrder[b.role] ?? 3) || a.user_id - b.user_id)
      .map((m) => ({ user_id: m.user_id, name: m.card || world.nickname(m.user_id), role: m.role, muted: world.isMuted(g, m) })),
  }));
  const discusses = world.data.discusses.map((d) => ({
    discuss_id: d.discuss_id,
    discuss_name: d.discuss_name,
    members: d.members.filter((id) => id !== self).map((id) => ({ user_id: id, name: world.nickname(id) })),
  }));
  return { self: { user_id: self, nickname: world.data.login.nickname }, people, groups, discusses };
}
