import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as adapter from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Error codes'));
const classes = Object.entries(adapter).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error) as [string, { code?: unknown }][];

describe('error codes', () => {
  it.each(classes)('%s has a CQKIT_ code documented in the README', (name, cls) => {
    expect(cls.code).toMatch(/^CQKIT_[A-Z_]+$/);
    expect(section).toContain(`| \`${cls.code}\` | \`${name}\` |`);
  });

  it('documents the core errors the adapter throws', () => {
    expect(classes.length).toBeGreaterThan(0);
    expect(section).toContain('`CQKIT_ADAPTER_LISTEN`');
    expect(section).toContain('`CQKIT_ADAPTER_STATE`');
  });
});
