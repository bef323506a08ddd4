/** The full check of a config by the schema, with one sentence per problem (see errors.ts). */
import { ConfigError } from './config-error.js';
import { describeIssues } from './errors.js';
import { type CqkitConfig, configSchema } from './schema.js';

/** Checks a raw config object; throws ConfigError naming each bad key. */
export function validateConfig(raw: unknown, file: string): CqkitConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new ConfigError(file, describeIssues(result.error.issues, raw));
}
