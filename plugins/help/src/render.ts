/** Help texts from the command registry. */
import { type Command, permissionLevelKey, type Session } from '@cqkit/core';
import { escapeText, plainText } from '@cqkit/protocol';

interface ListOptions {
  /** The first line; default the catalogue's `help.header`. */
  header?: string | undefined;
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
  const t = session.text;
  const lines = [options.header ?? t('help.header')];
  const shown = commands
    .filter((c) => visible(c, session) && (options.showRestricted || allowed(c, session)))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const command of shown) {
    const level = command.permissionLevel;
    const restricted = level === undefined || allowed(command, session) ? '' : t('help.restricted', { level: t(permissionLevelKey(level)) });
    const description = command.describe(t);
    lines.push(`${command.synopsis(prefix)}${description ? ` - ${description}` : ''}${restricted}`);
  }
  if (shown.length === 0) lines.push(t('help.none'));
  lines.push(t('help.footer', { prefix }));
  return lines.join('\n');
}

/** Full usage of the command named `query` (`echo`, `admin kick`, `admin.kick`, an alias or a leading prefix). */
export function commandHelp(commands: readonly Command[], query: string, session: Session, prefix: string): string {
  let name = query.trim().replace(/\s+/g, ' ');
  if (prefix !== '' && name.startsWith(prefix)) name = name.slice(prefix.length);
  const dotted = name.replace(/ /g, '.');
  const found = commands.find((c) => visible(c, session) && (c.name === dotted || c.aliases.includes(name)));
  const t = session.text;
  if (found) return found.usage(prefix, t);
  const children = commands.filter((c) => visible(c, session) && c.name.startsWith(`${dotted}.`));
  if (children.length > 0) {
    return [
      t('core.sub-commands', { command: `${prefix}${name}` }),
      ...children.map((c) => {
        const description = c.describe(t);
        return `${c.synopsis(prefix)}${description ? ` - ${description}` : ''}`;
      }),
    ].join('\n');
  }
  // The query is the asker's text: shown as plain text, so CQ codes in it are not sent back as such.
  return t('help.not-found', { query: escapeText(plainText(name)), prefix });
}
