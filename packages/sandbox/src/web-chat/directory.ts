/**
 * Who can speak where: the page's choices of chat and user, read from the world. Each person is
 * one choice labelled once, by QQ nickname and number, with their role or state in Chinese as QQ
 * shows it (`Alice (2001) · 管理员`); a group card is shown next to the name only when it says
 * something else.
 */
import type { World } from '../world/world.js';

export interface ChatDirectory {
  self: { user_id: number; nickname: string };
  /** Everyone but the account; friends first. */
  people: { user_id: number; nickname: string; friend: boolean; label: string }[];
  groups: {
    group_id: number;
    group_name: string;
    /** Everyone but the account, owner and admins first. */
    members: { user_id: number; name: string; role: string; muted: boolean; label: string }[];
  }[];
  discusses: { discuss_id: number; discuss_name: string; members: { user_id: number; name: string; label: string }[] }[];
}

const roleOrder: Record<string, number> = { owner: 0, admin: 1, member: 2 };
const roleLabel: Record<string, string> = { owner: '群主', admin: '管理员' };

/** `Alice (2001)`, then `· note` for each note. */
export function personLabel(name: string, userId: number, notes: readonly (string | undefined | false)[] = []): string {
  return [`${name} (${userId})`, ...notes.filter((n): n is string => typeof n === 'string' && n !== '')].join(' · ');
}

/** A card worth showing: not empty, and not just the nickname again (with or without a role tag). */
function distinctCard(card: string, nickname: string): string | undefined {
  const plain = card.replace(/[[(【（].*?[\])】）]/g, '').trim();
  return card === '' || plain === nickname ? undefined : `群名片 ${card}`;
}

export function chatDirectory(world: World): ChatDirectory {
  const self = world.selfId;
  const friends = new Set(world.data.friends.map((f) => f.user_id));
  const people = world.data.people
    .filter((p) => p.user_id !== self)
    .map((p) => {
      const friend = friends.has(p.user_id);
      return { user_id: p.user_id, nickname: p.nickname, friend, label: personLabel(p.nickname, p.user_id, [!friend && '非好友']) };
    })
    .sort((a, b) => Number(b.friend) - Number(a.friend) || a.user_id - b.user_id);
  const groups = world.data.groups.map((g) => ({
    group_id: g.group_id,
    group_name: g.group_name,
    members: g.members
      .filter((m) => m.user_id !== self)
      .sort((a, b) => (roleOrder[a.role] ?? 3) - (roleOrder[b.role] ?? 3) || a.user_id - b.user_id)
      .map((m) => {
        const nickname = world.nickname(m.user_id);
        const muted = world.isMuted(g, m);
        const label = personLabel(nickname, m.user_id, [roleLabel[m.role], muted && '禁言中', distinctCard(m.card, nickname)]);
        return { user_id: m.user_id, name: m.card || nickname, role: m.role, muted, label };
      }),
  }));
  const discusses = world.data.discusses.map((d) => ({
    discuss_id: d.discuss_id,
    discuss_name: d.discuss_name,
    members: d.members.filter((id) => id !== self).map((id) => ({ user_id: id, name: world.nickname(id), label: personLabel(world.nickname(id), id) })),
  }));
  return { self: { user_id: self, nickname: world.data.login.nickname }, people, groups, discusses };
}
