/** What broadcast says to the superuser who asked, in zh-CN and en-US (both complete). */
import type { CatalogueOf } from '@cqkit/core';

export interface BroadcastMessages {
  'commands.broadcast.description': Record<string, never>;
  'broadcast.no-group': Record<string, never>;
  'broadcast.sending': { count: number };
  'broadcast.progress': { done: number; total: number; failed: number };
  'broadcast.done': { sent: number; total: number; failed: number };
  'broadcast.failure': { group: number; reason: string };
  'broadcast.more': { count: number };
}

declare module '@cqkit/core' {
  interface Messages extends BroadcastMessages {}
}

export const broadcastLocales = {
  'zh-CN': {
    'commands.broadcast.description': '向所有群发送一条消息（超级用户）',
    'broadcast.no-group': '广播：没有可以发送的群',
    'broadcast.sending': '广播：正在发送到 {count} 个群',
    'broadcast.progress': ({ done, total, failed }) => `广播：已完成 ${done}/${total}${failed > 0 ? `，失败 ${failed}` : ''}`,
    'broadcast.done': '广播完成：已发送 {sent}/{total}，失败 {failed}',
    'broadcast.failure': '- 群 {group}：{reason}',
    'broadcast.more': '- 另有 {count} 个',
  },
  'en-US': {
    'commands.broadcast.description': 'send a message to every group (superusers)',
    'broadcast.no-group': 'broadcast: no group to send to',
    'broadcast.sending': ({ count }) => `broadcast: sending to ${count} group${count === 1 ? '' : 's'}`,
    'broadcast.progress': ({ done, total, failed }) => `broadcast: ${done}/${total} done${failed > 0 ? `, ${failed} failed` : ''}`,
    'broadcast.done': 'broadcast done: {sent}/{total} sent, {failed} failed',
    'broadcast.failure': '- group {group}: {reason}',
    'broadcast.more': '- and {count} more',
  },
} as const satisfies Record<'zh-CN' | 'en-US', CatalogueOf<BroadcastMessages>>;
