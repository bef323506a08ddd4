/**
 * The sandbox's terminal chat keeps every "/..." line for its own commands (/user, /group, /quit…),
 * so "/echo hi" would never reach a bot whose prefix is "/". This sits in front of the chat's input:
 * its own commands go to it, "/help" goes to it and to the bot, and any other "/..." line is said
 * to the bot as the chat's current user in the chat's current place (mirrored here from the same
 * commands, with the same checks).
 */
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import type { Sandbox } from '@cqkit/sandbox';

const chatCommands = new Set(['/quit', '/exit', '/who', '/user', '/group', '/discuss', '/private', '/poke']);

type Place = { kind: 'private' } | { kind: 'group'; id: number } | { kind: 'discuss'; id: number };

export interface ChatStart {
  user: number;
  /** Undefined: a private chat. */
  group: number | undefined;
}

/** The chat's default identity and place: the first friend, the first group. */
export function chatStart(sandbox: Sandbox): ChatStart {
  const { world } = sandbox;
  const user = world.data.friends[0]?.user_id ?? world.data.people.find((p) => p.user_id !== world.selfId)?.user_id ?? 10000;
  return { user, group: world.data.groups[0]?.group_id };
}

export interface ChatInput {
  /** What the chat reads. */
  readonly stream: NodeJS.ReadableStream;
  /** Stops reading the real input (so it no longer keeps the process alive). */
  close(): void;
}

export function chatInput(sandbox: Sandbox, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, start: ChatStart): ChatInput {
  const toChat = new PassThrough();
  let user = start.user;
  let place: Place = start.group === undefined ? { kind: 'private' } : { kind: 'group', id: start.group };
  const sayToBot = (text: string) => {
    try {
      const id = sandbox.say({
        user,
        message: text,
        ...(place.kind === 'group' ? { group: place.id } : {}),
        ...(place.kind === 'discuss' ? { discuss: place.id } : {}),
      });
      output.write(`  (sent as #${id})\n`);
    } catch (error) {
      output.write(`! ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };
  const lines = createInterface({ input, terminal: false });
  lines.on('line', (line) => {
    const trimmed = line.trim();
    if (!trimmed.startsWith('/')) {
      toChat.write(`${line}\n`);
      return;
    }
    const [command = '', arg] = trimmed.split(/\s+/, 2);
    const n = Number(arg);
    if (command === '/help') {
      toChat.write(`${line}\n`);
      sayToBot(trimmed);
    } else if (!chatCommands.has(command)) {
      sayToBot(trimmed);
    } else {
      if (command === '/user' && Number.isSafeInteger(n) && n > 0) user = n;
      if (command === '/group' && Number.isSafeInteger(n) && sandbox.world.group(n)) place = { kind: 'group', id: n };
      if (command === '/discuss' && Number.isSafeInteger(n) && sandbox.world.discuss(n)) place = { kind: 'discuss', id: n };
      if (command === '/private') place = { kind: 'private' };
      toChat.write(`${line}\n`);
    }
  });
  lines.on('close', () => toChat.end());
  return { stream: toChat, close: () => lines.close() };
}
