/** How an action handler says "this call fails with retcode N". */
export class ActionFailure extends Error {
  override readonly name = 'ActionFailure';
  constructor(
    readonly retcode: number,
    message: string,
  ) {
    super(message);
  }
}

/** retcodes the handlers use (transport.md 1.6, as this simulator applies them). */
export const Fail = {
  /** Missing or obviously invalid parameters (ids <= 0, empty message, unknown enum value). */
  badParams: (why: string) => new ActionFailure(100, why),
  /** No such data, or the account is not a member of the group/discuss. */
  noData: (why: string) => new ActionFailure(102, why),
  /** The account lacks the privilege, or the operation itself failed. */
  noPrivilege: (why: string) => new ActionFailure(103, why),
  /** QQ web credentials (cookies / csrf) invalid. */
  credentials: (why: string) => new ActionFailure(104, why),
} as const;
