/**
 * welcome: greets whoever joins a group (the group_increase notice) with a template per group:
 * `{at}` mentions the new member, `{name}` is their group card or nickname, `{user}` their QQ
 * number, `{group}` / `{groupName}` the group.
 */
import { type Bot, definePlugin } from '@cqkit/core';
import { welcomeConfigSchema } from './config.js';
import { asTemplate, welcomeLocales } from './locales.js';
import { compileTemplate, renderTemplate, type TemplatePart, uses } from './template.js';

export { type WelcomeConfig, type WelcomeConfigInput, welcomeConfigSchema } from './config.js';
export { placeholders } from './template.js';
export { type WelcomeMessages, welcomeLocales } from './locales.js';

export const welcome = definePlugin({
  name: 'welcome',
  schema: welcomeConfigSchema,
  apply(ctx, config) {
    for (const [locale, messages] of Object.entries(welcomeLocales)) ctx.i18n.define(locale, messages);
    // Compiled once: greeting a member is a lookup and a string join. Without a configured text, the
    // greeting is the catalogue's in the group's language (compiled once per distinct text).
    const configured = config.text === false ? null : config.text === undefined ? undefined : compileTemplate(config.text);
    const byText = new Map<string, TemplatePart[]>();
    const defaultFor = (text: string) => {
      let parts = byText.get(text);
      if (!parts) {
        parts = compileTemplate(text);
        byText.set(text, parts);
      }
      return parts;
    };
    const perGroup = new Map<number, TemplatePart[] | null>();
    for (const [id, text] of Object.entries(config.groups)) perGroup.set(Number(id), text === false ? null : compileTemplate(text));

    ctx.on('notice/group_increase', async (session) => {
      const { group_id: group, user_id: user } = session.event;
      if (user === session.selfId && !config.greetSelf) return;
      const parts = perGroup.has(group) ? perGroup.get(group)! : configured === undefined ? defaultFor(session.text('welcome.default', asTemplate)) : configured;
      if (parts === null) return;
      const name = uses(parts, 'name') ? await memberName(session.bot, group, user) : undefined;
      const groupName = uses(parts, 'groupName') ? await groupNameOf(session.bot, group) : undefined;
      await session.send(renderTemplate(parts, { user, group, name, groupName }));
    });
  },
});

/** Group card, else nickname; the QQ number when the server cannot tell. */
async function memberName(bot: Bot, group: number, user: number): Promise<string> {
  try {
    const member = await bot.getGroupMemberInfo({ group_id: group, user_id: user, no_cache: true });
    if (member.card) return member.card;
    if (member.nickname) return member.nickname;
  } catch {
    // fall through to the stranger lookup
  }
  try {
    const stranger = await bot.getStrangerInfo({ user_id: user });
    if (stranger.nickname) return stranger.nickname;
  } catch {
    // the number will do
  }
  return String(user);
}

async function groupNameOf(bot: Bot, group: number): Promise<string> {
  try {
    const info = await bot.getGroupInfo({ group_id: group });
    return info.group_name || String(group);
  } catch {
    return String(group);
  }
}

export default welcome;
