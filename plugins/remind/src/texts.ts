/**
 * What the plugin says to users (Chinese). Replies are CQ-code strings: the user's text goes in
 * escaped (escapeText), so a typed [CQ:at,qq=all] stays text.
 */
import { formatDuration } from './duration.js';

export const texts = {
  usage: '用法：/remind 10m 喝水 | /remind list | /remind cancel <编号>\n时间可写 s/m/h/d 或 秒/分钟/小时/天，也可组合，如 1h30m、1小时30分钟。',
  badTime: (time: string) => `看不懂时间「${time}」。例如：/remind 10m 喝水`,
  noText: '要提醒什么呢？例如：/remind 10m 喝水',
  tooFar: (max: number) => `最多只能设定 ${formatDuration(max)} 以内的提醒。`,
  full: (max: number) => `你已有 ${max} 条待办提醒，先用 /remind cancel <编号> 取消一些吧。`,
  noDiscuss: '讨论组里不能设提醒，请在群里或私聊中使用。',
  added: (delay: number, text: string, id: number) => `好的，${formatDuration(delay)}后提醒你：${text}（编号 ${id}）`,
  empty: '你还没有待办的提醒。例如：/remind 10m 喝水',
  listHead: '你的提醒：',
  listItem: (id: number, left: number, text: string, where: string) => `#${id} ${formatDuration(left)}后${where}：${text}`,
  inGroup: (group: number) => `（群 ${group}）`,
  inPrivate: '（私聊）',
  badId: (id: string) => `编号「${id}」不对，应是数字。例如：/remind cancel 3`,
  noSuch: (id: number) => `没有编号为 ${id} 的提醒（用 /remind list 查看你的提醒）。`,
  cancelled: (id: number, text: string) => `已取消提醒 #${id}：${text}`,
  fire: (text: string) => `提醒：${text}`,
  fireLate: (late: number, text: string) => `提醒（机器人离线期间到期，晚了${formatDuration(late)}）：${text}`,
};
