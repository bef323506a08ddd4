/** A command: declaration, options, aliases, permission, handler, and its generated usage text. */
import type { MessageKey, Messages } from '../i18n/messages.js';
import { englishText, type Translator } from '../i18n/translator.js';
import type { PermissionLevel } from '../permissions.js';
import type { Session } from '../session.js';
import type { Awaitable, HandlerResult } from '../types.js';
import { type ArgValue, convertArg } from './convert.js';
import { CommandDeclarationError } from '../errors.js';
import { type ArgDecl, formatArg, formatOption, type OptionDecl, parseOptionDeclaration } from './declaration.js';
import { type Token, tokenize } from './tokenizer.js';
import type { OptionOf } from './typed.js';

export type CommandArgs = Record<string, ArgValue | undefined>;
export type CommandOptions = Record<string, ArgValue | boolean | undefined>;

export interface CommandInvocation<A = CommandArgs, O = CommandOptions> {
  session: Session;
  args: A;
  options: O;
  command: Command;
}

/** Return a message to have it sent back to the chat. */
export type CommandAction<A = CommandArgs, O = CommandOptions> = (
  invocation: CommandInvocation<A, O>,
) => Awaitable<HandlerResult>;

/** Why a message did not parse: a catalogue key and its parameters (`expected` is itself a key). */
export type ParseError =
  | { key: 'core.parse.unexpected-argument'; params: Messages['core.parse.unexpected-argument'] }
  | { key: 'core.parse.missing-argument'; params: Messages['core.parse.missing-argument'] }
  | { key: 'core.parse.unknown-option'; params: Messages['core.parse.unknown-option'] }
  | { key: 'core.parse.option-not-bundled'; params: Messages['core.parse.option-not-bundled'] }
  | { key: 'core.parse.option-needs-value'; params: Messages['core.parse.option-needs-value'] }
  | { key: 'core.parse.bad-argument' | 'core.parse.bad-option'; params: { argument?: string; option?: string; expected: MessageKey; value: string } };

export type ParseResult = { ok: true; args: CommandArgs; options: CommandOptions } | { ok: false; error: ParseError };

/** Registry operations a command needs (aliases are indexed when added). */
export interface CommandIndex {
  addAlias(command: Command, alias: string): void;
}

export class Command<A = CommandArgs, O = CommandOptions> {
  readonly aliases: string[] = [];
  readonly options: OptionDecl[] = [];
  handler: CommandAction<A, O> | undefined;
  permissionLevel: PermissionLevel | undefined;
  private readonly byShort = new Map<string, OptionDecl>();
  private readonly byLong = new Map<string, OptionDecl>();

  constructor(
    /** Dotted full name (`admin.kick`). */
    readonly name: string,
    readonly args: readonly ArgDecl[],
    readonly description: string,
    /** Name of the plugin that registered it. */
    readonly plugin: string,
    /** Scope filter of the registering context, checked before the command runs. */
    readonly filter: ((session: Session) => boolean) | null,
    private readonly index: CommandIndex,
  ) {}

  /** `-n, --times <n:integer>` or `-l, --loud` (a boolean flag). */
  option<D extends string>(declaration: D, description = '', options: { default?: unknown } = {}): Command<A, O & OptionOf<D>> {
    const decl = parseOptionDeclaration(declaration, description, options.default);
    for (const existing of this.options) {
      if ((decl.short && existing.short === decl.short) || (decl.long && existing.long === decl.long)) {
        throw new CommandDeclarationError(`command "${this.name}": option ${formatOption(decl)} clashes with ${formatOption(existing)}`);
      }
    }
    this.options.push(decl);
    if (decl.short) this.byShort.set(decl.short, decl);
    if (decl.long) this.byLong.set(decl.long, decl);
    return this as unknown as Command<A, O & OptionOf<D>>;
  }

