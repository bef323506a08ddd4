/** Help texts from the command registry. */
import type { Command, Session } from '@cqkit/core';
import { escapeText, plainText } from '@cqkit/protocol';

interface ListOptions {
  header: string;
  showRestricted: boolean;
}

/** Commands this session may see: its scope filter passes (a group-only command is hidden in private). */
function visible(command: Command, session: Session): boolean {
  return command.filter === null || command.filter(session);
}

function allowed(command: Command, session: Session): boolean {
  return command.permissionLevel === undefined || session.hasPermission(command.permissionLevel);
}

export function commandList(commands: readonly Command[], session: Session, prefix: string, options: ListOptions): string {
  const lines = [options.header];
  const shown = commands
    .filter((c) => visible(c, session) && (options.showRestricted || allowed(c, session)))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const command of shown) {
    const restricted = allowed(command, session) ? '' : ` (${command.permissionLevel})`;
    lines.push(`${command.synopsis(prefix)}${command.description ? ` - ${command.description}` : ''}${restricted}`);
  }
  if (shown.length === 0) lines.push('(none)');
  lines.push(`${prefix}help <command> shows how to use one.`);
  return lines.join('\n');
}

/** Full usage of the command named `query` (`echo`, `admin kick`, `admin.kick`, an alias or a leading prefix). */
export function commandHelp(commands: readonly Command[], query: string, session: Session, prefix: string): string {
  let name = query.trim().replace(/\s+/g, ' ');
  if (prefix !== '' && name.startsWith(prefix)) name = name.slice(prefix.length);
  const dotted = name.replace(/ /g, '.');
  const found = commands.find((c) => visible(c, session) && (c.name === dotted || c.aliases.includes(name)));
  if (found) return found.usage(prefix);
  const children = commands.filter((c) => visible(c, session) && c.name.startsWith(`${dotted}.`));
  if (children.length > 0) {
    return [`${prefix}${name} has sub-commands:`, ...children.map((c) => `${c.synopsis(prefix)}${c.description ? ` - ${c.description}` : ''}`)].join('\n');
  }
  // The query is the asker's text: shown as plain text, so CQ codes in it are not sent back as such.
  return `no command "${escapeText(plainText(name))}"; ${prefix}help lists them`;
}
