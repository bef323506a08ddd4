/**
 * What remind says to users, in zh-CN and en-US (both complete: `CatalogueOf` checks every key).
 * Replies are CQ-code strings: the user's text goes in escaped (escapeText), so a typed
 * [CQ:at,qq=all] stays text.
 */
import type { CatalogueOf } from '@cqkit/core';
import { type DurationWords, spokenDuration } from './duration.js';

const zhDuration: DurationWords = { units: ['天', '小时', '分钟', '秒'], underASecond: '不到1秒', gap: '' };
const enDuration: DurationWords = { units: ['d', 'h', 'min', 's'], underASecond: 'less than 1s', gap: ' ' };

/** `1天2小时`, `9分钟59秒`, `3小时`: the largest unit and the next one when not zero, rounded down. */
export const formatDuration = (ms: number): string => spokenDuration(ms, zhDuration);
/** `1d 2h`, `9min 59s`: the same in English. */
export const englishDuration = (ms: number): string => spokenDuration(ms, enDuration);

type None = Record<string, never>;

export interface RemindMessages {
  'commands.remind.description': None;
  'commands.remind.list.description': None;
  'commands.remind.cancel.description': None;
  'remind.duration': { ms: number };
  'remind.usage': None;
  'remind.bad-time': { time: string };
  'remind.no-text': None;
  'remind.too-far': { max: string };
  'remind.full': { max: number };
  'remind.no-discuss': None;
  'remind.added': { delay: string; text: string; id: number };
  'remind.empty': None;
  'remind.list-head': None;
  'remind.list-item': { id: number; left: string; text: string; where: string };
  'remind.in-group': { group: number };
  'remind.in-private': None;
  'remind.bad-id': { id: string };
  'remind.no-such': { id: number };
  'remind.cancelled': { id: number; text: string };
  'remind.fire': { text: string };
  'remind.fire-late': { late: string; text: string };
}

declare module '@cqkit/core' {
  interface Messages extends RemindMessages {}
}

export const remindLocales = {
  'zh-CN': {
    'commands.remind.description': '定时提醒：/remind 10m 喝水',
    'commands.remind.list.description': '查看你的提醒',
    'commands.remind.cancel.description': '取消提醒：/remind cancel 3',
    'remind.duration': ({ ms }) => formatDuration(ms),
    'remind.usage': '用法：/remind 10m 喝水 | /remind list | /remind cancel <编号>\n时间可写 s/m/h/d 或 秒/分钟/小时/天，也可组合，如 1h30m、1小时30分钟。',
    'remind.bad-time': '看不懂时间「{time}」。例如：/remind 10m 喝水',
    'remind.no-text': '要提醒什么呢？例如：/remind 10m 喝水',
    'remind.too-far': '最多只能设定 {max} 以内的提醒。',
    'remind.full': '你已有 {max} 条待办提醒，先用 /remind cancel <编号> 取消一些吧。',
    'remind.no-discuss': '讨论组里不能设提醒，请在群里或私聊中使用。',
    'remind.added': '好的，{delay}后提醒你：{text}（编号 {id}）',
    'remind.empty': '你还没有待办的提醒。例如：/remind 10m 喝水',
    'remind.list-head': '你的提醒：',
    'remind.list-item': '#{id} {left}后{where}：{text}',
    'remind.in-group': '（群 {group}）',
    'remind.in-private': '（私聊）',
    'remind.bad-id': '编号「{id}」不对，应是数字。例如：/remind cancel 3',
    'remind.no-such': '没有编号为 {id} 的提醒（用 /remind list 查看你的提醒）。',
    'remind.cancelled': '已取消提醒 #{id}：{text}',
    'remind.fire': '提醒：{text}',
    'remind.fire-late': '提醒（机器人离线期间到期，晚了{late}）：{text}',
  },
  'en-US': {
    'commands.remind.description': 'remind you later: /remind 10m drink water',
    'commands.remind.list.description': 'list your reminders',
    'commands.remind.cancel.description': 'cancel a reminder: /remind cancel 3',
    'remind.duration': ({ ms }) => englishDuration(ms),
    'remind.usage': 'usage: /remind 10m drink water | /remind list | /remind cancel <id>\nTimes: s/m/h/d, combined like 1h30m.',
    'remind.bad-time': 'I cannot read the time "{time}". For example: /remind 10m drink water',
    'remind.no-text': 'Remind you of what? For example: /remind 10m drink water',
    'remind.too-far': 'Reminders can be at most {max} ahead.',
    'remind.full': 'You already have {max} pending reminders; cancel some with /remind cancel <id> first.',
    'remind.no-discuss': 'Reminders cannot be set in a discuss group; use a group or a private chat.',
    'remind.added': 'OK, I will remind you in {delay}: {text} (#{id})',
    'remind.empty': 'You have no pending reminders. For example: /remind 10m drink water',
    'remind.list-head': 'Your reminders:',
    'remind.list-item': '#{id} in {left}{where}: {text}',
    'remind.in-group': ' (group {group})',
    'remind.in-private': ' (private)',
    'remind.bad-id': 'The id "{id}" is not a number. For example: /remind cancel 3',
    'remind.no-such': 'No reminder #{id} (/remind list shows yours).',
    'remind.cancelled': 'Cancelled reminder #{id}: {text}',
    'remind.fire': 'Reminder: {text}',
    'remind.fire-late': 'Reminder (due while the bot was offline, {late} late): {text}',
  },
} as const satisfies Record<'zh-CN' | 'en-US', CatalogueOf<RemindMessages>>;
