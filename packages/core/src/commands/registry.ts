/**
 * All commands of an app, indexed by their first word (name, alias, or the head of a sub-command),
 * so matching a message costs a prefix check and one Map lookup, whatever the number of plugins.
 */
import { CommandConflictError } from '../errors.js';
import type { Session } from '../session.js';
import { englishText, type Translator } from '../i18n/translator.js';
import type { Disposer } from '../types.js';
import { Command, type CommandIndex } from './command.js';
import { parseDeclaration } from './declaration.js';
import { skipSpace, wordEnd } from './tokenizer.js';


interface IndexEntry {
  command: Command | undefined;
  /** Sub-commands by the rest of their dotted name (`kick` of `admin.kick`, `user.add` of `admin.user.add`). */
  children: Map<string, Command> | undefined;
  /** Most words a child name spans (`user.add`: 2), so matching reads no more words than that. */
  depth: number;
}

export interface CommandMatch {
  command: Command | undefined;
  /** Set when the first word only heads sub-commands. */
  group: string | undefined;
  /** Text after the command name. */
  rest: string;
  /** The prefix the message used ('' for an at-trigger or no prefix). */
  prefix: string;
}

/** A message that matched no command but may have meant one (see `miss`). */
export type CommandMiss = { kind: 'unknown'; word: string; prefix: string } | { kind: 'mention' } | { kind: 'bare'; word: string };

export interface TriggerOptions {
  /** Command prefixes; '' allows commands without a prefix. Default ['/']. */
  prefix?: string | string[];
  /** A message starting with an @ of the bot triggers commands without a prefix. Default true. */
  atTrigger?: boolean;
  /** Private messages trigger commands without a prefix. Default false. */
  privateWithoutPrefix?: boolean;
}

export class CommandRegistry implements CommandIndex {
  private readonly index = new Map<string, IndexEntry>();
  private readonly all = new Set<Command>();
  readonly prefixes: readonly string[];
  private readonly bare: boolean;
  private readonly atTrigger: boolean;
  private readonly privateBare: boolean;

  constructor(options: TriggerOptions = {}) {
    const list = options.prefix === undefined ? ['/'] : Array.isArray(options.prefix) ? options.prefix : [options.prefix];
    this.bare = list.includes('');
    // Longest first so '!!' wins over '!'.
    this.prefixes = list.filter((p) => p !== '').sort((a, b) => b.length - a.length);
    this.atTrigger = options.atTrigger ?? true;
    this.privateBare = options.privateWithoutPrefix ?? false;
  }

  /** Every registered command, in registration order (for help plugins). */
  get commands(): Command[] {
    return [...this.all];
  }

  get(name: string): Command | undefined {
    return this.index.get(name.replace(/\s+/g, '.'))?.command;
  }

  create(declaration: string, description: string, plugin: string, filter: ((session: Session) => boolean) | null): { command: Command; dispose: Disposer } {
    const { name, args } = parseDeclaration(declaration);
    const command = new Command(name, args, description, plugin, filter, this);
    this.claim(name, command);
    const dot = name.indexOf('.');
    if (dot !== -1) {
      const head = name.slice(0, dot);
      const tail = name.slice(dot + 1);
      const entry = this.entry(head);
      entry.children ??= new Map();
      entry.depth = Math.max(entry.depth, tail.split('.').length);
      const clash = entry.children.get(tail);
      if (clash) {
        this.release(command);
        throw conflict(`${head} ${tail}`, command, clash);
      }
      entry.children.set(tail, command);
    }
    this.all.add(command);
    return { command, dispose: () => this.release(command) };
  }

  addAlias(command: Command, alias: string): void {
    if (!this.all.has(command)) throw new CommandConflictError(`command "${command.name}" is no longer registered`);
    this.claim(alias, command);
  }

  /** Find the command a message asks for, or null when it is not a command. */
  match(session: Session): CommandMatch | null {
    if (this.all.size === 0) return null;
    const found = this.locate(session);
    if (found === null || found.start === -1) return null;
    const { text, start, prefix } = found;
    const end = wordEnd(text, start);
    if (end === start) return null;
    const entry = this.index.get(text.slice(start, end));
    if (!entry) return null;
    if (entry.children) {
      const child = matchChild(entry.children, entry.depth, text, end);
      if (child) return { command: child.command, group: undefined, rest: text.slice(child.end), prefix };
    }
    if (entry.command) return { command: entry.command, group: undefined, rest: text.slice(end), prefix };
    return { command: undefined, group: text.slice(start, end), rest: text.slice(end), prefix };
  }

