/**
 * A chat in the terminal: a person types as a simulated user and sees what the bot answers and does,
 * and what people say in the web chat (both show the sandbox's one transcript, `sandbox.chatFeed`).
 * Streams are injectable (tests drive it through PassThrough streams; the CLI passes stdin/stdout).
 *
 * Given a terminal (an output stream with `isTTY`), Node's readline edits the line: arrow keys,
 * history (up/down), Ctrl+A/E, Ctrl+L clears the screen; a line printed while the person types
 * appears above the prompt, which is drawn again with what was typed so far.
 *
 *   /user 2002     speak as user 2002        /group 3001   talk in group 3001
 *   /private       talk privately to the bot /discuss 4001 talk in discuss 4001
 *   /poke          poke the bot              /help /quit
 */
import { clearScreenDown, createInterface, cursorTo, type Interface, moveCursor } from 'node:readline';
import type { Segment } from '@cqkit/protocol';
import type { Sandbox } from './sandbox.js';
import type { ChatEntry, ChatPlace } from './web-chat/items.js';

export interface TerminalChatOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Starting identity; default the first friend, else the first person who is not the account. */
  user?: number;
  /** Starting group; default the first group the account is in (or private when there is none). */
  group?: number;
  /** Line editing and history through readline; default: when the output is a terminal (isTTY). */
  terminal?: boolean;
  /** Print the prompt without a terminal too; default false (in a pipe prompts only add noise). */
  prompt?: boolean;
  /** Lines kept in the history; default 500. */
  historySize?: number;
  /**
   * Ctrl+C in a terminal (which readline reads as a key, not a signal): default, the process gets
   * SIGINT as if the terminal had sent it, so its own stop handling runs.
   */
  onInterrupt?: () => void;
}

export interface TerminalChat {
  /** Resolves when the chat ends (/quit, Ctrl+D or end of input). */
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
  '  /quit            leave (Ctrl+D too)',
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

const placeLabel = (place: ChatPlace) => `${place.type} ${place.id}`;

/** One terminal line for a transcript entry; undefined for the person's own messages (already on screen). */
export function entryLine(sandbox: Sandbox, entry: ChatEntry, own: ReadonlySet<number>): string | undefined {
  const item = entry.item;
  switch (item.kind) {
    case 'user':
      if (own.has(item.message_id)) return undefined;
      return `[${placeLabel(item.place)}] ${item.sender}${item.anonymous ? '' : ` (${item.user_id})`}: ${renderSegments(sandbox, item.segments)}  (#${item.message_id})`;
    case 'bot':
      return `[${placeLabel(item.place)}] ${item.sender}: ${renderSegments(sandbox, item.segments)}  (#${item.message_id})`;
    case 'action':
      return `* ${item.text}`;
    case 'notice':
      return `~ ${item.place ? `[${placeLabel(item.place)}] ` : ''}${item.text}`;
  }
}

export function startTerminalChat(sandbox: Sandbox, options: TerminalChatOptions): TerminalChat {
  const { world } = sandbox;
  const output = options.output;
  const terminal = options.terminal ?? (output as { isTTY?: boolean }).isTTY === true;
  let user = options.user ?? world.data.friends[0]?.user_id ?? world.data.people.find((p) => p.user_id !== world.selfId)?.user_id ?? 10000;
  const firstGroup = options.group ?? world.data.groups[0]?.group_id;
  let place: Place = firstGroup === undefined ? { kind: 'private' } : { kind: 'group', id: firstGroup };
  /** Messages typed here: shown as "(sent as #id)", not again when the transcript has them. */
  const own = new Set<number>();

  const promptText = () => `[${world.nickname(user)}@${place.kind === 'private' ? 'private' : `${place.kind} ${place.id}`}]> `;
  const rl: Interface = createInterface({
    input: options.input,
    output,
    terminal,
    historySize: options.historySize ?? 500,
    prompt: promptText(),
  });
  const showPrompt = terminal || options.prompt === true;
  let open = true;
  const prompt = () => {
    rl.setPrompt(promptText());
    if (showPrompt && open) rl.prompt();
  };

  /** A line of the conversation. In a terminal it goes above the prompt, which is drawn again with the typed text. */
  const print = (line: string) => {
    if (!terminal || !open) {
      output.write(`${line}\n`);
      return;
    }
    // Clear the prompt's rows, print, keep as many blank rows as the typed text needs (readline
    // moves up that many when it redraws), then let readline redraw prompt, text and cursor.
    const { rows } = rl.getCursorPos();
    moveCursor(output, 0, -rows);
    cursorTo(output, 0);
    clearScreenDown(output);
    output.write(`${line}\n${'\n'.repeat(rows)}`);
    rl.prompt(true);
  };
  /** A reply to what the person typed: the prompt follows anyway. */
  const out = (line: string) => output.write(`${line}\n`);

  const offFeed = sandbox.chatFeed.subscribe((entry) => {
    const line = entryLine(sandbox, entry, own);
    if (line !== undefined) print(line);
  });

  const say = (message: string) => {
    try {
      const id = sandbox.say({
        user,
        message,
        ...(place.kind === 'group' ? { group: place.id } : {}),
        ...(place.kind === 'discuss' ? { discuss: place.id } : {}),
      });
      own.add(id);
      out(`  (sent as #${id})`);
    } catch (error) {
      out(`! ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const run = (line: string): boolean => {
    const trimmed = line.trim();
    if (trimmed === '') return true;
    if (!trimmed.startsWith('/')) {
      say(line);
      return true;
    }
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
        // The poke shows as a transcript line (~ ...) once delivered, like one from the web chat.
        try {
          sandbox.poke({ user, ...(place.kind === 'group' ? { group: place.id } : {}) });
        } catch (error) {
          out(`! ${error instanceof Error ? error.message : String(error)}`);
        }
        return true;
      default:
        // Not a chat command: a bot command such as /echo, said as the current user.
        say(line);
        return true;
    }
  };

  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  rl.on('line', (line) => {
    if (!run(line)) rl.close();
    else prompt();
  });
  // Only in a terminal: readline reads Ctrl+C as a key there.
  rl.on('SIGINT', () => {
    if (options.onInterrupt) options.onInterrupt();
    else process.kill(process.pid, 'SIGINT');
  });
  rl.on('close', () => {
    open = false;
    offFeed();
    resolveClosed();
  });
  out(`cqkit sandbox chat. You are ${world.nickname(user)} (${user}). /help for commands.`);
  prompt();
  return { closed, close: () => rl.close() };
}
