/**
 * The in-memory world: the data of a fixture plus the lookups every action needs.
 * Mutations happen in the action handlers and the event injectors, which validate first and
 * change the data only once nothing can fail any more, so a rejected call never leaves half a change.
 */
import type { Clock } from '../clock.js';
import { defaultWorld } from '../fixtures/default-world.js';
import { checkWorldShape } from './fixture.js';
import type {
  DiscussData,
  FriendData,
  GroupData,
  MemberData,
  PersonData,
  Role,
  StoredMessageData,
  WorldData,
} from './types.js';

const roleRank: Record<Role, number> = { owner: 3, admin: 2, member: 1 };

export class World {
  data: WorldData;
  private readonly initial: WorldData;

  constructor(
    fixture: WorldData | undefined,
    private readonly clock: Clock,
  ) {
    this.initial = structuredClone(fixture ? checkWorldShape(fixture) : defaultWorld());
    this.data = structuredClone(this.initial);
  }

  /** Back to the fixture (or to a new one). */
  reset(fixture?: WorldData): void {
    if (fixture) {
      const checked = checkWorldShape(fixture);
      this.data = structuredClone(checked);
      Object.assign(this.initial, structuredClone(checked));
      return;
    }
    this.data = structuredClone(this.initial);
  }

  /** A deep copy, safe to hand out. */
  snapshot(): WorldData {
    return structuredClone(this.data);
  }

  get selfId(): number {
    return this.data.login.user_id;
  }

  /** Current Unix time in seconds. */
  nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  person(userId: number): PersonData | undefined {
    return this.data.people.find((p) => p.user_id === userId);
  }

  /** Nickname, or a stand-in for someone the world does not know. */
  nickname(userId: number): string {
    return this.person(userId)?.nickname ?? `QQ${userId}`;
  }

  friend(userId: number): FriendData | undefined {
    return this.data.friends.find((f) => f.user_id === userId);
  }

  group(groupId: number): GroupData | undefined {
    return this.data.groups.find((g) => g.group_id === groupId);
  }

  member(group: GroupData, userId: number): MemberData | undefined {
    return group.members.find((m) => m.user_id === userId);
  }

  /** The account's own membership; every group in `groups` has one. */
  selfMember(group: GroupData): MemberData | undefined {
    return this.member(group, this.selfId);
  }

  discuss(discussId: number): DiscussData | undefined {
    return this.data.discusses.find((d) => d.discuss_id === discussId);
  }

  message(messageId: number): StoredMessageData | undefined {
    return this.data.messages.find((m) => m.message_id === messageId);
  }

  /** True when `actor` outranks `target` (owner > admin > member). */
  outranks(actor: MemberData, target: MemberData): boolean {
    return roleRank[actor.role] > roleRank[target.role];
  }

  isAdminOrOwner(member: MemberData | undefined): boolean {
    return member !== undefined && (member.role === 'admin' || member.role === 'owner');
  }

  /** Muted personally, or by a whole-group ban (which spares admins and the owner). */
  isMuted(group: GroupData, member: MemberData): boolean {
    if (member.mute_until > this.nowSeconds()) return true;
    return group.whole_ban && member.role === 'member';
  }

  nextMessageId(): number {
    this.data.counters.message_id += 1;
    return this.data.counters.message_id;
  }

  nextCounter(name: 'request' | 'file' | 'forward' | 'notice'): number {
    this.data.counters[name] += 1;
    return this.data.counters[name];
  }

  /** Remove the group from the account's list (left, dismissed or kicked). */
  dropGroup(groupId: number): void {
    this.data.groups = this.data.groups.filter((g) => g.group_id !== groupId);
  }

  /** Today's date (UTC) as YYYY-MM-DD, for per-day limits. */
  today(): string {
    return new Date(this.clock.now()).toISOString().slice(0, 10);
  }
}
