/**
 * The commands service: the last step of the middleware chain. A message naming a command runs it
 * (permission, parsing, usage and error answers from ./texts.ts); otherwise keyword and regex
 * matchers get it. Registration goes through ctx.command / ctx.keyword / ctx.regex.
 */
import type { ReportError } from '../plugin-errors.js';
import { RegistrationList } from '../registration-list.js';
import type { Session } from '../session.js';
import type { Command } from './command.js';
import type { Matcher } from './matchers.js';
import { type CommandMatch, CommandRegistry, type TriggerOptions } from './registry.js';
import { commandTexts } from './texts.js';

export class CommandService {
  readonly registry: CommandRegistry;
  readonly matchers = new RegistrationList<Matcher>();

  constructor(
    options: TriggerOptions,
    private readonly report: ReportError,
  ) {
    this.registry = new CommandRegistry(options);
  }

  /** Every registered command, for help plugins. */
  get commands(): Command[] {
    return this.registry.commands;
  }

  /** The command step: a command, else keyword/regex matchers. Built once, never rebound per event. */
  readonly run = async (session: Session): Promise<void> => {
    if (!session.isMessage) return;
    const match = this.registry.match(session);
    if (match && (await this.runCommand(session, match))) return;
    const matchers = this.matchers.items;
    for (let i = 0; i < matchers.length; i++) {
      const matcher = matchers[i]!;
      if (matcher.filter !== null && !matcher.filter(session)) continue;
      const run = matcher.test(session);
      if (!run) continue;
      try {
        const result = await run();
        if (result !== undefined && result !== null && result !== '') await session.send(result);
      } catch (error) {
        this.report(matcher.plugin, 'matcher', error, session);
      }
    }
  };

  /** True when the message was the command's (answered, or failed and reported). */
  private async runCommand(session: Session, match: CommandMatch): Promise<boolean> {
    const command = match.command;
    try {
      if (!command) {
        await session.send(this.registry.groupUsage(match.group!, match.prefix));
        return true;
      }
      if (command.filter !== null && !command.filter(session)) return false;
      if (command.permissionLevel && !session.hasPermission(command.permissionLevel)) {
        await session.send(commandTexts.permissionDenied(command.name.replace(/\./g, ' '), command.permissionLevel));
        return true;
      }
      const parsed = command.parse(match.rest);
      if (!parsed.ok) {
        await session.send(command.parseErrorReply(parsed.error, match.prefix));
        return true;
      }
      if (!command.handler) {
        await session.send(command.usage(match.prefix));
        return true;
      }
      const result = await command.handler({ session, args: parsed.args, options: parsed.options, command });
      if (result !== undefined && result !== null && result !== '') await session.send(result);
    } catch (error) {
      this.report(command?.plugin ?? 'app', `command ${command?.name ?? match.group}`, error, session);
    }
    return true;
  }
}