  /** Other names that trigger the command (a conflict with any command is a load-time error). */
  alias(...names: string[]): this {
    for (const name of names) {
      this.index.addAlias(this as unknown as Command, name);
      this.aliases.push(name);
    }
    return this;
  }

  /** Only senders with at least this level may run it. */
  permission(level: PermissionLevel): this {
    this.permissionLevel = level;
    return this;
  }

  action(handler: CommandAction<A, O>): this {
    this.handler = handler;
    return this;
  }

  /** One-line synopsis: `echo <text:text> [-n, --times <n:integer>]`. */
  synopsis(prefix = ''): string {
    const parts = [`${prefix}${this.name.replace(/\./g, ' ')}`, ...this.args.map(formatArg)];
    return parts.join(' ');
  }

  /**
   * The description in the translator's language: the catalogue's `commands.<name>.description`
   * when a plugin defined one, else the description it was registered with.
   */
  describe(t: Translator = englishText): string {
    const key = `commands.${this.name}.description` as MessageKey;
    const text = t(key as 'core.list-separator');
    return text === key ? this.description : text;
  }

  /** Full help text of the command, in the translator's language (default English). */
  usage(prefix = '', t: Translator = englishText): string {
    const lines = [this.synopsis(prefix)];
    const description = this.describe(t);
    if (description) lines.push(`  ${description}`);
    if (this.aliases.length) lines.push(t('core.usage.aliases', { aliases: this.aliases.join(', ') }));
    if (this.permissionLevel) lines.push(t('core.usage.permission', { level: t(levelKey[this.permissionLevel]) }));
    if (this.options.length) {
      lines.push(t('core.usage.options'));
      for (const o of this.options) {
        const def = o.value && o.default !== undefined ? t('core.usage.default', { value: String(o.default) }) : '';
        lines.push(`    ${formatOption(o)}${o.description ? `  ${o.description}` : ''}${def}`);
      }
    }
    return lines.join('\n');
  }

  /** The answer to a message that failed to parse: the error, the synopsis, and the options if any. */
  parseErrorReply(error: ParseError, prefix = '', t: Translator = englishText): string {
    const lines = [describeParseError(error, t), t('core.usage-line', { synopsis: this.synopsis(prefix) })];
    if (this.options.length > 0) lines.push(t('core.options-line', { options: this.options.map(formatOption).join('; ') }));
    return lines.join('\n');
  }

