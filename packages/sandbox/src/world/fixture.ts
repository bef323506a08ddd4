/** Checking a world fixture that came from JSON (a file, the control API) before it is used. */
import type { WorldData } from './types.js';

export class WorldFixtureError extends Error {
  static readonly code = 'CQKIT_SANDBOX_WORLD';
  readonly code = WorldFixtureError.code;
  override readonly name = 'WorldFixtureError';
}

const arrayKeys = [
  'people',
  'friend_categories',
  'friends',
  'unidirectional_friends',
  'groups',
  'other_groups',
  'discusses',
  'messages',
  'forwards',
  'friend_requests',
  'group_requests',
  'images',
  'records',
  'online_clients',
  'dangerous_hosts',
] as const;

const objectKeys = ['login', 'likes', 'credentials', 'status', 'version', 'qidian', 'counters'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Verify the top-level shape and the fields every action relies on; throw a WorldFixtureError naming
 * the first bad key. Returns the value typed as WorldData.
 */
export function checkWorldShape(value: unknown): WorldData {
  if (!isObject(value)) throw new WorldFixtureError('world fixture must be a JSON object');
  for (const key of arrayKeys) {
    if (!Array.isArray(value[key])) throw new WorldFixtureError(`world fixture: "${key}" must be an array`);
  }
  for (const key of objectKeys) {
    if (!isObject(value[key])) throw new WorldFixtureError(`world fixture: "${key}" must be an object`);
  }
  const login = value.login as Record<string, unknown>;
  if (!Number.isSafeInteger(login.user_id) || (login.user_id as number) <= 0) {
    throw new WorldFixtureError('world fixture: "login.user_id" must be a positive integer');
  }
  const groups = value.groups as unknown[];
  groups.forEach((g, i) => {
    if (!isObject(g) || !Number.isSafeInteger(g.group_id) || !Array.isArray(g.members)) {
      throw new WorldFixtureError(`world fixture: "groups[${i}]" needs a group_id and a members array`);
    }
    if (!g.members.some((m) => isObject(m) && m.user_id === login.user_id)) {
      throw new WorldFixtureError(`world fixture: "groups[${i}]" (${g.group_id}) must list the account itself as a member`);
    }
  });
  return value as unknown as WorldData;
}
