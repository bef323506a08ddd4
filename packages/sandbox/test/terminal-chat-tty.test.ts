// The terminal chat given a terminal: readline's line editing and history, Ctrl+L, Ctrl+C, the
// prompt drawn again under lines that arrive while typing, and one conversation with the web chat.
// First through streams that say they are a TTY, then the real bin under a pseudo-terminal (script).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startTerminalChat, type TerminalChat } from '../src/index.js';
import { type Answer, type Receiver, rawRequest, startReceiver, startSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
let receiver: Receiver | undefined;
let chat: TerminalChat | undefined;
afterEach(async () => {
  chat?.close();
  await sandbox?.stop();
  await receiver?.close();
  sandbox = undefined;
  receiver = undefined;
  chat = undefined;
});

const pong: Answer = (post) => (post.event.post_type === 'message' && post.event.raw_message === 'ping' ? { status: 200, body: '{"reply":"pong","at_sender":false}' } : undefined);

/** Streams that look like a terminal to readline (isTTY, columns), and everything written so far. */
async function openTty(options: { onInterrupt?: () => void } = {}) {
  receiver = await startReceiver(pong);
  sandbox = await startSandbox({ postUrl: receiver.url });
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 80, rows: 24 });
  let screen = '';
  output.on('data', (c: Buffer) => {
    screen += c.toString('utf8');
  });
  chat = startTerminalChat(sandbox, { input, output, ...options });
  const sb = sandbox;
  const said = () =>
    sb.world.data.messages.filter((m) => m.message_id > 100 && m.user_id !== sb.world.selfId).map((m) => m.segments.map((s) => s.data.text ?? '').join(''));
  return {
    sb,
    /** Keys as a terminal sends them while someone types (one key per read); waits for what they caused to settle. */
    keys: async (text: string) => {
      for (const key of text.match(/\x1b\[[0-9;]*[A-Za-z]|[\s\S]/g) ?? []) {
        input.write(key);
        await new Promise<void>((r) => setImmediate(r));
      }
      await sb.settled();
    },
    screen: () => screen,
    mark: () => screen.length,
    said,
  };
}

const ESC = '\x1b';

describe('terminal chat in a terminal', () => {
  it('has history: the up arrow brings back the last line', async () => {
    const t = await openTty();
    await t.keys('ping\r');
    await t.keys(`${ESC}[A\r`);
    expect(t.said()).toEqual(['ping', 'ping']);
    expect(t.screen().match(/cqkit-bot: pong/g)).toHaveLength(2);
  });

  it('edits the line: Ctrl+A / Ctrl+E move to the start and end, arrows move, Backspace deletes', async () => {
    const t = await openTty();
    await t.keys('ing');
    await t.keys('\x01p\x05 me\r');
    await t.keys(`helo${ESC}[Dl${ESC}[C!\r`);
    await t.keys('abcd\x7f\x7f\r');
    expect(t.said()).toEqual(['ping me', 'hello!', 'ab']);
  });

  it('Ctrl+L clears the screen and is not sent', async () => {
    const t = await openTty();
    await t.keys('hal');
    const before = t.mark();
    await t.keys('\x0c');
    const drawn = t.screen().slice(before);
    // cursor home + clear to the end of the screen, then the prompt with what was typed
    expect(drawn).toContain(`${ESC}[1;1H${ESC}[0J`);
    expect(drawn).toContain('[Alice@group 3001]> hal');
    await t.keys('lo\r');
    expect(t.said()).toEqual(['hallo']);
  });

  it('draws the prompt again, with the half-typed text, under a reply that arrives meanwhile', async () => {
    const t = await openTty();
    await t.keys('hel');
    const before = t.mark();
    // Someone else (the web chat) pings the bot while Alice is typing.
    const res = await rawRequest(`${t.sb.url}/_sandbox/say`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 2002, group: 3001, message: 'ping' }),
    });
    expect(res.status).toBe(200);
    await t.sb.settled();
    const drawn = t.screen().slice(before);
    const bob = drawn.indexOf('[group 3001] Bob (2002): ping');
    const reply = drawn.indexOf('[group 3001] cqkit-bot: pong');
    expect(bob).toBeGreaterThanOrEqual(0);
    expect(reply).toBeGreaterThan(bob);
    // Each line replaces the prompt row (cleared first) and the prompt comes back with "hel" after it.
    expect(drawn.lastIndexOf('[Alice@group 3001]> hel')).toBeGreaterThan(reply);
    expect(drawn.slice(0, bob)).toContain(`${ESC}[0J`);
    await t.keys('lo\r');
    expect(t.said()).toEqual(['ping', 'hello']);
  });

  it('Ctrl+C is handed on as an interrupt (the process stops as on SIGINT), Ctrl+D on an empty line leaves', async () => {
    let interrupted = 0;
    const t = await openTty({ onInterrupt: () => interrupted++ });
    await t.keys('\x03');
    expect(interrupted).toBe(1);
    await t.keys('\x04');
    await expect(chat!.closed).resolves.toBeUndefined();
  });

  it('shows the web chat side of the conversation: messages and pokes from the page', async () => {
    const t = await openTty();
    const post = (path: string, body: unknown) =>
      rawRequest(`${t.sb.url}/_sandbox/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    await post('say', { user: 2003, message: 'hi from the browser' });
    await post('notice', { type: 'poke', user: 2002, group: 3001 });
    await t.sb.settled();
    expect(t.screen()).toMatch(/\[private 2003\] Carol \(2003\): hi from the browser {2}\(#\d+\)/);
    expect(t.screen()).toContain('~ [group 3001] Bob (2002) poked the bot');
    // What Alice types here is shown once (as "sent as"), not again from the transcript.
    await t.keys('ping\r');
    expect(t.screen().match(/Alice \(2001\): ping/g)).toBeNull();
    expect(t.screen()).toMatch(/\(sent as #\d+\)/);
  });
});

const root = fileURLToPath(new URL('../', import.meta.url));
const hasScript = existsSync('/usr/bin/script');

describe.skipIf(!hasScript)('terminal chat under a real pseudo-terminal (script -qfc)', () => {
  it('edits, recalls history, clears with Ctrl+L, and stops on Ctrl+C', { timeout: 60_000 }, async () => {
    receiver = await startReceiver(pong);
    const command = `${process.execPath} bin/cqkit-sandbox.js --port 0 --post-url ${receiver.url} --group 3001`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'xterm' } });
    let screen = '';
    const waiters = new Set<() => void>();
    child.stdout.on('data', (c: Buffer) => {
      screen += c.toString('utf8');
      for (const w of waiters) w();
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const waitFor = (pattern: RegExp, from = 0) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(screen.slice(from))) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} on the terminal:\n${screen}`));
        }, 30_000);
        waiters.add(check);
        check();
      });
    try {
      await waitFor(/\[Alice@group 3001\]> /);
      child.stdin.write('pin');
      child.stdin.write('g\r');
      await waitFor(/cqkit-bot: pong/);
      let from = screen.length;
      child.stdin.write(`${ESC}[A\r`);
      await waitFor(/cqkit-bot: pong/, from);
      from = screen.length;
      child.stdin.write('abc\x0c');
      await waitFor(/\x1b\[1;1H\x1b\[0J/, from);
      // Ctrl+C: readline reads it as a key in raw mode; the process stops as on SIGINT.
      child.stdin.write('\x03');
      expect(await exited).toBe(0);
      expect(screen).toContain('cqkit-sandbox: stopped');
      const bot = receiver.posts.filter((p) => p.event.post_type === 'message').map((p) => p.event.raw_message);
      expect(bot).toEqual(['ping', 'ping']);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
