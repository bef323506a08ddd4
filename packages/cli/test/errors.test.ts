import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as cli from '../src/index.js';
import { UsageError } from '../src/main.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Error codes'));
const exported = Object.entries(cli).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error);
const classes = [...exported, ['UsageError', UsageError]] as [string, { code?: unknown }][];

describe('error codes', () => {
  it('finds the error classes', () => {
    expect(classes.map(([name]) => name).sort()).toEqual(['ConfigError', 'PluginAddError', 'PluginNotFoundError', 'PluginShapeError', 'RegistryError', 'ScaffoldError', 'UsageError']);
  });

  it.each(classes)('%s has a CQKIT_ code documented in the README', (name, cls) => {
    expect(cls.code).toMatch(/^CQKIT_[A-Z_]+$/);
    expect(section).toContain(`| \`${cls.code}\` | \`${name}\` |`);
  });
});