  /**
   * Why a message that matched no command may still have meant one: a prefix (or an @ of the bot)
   * followed by an unknown word, an @ of the bot alone, or a command's name typed without a prefix.
   */
  miss(session: Session): CommandMiss | null {
    const found = this.locate(session);
    if (found === null) return null;
    const { text, start, prefix, atMe, i } = found;
    const from = start === -1 ? i : start;
    const word = text.slice(from, wordEnd(text, from));
    if (prefix !== '') return word === '' ? null : { kind: 'unknown', word, prefix };
    if (atMe) return { kind: 'mention' };
    return word !== '' && this.index.has(word) ? { kind: 'bare', word } : null;
  }

  /** Where the command word would start: after a reply quote, an @ of the bot and a prefix. */
  private locate(session: Session): { text: string; i: number; start: number; prefix: string; atMe: boolean } | null {
    const text = session.content;
    // Clients sometimes keep the space typed before a command.
    let i = skipSpace(text, 0);
    let atMe = false;
    // Quoting a message puts a reply segment first (and clients often add an @ of its author).
    if (text.startsWith('[CQ:reply,', i)) {
      const close = text.indexOf(']');
      if (close !== -1) i = skipSpace(text, close + 1);
    }
    if (this.atTrigger && text.startsWith('[CQ:at,', i)) {
      const bot = session.bot;
      const at = bot.atCode;
      if (text.startsWith(at, i)) {
        i = skipSpace(text, i + at.length);
        atMe = true;
      } else if (text.startsWith(bot.atCodeOpen, i)) {
        // [CQ:at,qq=ID,name=...]
        const close = text.indexOf(']', i + at.length);
        if (close !== -1) {
          i = skipSpace(text, close + 1);
          atMe = true;
        }
      }
    }
    const prefixes = this.prefixes;
    for (let n = 0; n < prefixes.length; n++) {
      const p = prefixes[n]!;
      if (text.startsWith(p, i)) return { text, i, start: i + p.length, prefix: p, atMe };
    }
    if (atMe || this.bare || (this.privateBare && session.isPrivate)) return { text, i, start: i, prefix: '', atMe };
    return { text, i, start: -1, prefix: '', atMe };
  }

  /** Help for a group of sub-commands (`admin` when only `admin.kick` etc. exist). */
  groupUsage(head: string, prefix = '', t: Translator = englishText): string {
    const children = this.index.get(head)?.children;
    if (!children) return '';
    return [t('core.sub-commands', { command: `${prefix}${head}` }), ...[...children.values()].map((c) => {
        const description = c.describe(t);
        return `  ${c.synopsis(prefix)}${description ? `  ${description}` : ''}`;
      }),
    ].join('\n');
  }


  private entry(key: string): IndexEntry {
    let entry = this.index.get(key);
    if (!entry) {
      entry = { command: undefined, children: undefined, depth: 0 };
      this.index.set(key, entry);
    }
    return entry;
  }

  private claim(key: string, command: Command): void {
    if (!key || /\s/.test(key)) throw new CommandConflictError(`command name "${key}" must be one word (use a dot for sub-commands)`);
    const entry = this.entry(key);
    if (entry.command) throw conflict(key, command, entry.command);
    entry.command = command;
  }

  private release(command: Command): void {
    if (!this.all.delete(command) && this.index.get(command.name)?.command !== command) return;
    for (const [key, entry] of this.index) {
      if (entry.command === command) entry.command = undefined;
      if (entry.children) {
        for (const [child, c] of entry.children) if (c === command) entry.children.delete(child);
        if (entry.children.size === 0) entry.children = undefined;
      }
      if (!entry.command && !entry.children) this.index.delete(key);
    }
  }
}

/**
 * The sub-command named by the words after the head (`admin user add` -> `user.add`), longest name
 * first, with the offset where its arguments start.
 */
function matchChild(children: Map<string, Command>, depth: number, text: string, from: number): { command: Command; end: number } | undefined {
  if (depth === 1) {
    // The common case (`admin kick`): one word, no list.
    const start = skipSpace(text, from);
    const end = wordEnd(text, start);
    const command = end > start ? children.get(text.slice(start, end)) : undefined;
    return command ? { command, end } : undefined;
  }
  let name = '';
  const found: Array<{ name: string; end: number }> = [];
  let i = from;
  for (let d = 0; d < depth; d++) {
    const start = skipSpace(text, i);
    const end = wordEnd(text, start);
    if (end === start) break;
    name = d === 0 ? text.slice(start, end) : `${name}.${text.slice(start, end)}`;
    found.push({ name, end });
    i = end;
  }
  for (let n = found.length - 1; n >= 0; n--) {
    const command = children.get(found[n]!.name);
    if (command) return { command, end: found[n]!.end };
  }
  return undefined;
}

function conflict(name: string, incoming: Command, existing: Command): CommandConflictError {
  const same = incoming.plugin === existing.plugin ? ' (the same plugin, registered twice)' : '';
  return new CommandConflictError(
    `command "${name}" of plugin "${incoming.plugin}" conflicts with command "${existing.name}" already registered by plugin "${existing.plugin}"${same}; rename one or give it an alias`,
  );
}
