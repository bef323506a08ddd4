/**
 * What the bot did, as one readable line (`* bot kicked Dave (2004) from group 3001`), for the
 * terminal chat and the web chat alike. Sends are not described: they show as messages.
 */
import type { ExecutedAction } from './core/action-server.js';
import { coerceBool, coerceInt } from './core/params.js';
import type { Sandbox } from './sandbox.js';

/** One readable line for what the bot did, or undefined for reads and sends (sends show as messages). */
export function describeAction(sandbox: Sandbox, executed: ExecutedAction): string | undefined {
  const p = executed.params;
  const who = (key: string) => {
    const id = coerceInt(p[key]) ?? 0;
    return `${sandbox.world.nickname(id)} (${id})`;
  };
  // Read flags and numbers the way the action did (query strings give "0", "no", "false"...),
  // with the catalogue's defaults, so the line says what really happened.
  const yes = (key: string) => coerceBool(p[key]) ?? true;
  const quoted = (key: string) => `"${typeof p[key] === 'string' ? p[key] : ''}"`;
  const ok = executed.envelope.retcode === 0 || executed.envelope.retcode === 1;
  const group = `group ${String(coerceInt(p.group_id) ?? p.group_id)}`;
  let text: string | undefined;
  switch (executed.action) {
    case 'set_group_kick':
      text = `kicked ${who('user_id')} from ${group}${coerceBool(p.reject_add_request) ? ' and blocked their join requests' : ''}`;
      break;
    case 'set_group_ban': {
      const d = coerceInt(p.duration) ?? 1800;
      text = d > 0 ? `muted ${who('user_id')} in ${group} for ${d} s` : `lifted the mute of ${who('user_id')} in ${group}`;
      break;
    }
    case 'set_group_anonymous_ban':
      text = `muted an anonymous member of ${group} for ${coerceInt(p.duration) ?? 1800} s`;
      break;
    case 'set_group_whole_ban':
      text = `${yes('enable') ? 'muted everyone in' : 'lifted the whole-group mute of'} ${group}`;
      break;
    case 'delete_msg':
      text = `recalled message #${String(p.message_id)}`;
      break;
    case 'set_group_card':
      text = `set the card of ${who('user_id')} in ${group} to ${quoted('card')}`;
      break;
    case 'set_group_admin':
      text = `${yes('enable') ? 'made admin' : 'removed admin'}: ${who('user_id')} in ${group}`;
      break;
    case 'set_group_name':
      text = `renamed ${group} to ${quoted('group_name')}`;
      break;
    case 'set_group_special_title':
      text = `gave ${who('user_id')} the title ${quoted('special_title')} in ${group}`;
      break;
    case 'set_group_leave':
      text = `${coerceBool(p.is_dismiss) ? 'dismissed' : 'left'} ${group}`;
      break;
    case 'set_discuss_leave':
      text = `left discuss ${String(p.discuss_id)}`;
      break;
    case 'set_friend_add_request':
      text = yes('approve')
        ? `accepted friend request ${String(p.flag)}${typeof p.remark === 'string' && p.remark !== '' ? ` (remark "${p.remark}")` : ''}`
        : `rejected friend request ${String(p.flag)}`;
      break;
    case 'set_group_add_request':
      text = yes('approve')
        ? `accepted group request ${String(p.flag)}`
        : `rejected group request ${String(p.flag)}${typeof p.reason === 'string' && p.reason !== '' ? ` (reason "${p.reason}")` : ''}`;
      break;
    case 'delete_friend':
      text = `removed ${who('user_id')} from its friends`;
      break;
    case 'send_like':
      text = `liked ${who('user_id')} ${coerceInt(p.times) ?? 1} time(s)`;
      break;
    default:
      return undefined;
  }
  return ok ? `* bot ${text}` : `* bot tried: ${text} -> failed (retcode ${executed.envelope.retcode})`;
}
