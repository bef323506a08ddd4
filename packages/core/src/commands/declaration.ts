/**
 * Parsing of command declarations, done once at registration:
 * `echo <text:text>`, `admin.kick <user:user> [reason:text]`, and options `-n, --times <n:integer>`.
 */
import { CommandDeclarationError } from '../errors.js';

export type ArgType = 'string' | 'number' | 'integer' | 'user' | 'text';
const argTypes: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'user', 'text']);

export interface ArgDecl {
  name: string;
  type: ArgType;
  required: boolean;
}

export interface OptionDecl {
  /** Key in the parsed options object: camelCase of the long name, else the short letter. */
  key: string;
  short: string | undefined;
  long: string | undefined;
  /** Value argument; undefined for a boolean flag. */
  value: { name: string; type: Exclude<ArgType, 'text'> } | undefined;
  description: string;
  default: unknown;
}


export interface ParsedDeclaration {
  /** Dotted full name: `admin kick` and `admin.kick` both give `admin.kick`. */
  name: string;
  args: ArgDecl[];
}

const argPattern = /^([<[])([^:>\]]+)(?::([^>\]]+))?([>\]])$/;

export function parseDeclaration(declaration: string): ParsedDeclaration {
  const words = declaration.trim().split(/\s+/);
  const nameParts: string[] = [];
  let i = 0;
  while (i < words.length && !/^[<[]/.test(words[i]!)) nameParts.push(words[i++]!);
  if (nameParts.length === 0) throw new CommandDeclarationError(`command declaration "${declaration}" has no name`);
  const name = nameParts.join('.');
  const args: ArgDecl[] = [];
  for (; i < words.length; i++) {
    const word = words[i]!;
    const m = argPattern.exec(word);
    if (!m || (m[1] === '<') !== (m[4] === '>')) throw new CommandDeclarationError(`cannot read argument "${word}" in "${declaration}": use <name:type> or [name:type]`);
    const type = (m[3] ?? 'string') as ArgType;
    if (!argTypes.has(type)) throw new CommandDeclarationError(`unknown argument type "${type}" in "${declaration}" (string, number, integer, user, text)`);
    const required = m[1] === '<';
    const previous = args[args.length - 1];
    if (previous?.type === 'text') throw new CommandDeclarationError(`in "${declaration}" a text argument takes the rest of the message, so it must come last`);
    if (required && previous && !previous.required) throw new CommandDeclarationError(`in "${declaration}" a required argument cannot follow an optional one`);
    args.push({ name: m[2]!, type, required });
  }
  return { name, args };
}

const optionValuePattern = /^<([^:>]+)(?::([^>]+))?>$/;

/** `-n, --times <n:integer>`, `--loud`, `-l` */
export function parseOptionDeclaration(declaration: string, description = '', defaultValue: unknown = undefined): OptionDecl {
  let short: string | undefined;
  let long: string | undefined;
  let value: OptionDecl['value'];
  for (const raw of declaration.split(/[\s,]+/)) {
    if (!raw) continue;
    if (raw.startsWith('--')) long = raw.slice(2);
    else if (raw.startsWith('-')) short = raw.slice(1);
    else {
      const m = optionValuePattern.exec(raw);
      if (!m) throw new CommandDeclarationError(`cannot read option "${declaration}": expected -x, --name and an optional <value:type>`);
      const type = (m[2] ?? 'string') as ArgType;
      if (!argTypes.has(type) || type === 'text') throw new CommandDeclarationError(`option "${declaration}" has an unusable type "${type}"`);
      value = { name: m[1]!, type: type as Exclude<ArgType, 'text'> };
    }
  }
  if (!short && !long) throw new CommandDeclarationError(`option "${declaration}" needs -x or --name`);
  if (short !== undefined && short.length !== 1) throw new CommandDeclarationError(`short option "-${short}" must be one character`);
  const key = long ? long.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : short!;
  return { key, short, long, value, description, default: value ? defaultValue : (defaultValue ?? false) };
}

export function formatArg(arg: ArgDecl): string {
  const inner = arg.type === 'string' ? arg.name : `${arg.name}:${arg.type}`;
  return arg.required ? `<${inner}>` : `[${inner}]`;
}

export function formatOption(option: OptionDecl): string {
  const names = [option.short ? `-${option.short}` : undefined, option.long ? `--${option.long}` : undefined].filter(Boolean).join(', ');
  if (!option.value) return names;
  const v = option.value;
  return `${names} <${v.type === 'string' ? v.name : `${v.name}:${v.type}`}>`;
}
