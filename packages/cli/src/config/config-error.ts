/**
 * The error of a config that could not be loaded or failed its checks. A module of its own so that
 * loading a valid config does not load zod (errors.ts words zod's issues and needs the schema).
 */
export class ConfigError extends Error {
  static readonly code = 'CQKIT_CONFIG';
  readonly code = ConfigError.code;
  override readonly name = 'ConfigError';
  constructor(
    /** The file, as shown to the user (relative to the working directory when inside it). */
    readonly file: string,
    /** One line per problem, without the "config error in FILE: " prefix. */
    readonly problems: readonly string[],
  ) {
    super(problems.map((problem) => `config error in ${file}: ${problem}`).join('\n'));
  }
}
