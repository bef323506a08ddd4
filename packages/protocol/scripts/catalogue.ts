/**
 * Reading the protocol catalogue (packages/protocol/catalogue, owned by this package).
 * Build-time and test-time only: the package's runtime code does no I/O.
 */
import { readFileSync } from 'node:fs';
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

/**
 * How an action is scheduled, kept as data beside it in actions.json:
 * `effect` send (posts into a chat) / read (only asks) / write (changes state) / system (acts on the server);
 * `changes_group` whether it alters a group's state; `rate_target` the parameter a per-target rate limit keys on
 * (null: none, or decided per call as for send_msg).
 */
export interface SpecPolicy {
  effect: 'send' | 'read' | 'write' | 'system';
  changes_group: boolean;
  rate_target: 'group' | 'discuss' | 'user' | 'message' | null;
}

export interface SpecAction {
  name: string;
  group: string;
  tier: string;
  summary: string;
  policy: SpecPolicy;
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

/** Thrown when the catalogue files are missing or malformed. */
export class CatalogueError extends Error {
  static readonly code = 'CQKIT_CATALOGUE';
  readonly code = CatalogueError.code;
  override name = 'CatalogueError';
}

/** The catalogue folder of this package; $CQKIT_SPEC_DIR overrides it (to check the code against another copy). */
export function specDir(): string {
  const fromEnv = process.env.CQKIT_SPEC_DIR;
  if (fromEnv) return resolve(fromEnv);
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'catalogue');
}

const effects = new Set(['send', 'read', 'write', 'system']);
const targets = new Set(['group', 'discuss', 'user', 'message', null]);

function readJson(dir: string, file: string): unknown {
  const path = join(dir, file);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CatalogueError(`protocol catalogue: cannot read ${path}: ${(error as Error).message}`);
  }
}

/** Every action must say how it is scheduled; a missing or unknown value is named, not guessed. */
function checkPolicy(a: SpecAction): void {
  const p = a.policy as Partial<SpecPolicy> | undefined;
  const bad =
    !p || !effects.has(p.effect as string) || typeof p.changes_group !== 'boolean' || !targets.has(p.rate_target as string | null);
  if (bad) {
    throw new CatalogueError(
      `protocol catalogue: action ${a.name} needs policy { effect: send|read|write|system, changes_group: boolean, rate_target: group|discuss|user|message|null }, got ${JSON.stringify(p)}`,
    );
  }
}

export function loadCatalogue(dir = specDir()): { actions: SpecAction[]; events: SpecEvent[] } {
  const actions = readJson(dir, 'actions.json') as SpecAction[];
  for (const a of actions) checkPolicy(a);
  const events = (readJson(dir, 'events.json') as { events: SpecEvent[] }).events;
  return { actions, events };
}
