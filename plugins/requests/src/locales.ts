/** What requests says to the people it turns down, in zh-CN and en-US (both complete). */
import type { CatalogueOf } from '@cqkit/core';

export interface RequestsMessages {
  'requests.join-rejected': Record<string, never>;
  'requests.invite-rejected': Record<string, never>;
}

declare module '@cqkit/core' {
  interface Messages extends RequestsMessages {}
}

export const requestsLocales = {
  'zh-CN': {
    'requests.join-rejected': '抱歉，你的加群申请未通过',
    'requests.invite-rejected': '抱歉，暂不接受入群邀请',
  },
  'en-US': {
    'requests.join-rejected': 'Sorry, your request to join was not accepted',
    'requests.invite-rejected': 'Sorry, the bot does not accept invitations now',
  },
} as const satisfies Record<'zh-CN' | 'en-US', CatalogueOf<RequestsMessages>>;
