// Every text core and the official plugins send to QQ users comes from the catalogues:
// 1. a scan of their sources finds no literal text handed to a send (send/reply/approve/reject, a
//    command action returning a literal, a `return 'words…'` in a plugin);
// 2. with a pseudo-locale whose every core text is wrapped in ⟦…⟧, whatever core answers (parse
//    errors of each kind, usage, permission, sub-command lists, unknown commands, hints) is made
//    only of wrapped texts and the data put into them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Catalogue, coreEnUS, type MessageKey } from '../src/index.js';
import { sentMessages, setup } from './helpers.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sources(path);
    return name.endsWith('.ts') && name !== 'locales.ts' ? [path] : [];
  });
}

/** String and template literals of a line, with `${…}` parts removed (what is fixed text). */
function literalsAfter(code: string, at: number): string | undefined {
  const quote = code[at];
  if (quote !== "'" && quote !== '"' && quote !== '`') return undefined;
  let out = '';
  let depth = 0;
  for (let i = at + 1; i < code.length; i++) {
    const c = code[i]!;
    if (depth === 0 && c === '\\') {
      i++;
      continue;
    }
    if (quote === '`' && depth === 0 && c === '$' && code[i + 1] === '{') {
      depth = 1;
      i++;
      continue;
    }
    if (depth > 0) {
      if (c === '{') depth++;
      if (c === '}') depth--;
      continue;
    }
    if (c === quote) return out;
    out += c;
  }
  return out;
}

/** Fixed text a person would read: two letters in a row and a space, or any Chinese. */
const isProse = (text: string) => /[\u4e00-\u9fff]/.test(text) || (/[A-Za-z]{2,}/.test(text) && / /.test(text.trim()));

const sinks = [/\.send\(\s*/g, /\.(?:reply|approve|reject)\(\s*/g, /\.action\(\s*(?:async\s*)?(?:\([^)]*\)|\w+)\s*=>\s*/g];

describe('no literal text for QQ users outside the catalogues', () => {
  const files = [...sources(join(repo, 'packages/core/src')), ...readdirSync(join(repo, 'plugins')).flatMap((p) => sources(join(repo, 'plugins', p, 'src')))];

  it('scans core and every official plugin', () => {
    expect(files.some((f) => f.includes('plugins/help/src/render.ts'))).toBe(true);
    expect(files.length).toBeGreaterThan(40);
  });

  it('finds none handed to a send, a reply or returned by a command', () => {
    const found: string[] = [];
    for (const file of files) {
      const code = readFileSync(file, 'utf8');
      const isPlugin = file.includes(`${join(repo, 'plugins')}`);
      const patterns = isPlugin ? [...sinks, /\breturn\s+/g] : sinks;
      for (const pattern of patterns) {
        for (const match of code.matchAll(pattern)) {
          const text = literalsAfter(code, match.index + match[0].length);
          if (text !== undefined && isProse(text)) found.push(`${relative(repo, file)}: ${JSON.stringify(text)}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('the scan would notice one', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: source code under scan, not a template
    const code = "ctx.command('x').action(() => 'not translated');\nsession.send(`sent ${n} messages`);\nreturn 'left alone';";
    const hits = [...sinks, /\breturn\s+/g].flatMap((p) => [...code.matchAll(p)].map((m) => literalsAfter(code, m.index + m[0].length)).filter((t) => t !== undefined && isProse(t)));
    expect(hits).toEqual(['sent  messages', 'not translated', 'left alone']);
  });
});

describe('core answers only with catalogue texts', () => {
  it('under a pseudo-locale, every answer is wrapped texts and their data', async () => {
    const pseudo: Record<string, unknown> = {};
    for (const [key, template] of Object.entries(coreEnUS)) pseudo[key] = `⟦${template}⟧`;
    const { app, memory } = await setup({ locale: 'x-pseudo' });
    app.service('i18n').define('x-pseudo', pseudo as Catalogue);
    app.command('roll <sides:integer> [label:text]').option('-n, --times <n:integer>').action(() => undefined);
    app.command('pick <who:user>').action(() => undefined);
    app.command('admin.kick <who:user>').permission('admin').action(() => undefined);
    app.command('bare');
    const said = [
      '/roll',
      '/roll six',
      '/roll 6 -x',
      '/roll 6 -nv',
      '/roll 6 --times',
      '/roll 6 --times many',
      '/pick nobody',
      '/admin',
      '/admin kick 2002',
      '/bare',
      '/rol 6',
      '/nothing',
      'roll',
      `[CQ:at,qq=10001]`,
    ];
    for (const text of said) await memory.receive(memory.privateMessage(2001, text));
    await memory.receive(memory.groupMessage(3001, 2002, '/admin kick 2003', { role: 'member' }));
    const answers = sentMessages(memory).map(String);
    expect(answers).toHaveLength(said.length + 1);
    // What may appear outside the wrapped texts: command syntax (synopses, option names) the texts frame.
    const syntax = ['/roll <sides:integer> [label:text]', 'bare', '/admin kick <who:user>', '-n, --times <n:integer>'];
    for (const answer of answers) {
      // Wrapped texts may hold wrapped texts (the expected type inside a parse error): innermost first.
      let rest = answer;
      while (/⟦[^⟦⟧]*⟧/.test(rest)) rest = rest.replace(/⟦[^⟦⟧]*⟧/g, '');
      for (const s of syntax) rest = rest.split(s).join('');
      expect(rest.replace(/[\s/]/g, ''), answer).toBe('');
    }
    // Every kind of answer was exercised.
    const expected: MessageKey[] = ['core.parse.missing-argument', 'core.parse.bad-argument', 'core.parse.unknown-option', 'core.parse.option-not-bundled', 'core.parse.option-needs-value', 'core.parse.bad-option', 'core.permission-denied', 'core.sub-commands', 'core.unknown-command', 'core.unknown-command.closest', 'core.hint'];
    const fixedPart = (key: MessageKey) =>
      String(coreEnUS[key as keyof typeof coreEnUS])
        .split(/\{\w+\}/)
        .sort((a, b) => b.length - a.length)[0]!;
    expect(expected.filter((key) => !answers.some((a) => a.includes(fixedPart(key))))).toEqual([]);
  });
});
