/**
 * remind: `/remind 10m 喝水` sends "提醒：喝水" in the same chat ten minutes later (with an @ in a
 * group); `/remind list` and `/remind cancel <id>` manage the user's own reminders. Reminders live in
 * the store (`inject: ['store']`), so they survive a restart; one that fell due while the bot was
 * down is sent once at the next start and says how late it is.
 */
import { type Context, definePlugin, type Session, type Translator } from '@cqkit/core';
import { escapeText, plainText, segment } from '@cqkit/protocol';
import { type Reminder, ReminderBook } from './book.js';
import { type RemindConfig, remindConfigSchema } from './config.js';
import { parseDuration } from './duration.js';
import { remindTables } from './tables.js';
import { remindLocales } from './locales.js';

export { type RemindConfig, type RemindConfigInput, remindConfigSchema } from './config.js';
export { type DurationWords, parseDuration, spokenDuration } from './duration.js';
export { englishDuration, formatDuration, type RemindMessages, remindLocales } from './locales.js';
export { remindTables } from './tables.js';

export const remind = definePlugin({
  name: 'remind',
  schema: remindConfigSchema,
  inject: ['store'],
  apply(ctx, config) {
    for (const [locale, messages] of Object.entries(remindLocales)) ctx.i18n.define(locale, messages);
    const clock = ctx.app.clock;
    // Migrations and loading run once the app is ready (start-up waits for them); a command that
    // comes earlier waits too. A failed migration rejects apply: the core stops this plugin only.
    const ready = ctx
      .service('store')
      .migrate(ctx, remindTables)
      .then(async (db) => {
        const book = new ReminderBook(ctx, db, clock, (reminder, late) => deliver(ctx, reminder, late, clock.now()));
        ctx.effect(() => book.stop());
        ctx.on('bot/added', () => book.fireDue());
        // Stopped while migrating (the store went, or the app stopped): send nothing.
        if (!ctx.runtime.scope.isDisposed) await book.load();
        return book;
      });
    ctx.on('ready', () => ready.then(noop, noop));

    ctx.command('remind [time:string] [what:text]', '定时提醒：/remind 10m 喝水').action(async ({ session, args }) => {
      if (args.time === undefined) return session.text('remind.usage');
      return add(await ready, session, args.time, args.what, config, clock.now());
    });
    ctx.command('remind.list', '查看你的提醒').action(async ({ session }) => list((await ready).of(session.selfId, session.userId!), session, clock.now()));
    ctx.command('remind.cancel [id:string]', '取消提醒：/remind cancel 3').action(async ({ session, args }) => {
      if (args.id === undefined || !/^#?\d+$/.test(args.id)) return session.text('remind.bad-id', { id: args.id ?? '' });
      const id = Number(args.id.replace('#', ''));
      const cancelled = await (await ready).cancel(session.selfId, session.userId!, id);
      return cancelled ? session.text('remind.cancelled', { id, text: escapeText(cancelled.text) }) : session.text('remind.no-such', { id });
    });
    return ready.then(noop);
  },
});

async function add(book: ReminderBook, session: Session, time: string, what: string | undefined, config: RemindConfig, now: number): Promise<string> {
  const t = session.text;
  const delay = parseDuration(time);
  if (delay === undefined) return `${t('remind.bad-time', { time })}\n${t('remind.usage')}`;
  if (delay > config.maxDelay) return t('remind.too-far', { max: t('remind.duration', { ms: config.maxDelay }) });
  // Plain text only: a typed [CQ:at,qq=all] stays text when the reminder is sent.
  const text = plainText(what ?? '').trim();
  if (text === '') return t('remind.no-text');
  if (session.event.post_type === 'message' && session.event.message_type === 'discuss') return t('remind.no-discuss');
  if (book.of(session.selfId, session.userId!).length >= config.maxPerUser) return t('remind.full', { max: config.maxPerUser });
  const reminder = await book.add({
    self_id: session.selfId,
    user_id: session.userId!,
    group_id: session.groupId ?? null,
    text,
    fire_at: now + delay,
    created_at: now,
  });
  return t('remind.added', { delay: t('remind.duration', { ms: delay }), text: escapeText(text), id: reminder.id });
}

function list(reminders: readonly Reminder[], session: Session, now: number): string {
  const t: Translator = session.text;
  if (reminders.length === 0) return t('remind.empty');
  const here = session.groupId ?? null;
  const lines = reminders.map((r) => {
    const where = r.group_id === here ? '' : r.group_id === null ? t('remind.in-private') : t('remind.in-group', { group: r.group_id });
    return t('remind.list-item', { id: r.id, left: t('remind.duration', { ms: Math.max(0, r.fire_at - now) }), text: escapeText(r.text), where });
  });
  return [t('remind.list-head'), ...lines].join('\n');
}

/** In the chat it was set in: with an @ in a group. The text goes as a text segment (escaped). */
async function deliver(ctx: Context, reminder: Reminder, late: boolean, now: number): Promise<void> {
  const bot = ctx.bots.get(reminder.self_id);
  if (bot === undefined) throw new Error(`bot ${reminder.self_id} is not connected`);
  // No session when a reminder falls due: it speaks the app's language.
  const i18n = ctx.i18n;
  const body = late
    ? i18n.text('remind.fire-late', { late: i18n.text('remind.duration', { ms: now - reminder.fire_at }), text: reminder.text })
    : i18n.text('remind.fire', { text: reminder.text });
  if (reminder.group_id === null) {
    await bot.sendPrivateMsg({ user_id: reminder.user_id, message: [segment.text(body)] });
  } else {
    await bot.sendGroupMsg({ group_id: reminder.group_id, message: [segment.at(reminder.user_id), segment.text(` ${body}`)] });
  }
}

function noop(): void {}

export default remind;
