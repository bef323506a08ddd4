/** Permission levels, weakest first. A superuser passes every check. */
export type PermissionLevel = 'member' | 'admin' | 'owner' | 'superuser';

export const permissionRank: Record<PermissionLevel, number> = { member: 0, admin: 1, owner: 2, superuser: 3 };
