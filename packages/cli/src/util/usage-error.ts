/** Bad command-line input: printed as is, exit code 2. */
export class UsageError extends Error {
  static readonly code = 'CQKIT_CLI_USAGE';
  readonly code = UsageError.code;
  override readonly name = 'UsageError';
}
