import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as protocol from '../src/index.js';
import { ActionError, type ActionErrorKind, MessageFormatError, toCQString } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Error codes'));
const classes = Object.entries(protocol).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error);

describe('error codes', () => {
  it('every exported error class has a documented code (ActionError one per kind)', () => {
    expect(classes.map(([name]) => name).sort()).toEqual(['ActionError', 'MessageFormatError']);
    for (const [kind, code] of Object.entries(ActionError.codes)) {
      expect(code).toMatch(/^CQKIT_[A-Z_]+$/);
      expect(section).toContain(`| \`${code}\` | \`${kind}\` |`);
    }
    expect(section).toContain(`| \`${MessageFormatError.code}\` | \`MessageFormatError\` |`);
    const codes = Object.values(ActionError.codes);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('an ActionError keeps its kind and carries the code of it', () => {
    const kinds = Object.keys(ActionError.codes) as ActionErrorKind[];
    for (const kind of kinds) {
      const error = new ActionError({ action: 'send_msg', kind });
      expect(error.kind).toBe(kind);
      expect(error.code).toBe(ActionError.codes[kind]);
    }
  });

  it('a value that is no message throws a MessageFormatError, still a TypeError', () => {
    const thrown = (() => {
      try {
        toCQString(42 as never);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(MessageFormatError);
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as MessageFormatError).code).toBe('CQKIT_MESSAGE_FORMAT');
  });
});
