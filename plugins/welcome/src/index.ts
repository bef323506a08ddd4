/**
 * welcome: greets whoever joins a group (the group_increase notice) with a template per group:
 * `{at}` mentions the new member, `{name}` is their group card or nickname, `{user}` their QQ
 * number, `{group}` / `{groupName}` the group.
 */
import { type Bot, definePlugin } from '@cqkit/core';
import { welcomeConfigSchema } from './config.js';
import { compileTemplate, renderTemplate, type TemplatePart, uses } from './template.js';

export { type WelcomeConfig, type WelcomeConfigInput, welcomeConfigSchema } from './config.js';
export { placeholders } from './template.js';

export const welcome = definePlugin({
  name: 'welcome',
  schema: welcomeConfigSchema,
  apply(ctx, config) {
    // Compiled once: greeting a member is a lookup and a string join.
    const fallback = config.text === false ? null : compileTemplate(config.text);
    const perGroup = new Map<number, TemplatePart[] | null>();
    for (const [id, text] of Object.entries(config.groups)) perGroup.set(Number(id), text === false ? null : compileTemplate(text));

    ctx.on('notice/group_increase', async (session) => {
      const { group_id: group, user_id: user } = session.event;
      if (user === session.selfId && !config.greetSelf) return;
      const parts = perGroup.has(group) ? perGroup.get(group)! : fallback;
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
