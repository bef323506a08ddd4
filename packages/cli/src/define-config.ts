/**
 * `@cqkit/cli/config`: what a cqkit.config.ts imports. Types only at runtime (nothing else is
 * loaded), so reading the config does not load the cli, core or zod a second time.
 */
import type { CqkitConfigInput } from './config/schema.js';

export type { BotConfig, CqkitConfig, CqkitConfigInput } from './config/schema.js';

/** Typed identity: `export default defineConfig({ ... })` gets completion and checks in the editor. */
export function defineConfig(config: CqkitConfigInput): CqkitConfigInput {
  return config;
}
