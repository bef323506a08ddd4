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
import type { HandlerResult } from '../types.js';
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

  /**
   * The command step: a command, else keyword/regex matchers, else a hint. Built once, never rebound
   * per event. A command answered at once returns its send's promise rather than awaiting it (see
   * EventPipeline.process); undefined when nothing is left to wait for.
   */
  readonly run = (session: Session): Promise<void> | undefined => {
    if (!session.isMessage) return undefined;
    const match = this.registry.match(session);
    if (match) {
      const takes = this.takes(session, match);
      if (takes === null) return undefined;
      if (takes) return this.runCommand(session, match);
    }
    return this.runMatchers(session, match);
  };

  /**
   * False when the command's filter refuses the session (the message is left to the matchers); null
   * when the filter threw (reported, and the message counts as the command's).
   */
  private takes(session: Session, match: CommandMatch): boolean | null {
    const filter = match.command?.filter ?? null;
    if (filter === null) return true;
    try {
      return filter(session);
    } catch (error) {
      this.reportCommand(match, error, session);
      return null;
    }
  }

  /** The message was the command's: answered, or failed and reported. Never rejects. */
  private runCommand(session: Session, match: CommandMatch): Promise<void> | undefined {
    const command = match.command;
    // session.text is read only where a text is needed: it binds a translator for the session.
    try {
      if (!command) return this.answer(session, this.registry.groupUsage(match.group!, match.prefix, session.text));
      if (command.permissionLevel && !session.hasPermission(command.permissionLevel)) {
        const t = session.text;
        return this.answer(session, t('core.permission-denied', { command: command.name.replace(/\./g, ' '), level: t(permissionLevelKey(command.permissionLevel)) }));
      }
      const parsed = command.parse(match.rest);
      if (!parsed.ok) return this.answer(session, command.parseErrorReply(parsed.error, match.prefix, session.text));
      if (!command.handler) return this.answer(session, command.usage(match.prefix, session.text));
      const result = command.handler({ session, args: parsed.args, options: parsed.options, command });
      // A handler that answers at once (most do) costs no await.
      if (isThenable(result)) return this.answerLater(session, result, match);
      return this.answer(session, result);
    } catch (error) {
      this.reportCommand(match, error, session);
      return undefined;
    }
  }

  /**
   * Send a command's answer (nothing for an empty one). The event is done once the handler is: the
   * send is the bot's to finish (`app.idle()` waits for it), and its failure is reported once, as
   * `send/failed`.
   */
  private answer(session: Session, result: HandlerResult): undefined {
    if (result !== undefined && result !== null && result !== '') session.post(result);
    return undefined;
  }

  private async answerLater(session: Session, pending: PromiseLike<HandlerResult>, match: CommandMatch): Promise<void> {
    try {
      this.answer(session, await pending);
    } catch (error) {
      this.reportCommand(match, error, session);
    }
  }

  private reportCommand(match: CommandMatch, error: unknown, session: Session): void {
    this.report(match.command?.plugin ?? 'app', `command ${match.command?.name ?? match.group}`, error, session);
  }

  /** Keyword and regex matchers, then the hint for a message that meant a command. */
  private async runMatchers(session: Session, match: CommandMatch | null): Promise<void> {
    const matchers = this.matchers.items;
    let matched = false;
    for (let i = 0; i < matchers.length; i++) {
      const matcher = matchers[i]!;
      if (matcher.filter !== null && !matcher.filter(session)) continue;
      const run = matcher.test(session);
      if (!run) continue;
      matched = true;
      try {
        let result = run();
        if (isThenable(result)) result = await result;
        if (result !== undefined && result !== null && result !== '') session.post(result);
      } catch (error) {
        this.report(matcher.plugin, 'matcher', error, session);
      }
    }
    if (!matched && !match && session.sentCount === 0 && this.hints !== false) await this.answerMiss(session);
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

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
