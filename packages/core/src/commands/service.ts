/**
 * The commands service: the last step of the middleware chain. A message naming a command runs it
 * (permission, parsing, usage and error answers, in the session's language from the catalogues);
 * otherwise keyword and regex matchers get it; a message that still got no answer but meant a
 * command (`/nosuch`, a bare command name in private, an @ of the bot alone) gets a short hint.
 * Registration goes through ctx.command / ctx.keyword / ctx.regex.
 */
import type { AppOptions } from '../app-options.js';
import type { ReportError } from '../plugin-errors.js';
import { RegistrationList } from '../registration-list.js';
import type { Session } from '../session.js';
import { closestNames } from './closest.js';
import { type Command, permissionLevelKey } from './command.js';
import type { Matcher } from './matchers.js';
import { type CommandMatch, type CommandMiss, CommandRegistry } from './registry.js';

export class CommandService {
  readonly registry: CommandRegistry;
  readonly matchers = new RegistrationList<Matcher>();
  private readonly hints: AppOptions['hints'];

  constructor(
    options: AppOptions,
    private readonly report: ReportError,
  ) {
    this.registry = new CommandRegistry(options);
    this.hints = options.hints;
  }

  /** Every registered command, for help plugins. */
  get commands(): Command[] {
    return this.registry.commands;
  }

  /** The command step: a command, else keyword/regex matchers, else a hint. Built once, never rebound per event. */
  readonly run = async (session: Session): Promise<void> => {
    if (!session.isMessage) return;
    const match = this.registry.match(session);
    if (match && (await this.runCommand(session, match))) return;
    const matchers = this.matchers.items;
    let matched = false;
    for (let i = 0; i < matchers.length; i++) {
      const matcher = matchers[i]!;
      if (matcher.filter !== null && !matcher.filter(session)) continue;
      const run = matcher.test(session);
      if (!run) continue;
      matched = true;
      try {
        const result = await run();
        if (result !== undefined && result !== null && result !== '') await session.send(result);
      } catch (error) {
        this.report(matcher.plugin, 'matcher', error, session);
      }
    }
    if (!matched && !match && session.sentCount === 0 && this.hints !== false) await this.answerMiss(session);
  };

  /** True when the message was the command's (answered, or failed and reported). */
  private async runCommand(session: Session, match: CommandMatch): Promise<boolean> {
    const command = match.command;
    const t = session.text;
    try {
      if (!command) {
        await session.send(this.registry.groupUsage(match.group!, match.prefix, t));
        return true;
      }
      if (command.filter !== null && !command.filter(session)) return false;
      if (command.permissionLevel && !session.hasPermission(command.permissionLevel)) {
        await session.send(t('core.permission-denied', { command: command.name.replace(/\./g, ' '), level: t(permissionLevelKey(command.permissionLevel)) }));
        return true;
      }
      const parsed = command.parse(match.rest);
      if (!parsed.ok) {
        await session.send(command.parseErrorReply(parsed.error, match.prefix, t));
        return true;
      }
      if (!command.handler) {
        await session.send(command.usage(match.prefix, t));
        return true;
      }
      const result = await command.handler({ session, args: parsed.args, options: parsed.options, command });
      if (result !== undefined && result !== null && result !== '') await session.send(result);
    } catch (error) {
      this.report(command?.plugin ?? 'app', `command ${command?.name ?? match.group}`, error, session);
    }
    return true;
  }

  /** A message that meant a command, perhaps, and that nothing answered: the closest names, or a hint. */
  private async answerMiss(session: Session): Promise<void> {
    const miss: CommandMiss | null = this.registry.miss(session);
    if (!miss) return;
    const hints = this.hints || {};
    const t = session.text;
    // The shortest prefix is the one to show ('/' of ['/', '!!']).
    const prefix = this.registry.prefixes.at(-1);
    try {
      if (miss.kind === 'unknown') {
        if (hints.unknownCommand === false) return;
        const names = this.registry.commands.filter((c) => c.filter === null || c.filter(session)).flatMap((c) => [c.name.replace(/\./g, ' '), ...c.aliases]);
        const closest = closestNames(miss.word, names).map((name) => `${miss.prefix}${name}`);
        const command = `${miss.prefix}${miss.word}`;
        await session.send(
          closest.length > 0
            ? t('core.unknown-command.closest', { command, closest: closest.join(t('core.list-separator')) })
            : t('core.unknown-command', { command, prefix: miss.prefix || (prefix ?? '') }),
        );
        return;
      }
      if (prefix === undefined) return;
      const wanted = miss.kind === 'mention' ? hints.mention !== false : session.isPrivate ? hints.private !== false : hints.group === true;
      if (wanted) await session.send(t('core.hint', { prefix }));
    } catch (error) {
      this.report('app', 'hint', error, session);
    }
  }
}
