/** Named pieces of events that actions take back as parameters. */

/** The anonymous sender of a group message, as received; pass it to set_group_anonymous_ban. */
export interface Anonymous {
  /** Anonymous user ID. */
  id: number;
  /** Anonymous display name. */
  name: string;
  /** Flag to pass to set_group_anonymous_ban. */
  flag: string;
}

export type GroupRole = 'owner' | 'admin' | 'member';
export type Sex = 'male' | 'female' | 'unknown';
