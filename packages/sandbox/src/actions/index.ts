/** Every handler, by action name. */
import type { ActionHandler } from '../core/action-server.js';
import { credentialActions } from './credentials.js';
import { experimentalActions } from './experimental.js';
import { groupAdminActions } from './group-admin.js';
import { infoActions } from './info.js';
import { mediaActions } from './media.js';
import { messageActions } from './messages.js';
import { requestActions } from './requests.js';
import { systemActions } from './system.js';

export const actionHandlers: Readonly<Record<string, ActionHandler>> = {
  ...messageActions,
  ...groupAdminActions,
  ...requestActions,
  ...infoActions,
  ...credentialActions,
  ...mediaActions,
  ...systemActions,
  ...experimentalActions,
};