  /** Parse the text after the command name (a CQ-code string). */
  parse(input: string): ParseResult {
    // `name <text:text>` with no options (echo, say, and their like): the argument is the whole
    // rest, so there is nothing to tokenize. Left to the full parse: an empty rest (missing
    // argument), a quoted one (quotes removed) and one starting with '-' (an option, or '--').
    if (this.options.length === 0 && this.args.length === 1 && this.args[0]!.type === 'text') {
      const rest = input.trim();
      const first = rest.charCodeAt(0);
      if (rest !== '' && first !== 34 /* " */ && first !== 0x201c /* “ */ && first !== 45 /* - */) {
        // Assigned, not a computed key: V8 builds `{ [name]: v }` in its slow runtime (~250 ns).
        const args: CommandArgs = {};
        args[this.args[0]!.name] = rest;
        return { ok: true, args, options: {} };
      }
    }
    const tokens = tokenize(input);
    const args: CommandArgs = {};
    const options: CommandOptions = {};
    for (const o of this.options) if (o.default !== undefined) options[o.key] = o.default as ArgValue | boolean;
    let argIndex = 0;
    let optionsEnded = false;
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      const value = token.value;
      const decl = this.args[argIndex];
      // `--` ends the options, so an argument may start with a dash.
      if (!optionsEnded && !token.quoted && value === '--') {
        optionsEnded = true;
        continue;
      }
      // Options may come before the arguments; once a text argument starts, the rest is its value.
      if (!optionsEnded && !token.quoted && value.length > 1 && value.startsWith('-') && !isNumeric(value)) {
        const result = this.readOption(tokens, t, options);
        if (typeof result !== 'number') return { ok: false, error: result };
        t = result;
        continue;
      }
      if (decl?.type === 'text') {
        args[decl.name] = token.quoted && t === tokens.length - 1 ? value : input.slice(token.start).trim();
        argIndex++;
        break;
      }
      if (!decl) return { ok: false, error: { key: 'core.parse.unexpected-argument', params: { value } } };
      const converted = convertArg(decl.type, value);
      if (!converted.ok) {
        return { ok: false, error: { key: 'core.parse.bad-argument', params: { argument: formatArg(decl), expected: converted.expected, value } } };
      }
      args[decl.name] = converted.value;
      argIndex++;
    }
    for (let i = argIndex; i < this.args.length; i++) {
      const decl = this.args[i]!;
      if (decl.required) return { ok: false, error: { key: 'core.parse.missing-argument', params: { argument: formatArg(decl) } } };
    }
    return { ok: true, args, options };
  }

  /** Reads the option at tokens[t]; returns the index of the last token used, or an error. */
  private readOption(tokens: Token[], t: number, options: CommandOptions): number | ParseError {
    const raw = tokens[t]!.value;
    let decl: OptionDecl | undefined;
    let inline: string | undefined;
    if (raw.startsWith('--')) {
      const eq = raw.indexOf('=');
      const name = eq === -1 ? raw.slice(2) : raw.slice(2, eq);
      if (eq !== -1) inline = raw.slice(eq + 1);
      decl = this.byLong.get(name);
      if (!decl && name.startsWith('no-')) {
        const negated = this.byLong.get(name.slice(3));
        if (negated && !negated.value) {
          options[negated.key] = false;
          return t;
        }
      }
    } else {
      const letters = raw.slice(1);
      if (letters.length > 1) {
        // A bundle of boolean flags: -abc.
        for (const letter of letters) {
          const flag = this.byShort.get(letter);
          if (!flag) return { key: 'core.parse.unknown-option', params: { option: `-${letter}` } };
          if (flag.value) return { key: 'core.parse.option-not-bundled', params: { option: `-${letter}` } };
          options[flag.key] = true;
        }
        return t;
      }
      decl = this.byShort.get(letters);
    }
    if (!decl) return { key: 'core.parse.unknown-option', params: { option: raw.split('=')[0] ?? raw } };
    if (!decl.value) {
      options[decl.key] = true;
      return t;
    }
    let rawValue = inline;
    let last = t;
    if (rawValue === undefined) {
      const next = tokens[t + 1];
      if (!next) return { key: 'core.parse.option-needs-value', params: { option: formatOption(decl) } };
      rawValue = next.value;
      last = t + 1;
    }
    const converted = convertArg(decl.value.type, rawValue);
    if (!converted.ok) return { key: 'core.parse.bad-option', params: { option: formatOption(decl), expected: converted.expected, value: rawValue } };
    options[decl.key] = converted.value;
    return last;
  }
}

function isNumeric(value: string): boolean {
  return Number.isFinite(Number(value));
}

const levelKey = { member: 'core.level.member', admin: 'core.level.admin', owner: 'core.level.owner', superuser: 'core.level.superuser' } as const satisfies Record<PermissionLevel, MessageKey>;

/** The catalogue key naming a permission level (`管理员`). */
export function permissionLevelKey(level: PermissionLevel): MessageKey {
  return levelKey[level];
}

/** The parse error as a sentence (what was expected translated first). */
export function describeParseError(error: ParseError, t: Translator = englishText): string {
  if (error.key === 'core.parse.bad-argument' || error.key === 'core.parse.bad-option') {
    const expected = t(error.params.expected);
    return error.key === 'core.parse.bad-argument'
      ? t(error.key, { argument: error.params.argument ?? '', expected, value: error.params.value })
      : t(error.key, { option: error.params.option ?? '', expected, value: error.params.value });
  }
  return t(error.key, error.params as never);
}
