import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeParseError } from '../src/commands/command.js';
import { CommandRegistry } from '../src/commands/registry.js';

const word = fc.stringMatching(/^[a-zA-Z0-9_\u4e00-\u9fa5][a-zA-Z0-9_.\u4e00-\u9fa5]{0,10}$/);

function command(declaration: string) {
  return new CommandRegistry().create(declaration, '', 'test', null).command;
}

describe('command parsing properties', () => {
  it('typed arguments read back exactly what was written', () => {
    const cmd = command('t <n:integer> <x:number> <w> [rest:text]');
    fc.assert(
      fc.property(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), word, fc.option(word, { nil: undefined }), (n, x, w, rest) => {
        const input = ` ${n}   ${x} ${w}${rest === undefined ? '' : ` ${rest}`}`;
        const parsed = cmd.parse(input);
        expect(parsed).toEqual({ ok: true, args: { n, x: Number(String(x)), w, ...(rest === undefined ? {} : { rest }) }, options: {} });
      }),
    );
  });

  it('a lone text argument (the parse that skips the tokenizer) reads exactly as the full parse does', () => {
    const lone = command('echo <text:text>');
    // The same declaration plus an option takes the full, tokenizing parse.
    const full = command('echo <text:text>');
    full.option('-z, --zzz');
    const piece = fc.oneof(word, fc.constantFrom('[CQ:face,id=1]', '“引号”', '"q"', '-', '--', '-x', ' ', '\u3000', '\t', '\u00a0', '测试'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const input = pieces.join(' ');
        const options = full.parse(input);
        const expected = options.ok ? { ...options, options: {} } : options;
        // '-z' is the one input the two declarations read differently; it is not generated.
        expect(lone.parse(input)).toEqual(expected);
      }),
    );
  });

  it('a quoted argument keeps its inner spaces; a text argument keeps the raw rest', () => {
    const cmd = command('say <who> <text:text>');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.array(word, { minLength: 1, maxLength: 6 }), (who, text) => {
        const parsed = cmd.parse(` "${who.join(' ')}" ${text.join('  ')} `);
        expect(parsed).toEqual({ ok: true, args: { who: who.join(' '), text: text.join('  ') }, options: {} });
      }),
    );
  });

  it('never throws, whatever the input', () => {
    const cmd = command('t <n:integer> [u:user] [rest:text]');
    cmd.option('-v, --verbose').option('-c, --count <c:number>');
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (input) => {
        const parsed = cmd.parse(input);
        expect(typeof parsed.ok).toBe('boolean');
        if (!parsed.ok) expect(describeParseError(parsed.error).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
