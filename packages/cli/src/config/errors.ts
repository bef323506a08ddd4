/**
 * Turns zod issues into sentences a bot author can act on:
 *   config error in cqkit.config.ts: bots[0].endpoint: expected a URL like http://127.0.0.1:5700, got 42
 */
import { isSecretKey, redactConfig } from '@cqkit/protocol';
import { z } from 'zod';
import { didYouMean } from '../util/did-you-mean.js';
import { configSchema } from './schema.js';

export { ConfigError } from './config-error.js';

type PathKey = PropertyKey;

/** `bots[0].endpoint`, `plugins["./src/dice.ts"]`. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(the whole config)';
}

/** A short rendering of what the user wrote. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `a list of ${value.length}`;
  if (typeof value === 'object' && value !== null) {
    let json: string;
    try {
      json = JSON.stringify(value);
    } catch {
      return 'an object';
    }
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
  }
  return String(value);
}

function valueAt(root: unknown, path: readonly PathKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The keys an object schema accepts at `path` (for "did you mean"). */
function knownKeysAt(path: readonly PathKey[]): string[] {
  let schema: z.ZodType | undefined = configSchema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let current = s;
    for (let i = 0; i < 10; i++) {
      if (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
      else if (current instanceof z.ZodUnion) {
        const object = (current.options as z.ZodType[]).find((option) => option instanceof z.ZodObject);
        if (!object) return current;
        current = object;
      } else return current;
    }
    return current;
  };
  for (const key of path) {
    if (!schema) return [];
    const s = unwrap(schema);
    if (s instanceof z.ZodObject) schema = (s.shape as Record<string, z.ZodType>)[String(key)];
    else if (s instanceof z.ZodArray) schema = s.element as z.ZodType;
    else return [];
  }
  const last = schema ? unwrap(schema) : undefined;
  return last instanceof z.ZodObject ? Object.keys(last.shape) : [];
}

/** What the user wrote, as it may be shown: a token or secret only by its type, URLs without credentials. */
function shownValue(path: readonly PathKey[], value: unknown): string {
  if (value !== undefined && path.some((key) => typeof key === 'string' && isSecretKey(key))) {
    return `${Array.isArray(value) ? 'a list' : typeof value === 'object' && value !== null ? 'an object' : `a ${typeof value}`} (not shown: it is a secret)`;
  }
  return describeValue(redactConfig(value));
}

/** One sentence per zod issue. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string[] {
  const problems: string[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(issue.path);
      for (const key of issue.keys) {
        const guess = didYouMean(key, known);
        const where = formatPath([...issue.path, key]);
        const hint = guess ? ` (did you mean "${guess}"?)` : known.length ? ` (known keys: ${known.join(', ')})` : '';
        problems.push(`${where}: unknown key${hint}`);
      }
      continue;
    }
    const value = valueAt(input, issue.path);
    problems.push(`${formatPath(issue.path)}: expected ${issue.message}, got ${shownValue(issue.path, value)}`);
  }
  return problems;
}
