/** What ping says to QQ users, in zh-CN and en-US (both complete: `CatalogueOf` checks every key). */
import type { CatalogueOf } from '@cqkit/core';

type None = Record<string, never>;

export interface PingMessages {
  'commands.ping.description': None;
  'commands.status.description': None;
  'ping.pong': None;
  'status.uptime': { uptime: string };
  'status.bot': { selfId: number; queued: number; inFlight: number; sent: number; failed: number; quick: number };
  'status.no-bot': None;
  'status.events': { events: number; errors: number };
  'status.duration': { d: number; h: number; m: number; s: number };
}

declare module '@cqkit/core' {
  interface Messages extends PingMessages {}
}

/** `1d 2h 3m 4s` / `1天2小时3分4秒`, leading zero units left out. */
const duration =
  (units: [string, string, string, string], space: string) =>
  ({ d, h, m, s }: PingMessages['status.duration']): string => {
    const values = [d, h, m, s];
    const first = values.findIndex((v) => v > 0);
    return values
      .map((v, i) => `${v}${units[i]}`)
      .slice(first === -1 ? 3 : first)
      .join(space);
  };

export const pingLocales = {
  'zh-CN': {
    'commands.ping.description': '看看机器人在不在',
    'commands.status.description': '运行时间与发送队列统计',
    'ping.pong': '在！',
    'status.uptime': '已运行 {uptime}',
    'status.bot': '账号 {selfId}：排队 {queued}，发送中 {inFlight}，已发送 {sent}（其中快速回复 {quick}），失败 {failed}',
    'status.no-bot': '没有已连接的账号',
    'status.events': '已处理事件 {events}，插件错误 {errors}',
    'status.duration': duration(['天', '小时', '分', '秒'], ''),
  },
  'en-US': {
    'commands.ping.description': 'check that the bot answers',
    'commands.status.description': 'uptime and send-queue metrics',
    'ping.pong': 'pong',
    'status.uptime': 'up {uptime}',
    'status.bot': 'bot {selfId}: queued {queued}, in flight {inFlight}, sent {sent} ({quick} as quick replies), failed {failed}',
    'status.no-bot': 'no bot connected',
    'status.events': 'events {events}, plugin errors {errors}',
    'status.duration': duration(['d', 'h', 'm', 's'], ' '),
  },
} as const satisfies Record<'zh-CN' | 'en-US', CatalogueOf<PingMessages>>;
