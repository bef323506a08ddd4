/** The roles of `cqkit start --role` (no imports: main.ts checks the flag before loading anything). */
export const roles = ['all', 'gateway', 'worker'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
