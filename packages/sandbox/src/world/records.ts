/** Records the world gains while it runs, built one way wherever they come from. */
import type { MemberData } from './types.js';

/** A plain member who joined at `joinTime` (seconds): no card, title or mute yet. */
export function newMember(userId: number, joinTime: number): MemberData {
  return {
    user_id: userId,
    role: 'member',
    card: '',
    title: '',
    title_expire_time: 0,
    join_time: joinTime,
    last_sent_time: 0,
    level: '潜水',
    unfriendly: false,
    card_changeable: true,
    mute_until: 0,
  };
}
