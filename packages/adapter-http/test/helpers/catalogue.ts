import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** A response field of actions.json. */
export interface ResponseField {
  name: string;
  type: string;
  optional?: boolean;
  nullable?: boolean;
  fields?: ResponseField[];
}

export interface CatalogueAction {
  name: string;
  params: { name: string; type: string; required: boolean }[];
  response_kind: 'object' | 'array' | 'null' | null;
  response?: ResponseField[];
  response_variants?: { when: string; response_kind: 'object' | 'array' | 'null' | null; response: ResponseField[] }[];
}

/** The protocol catalogue @cqkit/protocol ships (its catalogue/ folder), or $CQKIT_SPEC_DIR when set. */
export function loadActions(): CatalogueAction[] {
  const env = process.env.CQKIT_SPEC_DIR;
  const file = env ? join(env, 'actions.json') : createRequire(import.meta.url).resolve('@cqkit/protocol/catalogue/actions.json');
  return JSON.parse(readFileSync(file, 'utf8')) as CatalogueAction[];
}

function typeOk(type: string, value: unknown): boolean {
  return type.split('|').some((t) => {
    switch (t) {
      case 'number':
        return typeof value === 'number' && Number.isFinite(value);
      case 'string':
        return typeof value === 'string';
      case 'boolean':
        return typeof value === 'boolean';
      case 'object':
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      case 'array':
        return Array.isArray(value);
      case 'message':
        return typeof value === 'string' || Array.isArray(value) || (typeof value === 'object' && value !== null);
      default:
        return false;
    }
  });
}

/** Problems of `value` against catalogue fields (empty when it matches), field names with paths. */
export function shapeProblems(fields: readonly ResponseField[], value: unknown, path = 'data'): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path} should be an object, got ${JSON.stringify(value)}`];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of fields) {
    const v = record[field.name];
    const where = `${path}.${field.name}`;
    if (v === undefined) {
      if (!field.optional) problems.push(`${where} is missing`);
      continue;
    }
    if (v === null) {
      if (!field.nullable && !field.optional) problems.push(`${where} is null`);
      continue;
    }
    if (!typeOk(field.type, v)) {
      problems.push(`${where} should be ${field.type}, got ${JSON.stringify(v)}`);
      continue;
    }
    if (field.fields && field.type === 'array') {
      (v as unknown[]).forEach((item, i) => {
        problems.push(...shapeProblems(field.fields!, item, `${where}[${i}]`));
      });
    } else if (field.fields && field.type === 'object') {
      problems.push(...shapeProblems(field.fields, v, where));
    }
  }
  return problems;
}

/** Problems of an action's data against its declared response kind and fields. */
export function responseProblems(action: CatalogueAction, data: unknown, variant?: string): string[] {
  const chosen = variant ? action.response_variants?.find((v) => v.when === variant) : undefined;
  const kind = chosen ? chosen.response_kind : action.response_kind;
  const fields = chosen ? chosen.response : (action.response ?? []);
  if (kind === null || kind === 'null') return data === null ? [] : [`data should be null, got ${JSON.stringify(data)}`];
  if (kind === 'array') {
    if (!Array.isArray(data)) return [`data should be an array, got ${JSON.stringify(data)}`];
    return data.flatMap((item, i) => shapeProblems(fields, item, `data[${i}]`));
  }
  return shapeProblems(fields, data);
}
