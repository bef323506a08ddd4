/**
 * A chat in the terminal: a person types as a simulated user and sees what the bot answers and does.
 * Streams are injectable (tests drive it through PassThrough streams; the CLI passes stdin/stdout).
 *
 *   /user 2002     speak as user 2002        /group 3001   talk in group 3001
 *   /private       talk privately to the bot /discuss 4001 talk in discuss 4001
 *   /poke          poke the bot              /help /quit
 */
import { createInterface, type Interface } from 'node:readline';
import type { Segment } from '@cqkit/protocol';
import type { ExecutedAction } from './core/action-server.js';
import { coerceBool, coerceInt } from './core/params.js';
import type { OutboxEntry } from './outbox.js';
import type { Sandbox } from './sandbox.js';

export interface TerminalChatOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Starting identity; default the first friend, else the first person who is not the account. */
  user?: number;
  /** Starting group; default the first group the account is in (or private when there is none). */
  group?: number;
  /** Print the prompt; default true. Off for pipes where prompts only add noise. */
  prompt?: boolean;
}

export interface TerminalChat {
  /** Resolves when the chat ends (/quit or end of input). */
  readonly closed: Promise<void>;
  close(): void;
}

type Place = { kind: 'private' } | { kind: 'group'; id: number } | { kind: 'discuss'; id: number };

const help = [
  'Type a message to send it as the current user (CQ codes such as [CQ:face,id=1] work).',
  '  /user <qq>       speak as another user',
  '  /group <id>      talk in a group',
  '  /discuss <id>    talk in a discuss group',
  '  /private         talk to the bot privately',
  '  /poke            poke the bot (in the current group, or privately)',
  '  /who             where am I, who am I',
  '  /help            this text',
  '  /quit            leave',
].join('\n');

/** A readable rendering of segments: text as is, other segments as short tags. */
export function renderSegments(sandbox: Sandbox, segments: readonly Segment[]): string {
  return segments
    .map((s) => {
      switch (s.type) {
        case 'text':
          return s.data.text ?? '';
        case 'at':
          return s.data.qq === 'all' ? '@all' : `@${sandbox.world.nickname(Number(s.data.qq))}`;
        case 'face':
          return `[face ${s.data.id ?? ''}]`;
        case 'reply':
          return `[reply to #${s.data.id ?? ''}] `;
        case 'image':
          return `[image ${s.data.file ?? s.data.url ?? ''}]`;
        default:
          return `[${s.type}]`;
      }
    })
    .join('');
}

function placeLabel(entry: { message_type: string; target_id: number }): string {
  return entry.message_type === 'private' ? `private ${entry.target_id}` : `${entry.message_type} ${entry.target_id}`;
}

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

export function startTerminalChat(sandbox: Sandbox, options: TerminalChatOptions): TerminalChat {
  const { world } = sandbox;
  const out = (line: string) => options.output.write(`${line}\n`);
  let user = options.user ?? world.data.friends[0]?.user_id ?? world.data.people.find((p) => p.user_id !== world.selfId)?.user_id ?? 10000;
  const firstGroup = options.group ?? world.data.groups[0]?.group_id;
  let place: Place = firstGroup === undefined ? { kind: 'private' } : { kind: 'group', id: firstGroup };

  const rl: Interface = createInterface({ input: options.input, output: options.output, terminal: false });
  const showPrompt = options.prompt ?? true;
  const promptText = () => `[${world.nickname(user)}@${place.kind === 'private' ? 'private' : `${place.kind} ${place.id}`}]> `;
  const prompt = () => {
    if (showPrompt) options.output.write(promptText());
  };

  const offMessage = sandbox.onBotMessage((entry: OutboxEntry) => {
    out(`[${placeLabel(entry)}] ${world.data.login.nickname}: ${renderSegments(sandbox, entry.segments)}  (#${entry.message_id})`);
  });
  const offAction = sandbox.onAction((executed) => {
    if (executed.origin === 'internal') return;
    const line = describeAction(sandbox, executed);
    if (line) out(line);
  });

  const say = (message: string) => {
    try {
      const id = sandbox.say({
        user,
        message,
        ...(place.kind === 'group' ? { group: place.id } : {}),
        ...(place.kind === 'discuss' ? { discuss: place.id } : {}),
      });
      out(`  (sent as #${id})`);
    } catch (error) {
      out(`! ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const run = (line: string): boolean => {
    const trimmed = line.trim();
    if (trimmed === '') return true;
    if (trimmed.startsWith('/')) {
      const [cmd, arg] = trimmed.split(/\s+/, 2);
      const n = Number(arg);
      switch (cmd) {
        case '/quit':
        case '/exit':
          return false;
        case '/help':
          // Bots commonly have a /help too: show the chat's commands and pass the line on.
          out(help);
          say(line);
          return true;
        case '/who':
          out(`you are ${world.nickname(user)} (${user}), in ${place.kind === 'private' ? 'a private chat with the bot' : `${place.kind} ${place.id}`}`);
          return true;
        case '/user':
          if (!Number.isSafeInteger(n) || n <= 0) out('! usage: /user <qq number>');
          else {
            user = n;
            out(`now speaking as ${world.nickname(user)} (${user})`);
          }
          return true;
        case '/group':
          if (!Number.isSafeInteger(n) || !world.group(n)) out(`! the bot is not in group ${arg ?? ''}`);
          else {
            place = { kind: 'group', id: n };
            out(`now in group ${n} (${world.group(n)?.group_name ?? ''})`);
          }
          return true;
        case '/discuss':
          if (!Number.isSafeInteger(n) || !world.discuss(n)) out(`! the bot is not in discuss ${arg ?? ''}`);
          else {
            place = { kind: 'discuss', id: n };
            out(`now in discuss ${n}`);
          }
          return true;
        case '/private':
          place = { kind: 'private' };
          out('now in a private chat with the bot');
          return true;
        case '/poke':
          try {
            sandbox.poke({ user, ...(place.kind === 'group' ? { group: place.id } : {}) });
            out(`${world.nickname(user)} poked the bot`);
          } catch (error) {
            out(`! ${error instanceof Error ? error.message : String(error)}`);
          }
          return true;
        default:
          // Not a chat command: a bot command such as /echo, said as the current user.
          say(line);
          return true;
      }
    }
    say(line);
    return true;
  };

  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  rl.on('line', (line) => {
    if (!run(line)) rl.close();
    else prompt();
  });
  rl.on('close', () => {
    offMessage();
    offAction();
    resolveClosed();
  });
  out(`cqkit sandbox chat. You are ${world.nickname(user)} (${user}). /help for commands.`);
  prompt();
  return { closed, close: () => rl.close() };
}
