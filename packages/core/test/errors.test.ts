import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Error codes'), readme.indexOf('\n## ', readme.indexOf('## Error codes') + 1));
const classes = Object.entries(core).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error) as [string, { code?: unknown }][];

describe('error codes', () => {
  it('finds the exported error classes', () => {
    expect(classes.length).toBeGreaterThanOrEqual(12);
  });

  it.each(classes)('%s has a CQKIT_ code documented in the README', (name, cls) => {
    expect(cls.code).toMatch(/^CQKIT_[A-Z_]+$/);
    expect(section).toContain(`| \`${cls.code}\` | \`${name}\` |`);
  });

  it('gives each class its own code', () => {
    const codes = classes.map(([, cls]) => cls.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
