/** Turning catalogue field descriptions into TypeScript type text. */
import type { SpecField } from './catalogue.js';

/** Field-specific overrides where the catalogue's `type` is too loose to be useful. */
export type Overrides = Record<string, string>;

export function docComment(text: string | undefined, indent: string): string {
  if (!text) return '';
  const clean = text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ').trim();
  return `${indent}/** ${clean} */\n`;
}

export function tsType(field: SpecField, indent: string, overrides: Overrides, path: string): string {
  const override = overrides[path];
  if (override) return override;
  let base: string;
  switch (field.type) {
    case 'number':
      base = 'number';
      break;
    case 'string':
      base = field.values?.length ? field.values.map((v) => JSON.stringify(v)).join(' | ') : 'string';
      break;
    case 'boolean':
      base = 'boolean';
      break;
    case 'string|number':
    case 'number|string':
      base = 'string | number';
      break;
    case 'message':
      base = 'Message';
      break;
    case 'object':
      base = field.fields?.length ? objectType(field.fields, indent, overrides, path) : 'Record<string, unknown>';
      break;
    case 'array':
      base = field.fields?.length ? `Array<${objectType(field.fields, indent, overrides, path)}>` : 'unknown[]';
      break;
    default:
      throw new Error(`unknown catalogue type ${field.type} at ${path}`);
  }
  return field.nullable ? `${base} | null` : base;
}

export function objectType(fields: SpecField[], indent: string, overrides: Overrides, path: string): string {
  const inner = `${indent}  `;
  const lines = fields.map((f) => {
    const optional = f.optional || f.required === false ? '?' : '';
    return `${docComment(f.notes, inner)}${inner}${propName(f.name)}${optional}: ${tsType(f, inner, overrides, `${path}.${f.name}`)};\n`;
  });
  return `{\n${lines.join('')}${indent}}`;
}

export function propName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}
