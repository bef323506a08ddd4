/**
 * Adding `name: {}` to the `plugins` object of a config written in TypeScript or JavaScript, as a
 * person would: the rest of the file (comments, order, formatting) stays as it was. Only the simple
 * shape is edited (one `plugins: { ... }` object literal); anything else is left to the user.
 */

export type EditResult = { kind: 'added'; text: string } | { kind: 'present' } | { kind: 'unsupported'; reason: string };

/** Marks which characters of a source are code (not inside a string, template or comment). */
function codeMask(text: string): boolean[] {
  const code = new Array<boolean>(text.length).fill(false);
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      // The quotes count as code (a quoted key is found by them), the inside does not.
      code[i] = true;
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      if (i < text.length) code[i] = true;
      i++;
    } else {
      code[i] = true;
      i++;
    }
  }
  return code;
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/** How the key is written: bare when it is an identifier, else in single quotes. */
export function configKey(name: string): string {
  return identifier.test(name) ? name : `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function addPluginEntry(text: string, name: string, aliases: readonly string[] = []): EditResult {
  const code = codeMask(text);
  const starts: number[] = [];
  for (const m of text.matchAll(/(?:\bplugins|'plugins'|"plugins")\s*:\s*\{/g)) {
    const at = m.index!;
    if (code[at] && code[at + m[0].length - 1]) starts.push(at + m[0].length - 1);
  }
  if (starts.length !== 1) {
    return { kind: 'unsupported', reason: starts.length === 0 ? 'no `plugins: { ... }` object in it' : 'more than one `plugins` object in it' };
  }
  const open = starts[0]!;
  let depth = 0;
  let close = -1;
  for (let i = open; i < text.length; i++) {
    if (!code[i]) continue;
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return { kind: 'unsupported', reason: 'its `plugins` object is not closed' };

  // Already there (under its short name, full name or a path)? Only keys at the object's own level count.
  const body = text.slice(open + 1, close);
  const keys = new Set<string>();
  let level = 0;
  for (let i = 0; i < body.length; i++) {
    if (!code[open + 1 + i]) continue;
    const ch = body[i]!;
    if (ch === '{' || ch === '[' || ch === '(') level++;
    else if (ch === '}' || ch === ']' || ch === ')') level--;
    else if (level === 0) {
      const m = /^(?:([A-Za-z_$][\w$]*)|'([^']*)'|"([^"]*)")\s*:/.exec(body.slice(i));
      if (m && (i === 0 || /[\s,{]/.test(body[i - 1]!))) {
        keys.add(m[1] ?? m[2] ?? m[3]!);
        i += m[0].length - 1;
      }
    }
  }
  if ([name, ...aliases].some((k) => keys.has(k))) return { kind: 'present' };

  const entry = `${configKey(name)}: {}`;
  // The last code character before the closing brace decides whether a comma is needed.
  let last = close - 1;
  while (last > open && (!code[last] || /\s/.test(text[last]!))) last--;
  const comma = last > open && text[last] !== ',' ? ',' : '';
  const lineStart = text.lastIndexOf('\n', open) + 1;
  const outer = /^[ \t]*/.exec(text.slice(lineStart))![0];
  if (!text.slice(open, close).includes('\n')) {
    // One line: `plugins: {}` or `plugins: { a: {} }` becomes one entry per line.
    const inner = text.slice(open + 1, close).trim().replace(/,$/, '');
    const lines = [inner, entry].filter((l) => l !== '').map((l) => `${outer}  ${l},`);
    return { kind: 'added', text: `${text.slice(0, open + 1)}\n${lines.join('\n')}\n${outer}${text.slice(close)}` };
  }
  // Several lines: the new entry goes after the existing ones (and their trailing comments), indented like them.
  const firstEntry = /\n([ \t]+)\S/.exec(text.slice(open, close));
  const indent = firstEntry ? firstEntry[1]! : `${outer}  `;
  const closeLineStart = text.lastIndexOf('\n', close) + 1;
  const closeOnOwnLine = text.slice(closeLineStart, close).trim() === '';
  const head = `${text.slice(0, last + 1)}${comma}${text.slice(last + 1, closeOnOwnLine ? closeLineStart : close)}`;
  const tail = closeOnOwnLine ? text.slice(closeLineStart) : `\n${outer}${text.slice(close)}`;
  return { kind: 'added', text: `${head}${closeOnOwnLine ? '' : '\n'}${indent}${entry},\n${tail}` };
}
