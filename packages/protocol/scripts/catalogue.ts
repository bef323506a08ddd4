/** Reading the protocol catalogue (../shared/spec). Build-time and test-time only: the package itself does no I/O. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SpecField {
  name: string;
  type: string;
  format?: string;
  required?: boolean;
  default?: unknown;
  notes?: string;
  optional?: boolean;
  nullable?: boolean;
  values?: string[];
  fields?: SpecField[];
  only_in?: string[];
}

export interface SpecAction {
  name: string;
  group: string;
  tier: string;
  summary: string;
  params: SpecField[];
  response_kind: 'null' | 'object' | 'array' | null;
  response: SpecField[];
  response_variants?: { when: string; response_kind: string; response: SpecField[] }[];
  aliases?: { alias: string; for: string; era?: string; notes?: string }[];
  in: string[];
  validation?: string;
  notes?: string;
}

export interface SpecEvent {
  id: string;
  name: string;
  post_type: string;
  detail_type_key: string;
  detail_type: string;
  sub_types: { value: string; meaning: string }[];
  in: string[];
  fields: SpecField[];
  quick_operation: (SpecField & { when_absent?: string })[];
  notes?: string;
}

/**
 * Where the catalogue lives: $CQKIT_SPEC_DIR, else `shared/spec` beside the repository
 * (the layout of the development and CI machines).
 */
export function specDir(): string {
  const fromEnv = process.env.CQKIT_SPEC_DIR;
  if (fromEnv) return resolve(fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'shared', 'spec');
    if (existsSync(join(candidate, 'actions.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('protocol catalogue not found: set CQKIT_SPEC_DIR to the folder holding actions.json and events.json');
}

export function loadCatalogue(dir = specDir()): { actions: SpecAction[]; events: SpecEvent[] } {
  const actions = JSON.parse(readFileSync(join(dir, 'actions.json'), 'utf8')) as SpecAction[];
  const events = (JSON.parse(readFileSync(join(dir, 'events.json'), 'utf8')) as { events: SpecEvent[] }).events;
  return { actions, events };
}
