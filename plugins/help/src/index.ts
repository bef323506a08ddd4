/**
 * help: `/help` lists every command the asker can use with its synopsis and description;
 * `/help echo` (or `/help admin kick`) shows one command's full usage: arguments, options, aliases,
 * permission. Read from core's command registry at the time of asking, so commands of plugins loaded
 * later (or reloaded) are listed too.
 */
import { definePlugin } from '@cqkit/core';
import * as v from 'valibot';
import { helpLocales } from './locales.js';
import { commandHelp, commandList } from './render.js';

export const helpConfigSchema = v.optional(
  v.strictObject({
    /** First line of the list; default the catalogue's (可用命令： / Commands:). */
    header: v.optional(v.string()),
    /** List commands the asker lacks the permission for (marked with their level). */
    showRestricted: v.optional(v.boolean(), false),
  }),
  {},
);

export { type HelpMessages, helpLocales } from './locales.js';

export type HelpConfig = v.InferOutput<typeof helpConfigSchema>;

export const help = definePlugin({
  name: 'help',
  schema: helpConfigSchema,
  apply(ctx, config) {
    for (const [locale, messages] of Object.entries(helpLocales)) ctx.i18n.define(locale, messages);
    ctx.command('help [command:text]', 'list the commands, or show how to use one').action(({ session, args }) => {
      const prefix = firstPrefix(ctx.app.options.prefix);
      const commands = ctx.app.commands;
      if (args.command === undefined) return commandList(commands, session, prefix, config);
      return commandHelp(commands, args.command, session, prefix);
    });
  },
});

/** The prefix shown in usage lines: the first configured one ('/' by default). */
function firstPrefix(prefix: string | string[] | undefined): string {
  if (prefix === undefined) return '/';
  const list = Array.isArray(prefix) ? prefix : [prefix];
  return list.find((p) => p !== '') ?? '';
}

export default help;
