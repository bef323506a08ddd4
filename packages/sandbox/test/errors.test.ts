import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as sandbox from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Error codes'));
const exported = Object.entries(sandbox).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error);
const classes = exported as [string, { code?: unknown }][];

describe('error codes', () => {
  it('finds the error classes', () => {
    expect(classes.map(([name]) => name).sort()).toEqual(['CliUsageError', 'SandboxOptionsError', 'SandboxTimeoutError', 'SandboxUsageError', 'WorldFixtureError']);
  });

  it.each(classes)('%s has a CQKIT_ code documented in the README', (name, cls) => {
    expect(cls.code).toMatch(/^CQKIT_[A-Z_]+$/);
    expect(section).toContain(`| \`${cls.code}\` | \`${name}\` |`);
  });

  it('a wait for the bot that sees nothing rejects with SandboxTimeoutError', async () => {
    const clock = new sandbox.ManualClock();
    const box = sandbox.createSandbox({ clock });
    const waiting = box.nextBotMessage({ timeout: 50 });
    clock.advance(50);
    await expect(waiting).rejects.toMatchObject({ code: 'CQKIT_SANDBOX_TIMEOUT', message: 'the bot sent no message within 50 ms' });
  });
});
