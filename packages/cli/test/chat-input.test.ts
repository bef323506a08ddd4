/** The layer in front of the sandbox chat: which lines go to the chat, which are said to the bot. */
import { PassThrough } from 'node:stream';
import type { CQEvent } from '@cqkit/protocol';
import { createSandbox } from '@cqkit/sandbox';
import { describe, expect, it } from 'vitest';
import { chatInput, chatStart } from '../src/run/chat-input.js';

function collect(stream: NodeJS.ReadableStream): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer | string) => {
    text += chunk.toString();
  });
  return () => text;
}

describe('chat input', () => {
  it('says unknown slash commands to the bot where the chat is, and forwards the rest', async () => {
    const sandbox = createSandbox({ port: 0 });
    const said: CQEvent[] = [];
    sandbox.events.observe((event) => {
      if (event.post_type === 'message') said.push(event);
    });
    const start = chatStart(sandbox);
    expect(start.group).toBeDefined();
    const input = new PassThrough();
    const output = new PassThrough();
    const shown = collect(output);
    const chat = chatInput(sandbox, input, output, start);
    const forwarded = collect(chat.stream);
    const group = sandbox.world.data.groups[1]!;
    const otherGroup = group.group_id;
    // A member of that group who is not the account and not the starting user.
    const otherUser = group.members.find((m) => m.user_id !== sandbox.world.selfId && m.user_id !== start.user)!.user_id;
    input.write(`/echo one\nhello\n/group ${otherGroup}\n/user ${otherUser}\n/roll 6\n/group 999999\n/private\n/help\n/quit\n`);
    input.end();
    await new Promise<void>((resolve) => chat.stream.on('end', () => resolve()));
    await sandbox.events.idle();

    expect(forwarded()).toBe(`hello\n/group ${otherGroup}\n/user ${otherUser}\n/group 999999\n/private\n/help\n/quit\n`);
    const messages = said.map((e) => e as CQEvent & { raw_message: string; user_id: number; group_id?: number; message_type: string });
    expect(messages.map((m) => [m.raw_message, m.message_type, m.user_id, m.group_id])).toEqual([
      ['/echo one', 'group', start.user, start.group],
      ['/roll 6', 'group', otherUser, otherGroup],
      ['/help', 'private', otherUser, undefined],
    ]);
    expect(shown()).toMatch(/^ {2}\(sent as #\d+\)\n {2}\(sent as #\d+\)\n {2}\(sent as #\d+\)\n$/);
    chat.close();
  });
});
