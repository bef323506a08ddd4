// The web chat in a real browser: Debian's Chromium (/usr/bin/chromium, never a downloaded one)
// driven by playwright-core. A bot answers over HTTP POST; the terminal chat talks first, then the
// page opens, shows that conversation, sends as a chosen user, switches to a private chat, pokes,
// and keeps a screenshot in test/artifacts/ (CQKIT_UPDATE_SCREENSHOTS=1 also refreshes docs/web-chat.png).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type Sandbox, startTerminalChat, type TerminalChat } from '../src/index.js';
import { type Receiver, rawRequest, startReceiver, startSandbox } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.log(`web chat browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const readmeShot = fileURLToPath(new URL('../docs/web-chat.png', import.meta.url));

describe.skipIf(!hasChromium)('web chat in Chromium', () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  let chat: TerminalChat;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const terminal = new PassThrough();

  beforeAll(async () => {
    // The bot: "ping" -> "pong" (quick reply), "face" -> a face and a picture, a poke -> a private message through the API.
    receiver = await startReceiver((post) => {
      const e = post.event;
      if (e.post_type === 'notice' && e.sub_type === 'poke') {
        void rawRequest(`${sandbox.url}/send_private_msg`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ user_id: e.user_id, message: '别戳了 [CQ:face,id=5]' }),
        });
        return undefined;
      }
      if (e.post_type !== 'message') return undefined;
      if (e.raw_message === 'ping') return { status: 200, body: JSON.stringify({ reply: 'pong', at_sender: false }) };
      if (e.raw_message === 'face') return { status: 200, body: JSON.stringify({ reply: '[CQ:face,id=14] [CQ:image,file=6B4DE3DFD1BD271E3297859D41C530F5.jpg]', at_sender: false }) };
      return undefined;
    });
    sandbox = await startSandbox({ postUrl: receiver.url, clock: new ManualClock(Date.UTC(2026, 0, 5, 6, 30, 0)) });
    // Before the page is open, someone talks in the terminal chat.
    chat = startTerminalChat(sandbox, { input: terminal, output: new PassThrough(), user: 2002, group: 3001 });
    terminal.write('ping from the terminal\n');
    terminal.write('ping\n');
    await sandbox.nextBotMessage({ timeout: 5000 });
    await sandbox.settled();

    profile = mkdtempSync(join(tmpdir(), 'cqkit-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1100, height: 720 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 60_000);

  afterAll(async () => {
    chat?.close();
    await context?.close();
    await sandbox?.stop();
    await receiver?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const items = () => page.locator('#transcript .item');
  const send = async (text: string) => {
    await page.fill('#text', text);
    await page.click('#composer button[type=submit]');
  };

  it('opens with the conversation so far, including what was said in the terminal', { timeout: 60_000 }, async () => {
    await page.goto(`${sandbox.url}/_sandbox/chat`);
    await page.waitForSelector('.conn.live');
    await expect.poll(() => items().count()).toBeGreaterThanOrEqual(5);
    const texts = await items().locator('.body').allTextContents();
    expect(texts.slice(0, 5)).toEqual(['hello everyone', 'look: ', 'ping from the terminal', 'ping', 'pong']);
    // The world's image is a picture, not a tag.
    expect(await items().nth(1).locator('img.image').count()).toBe(1);
  });

  it('lists each person once in "speak as", with the role as QQ shows it', { timeout: 30_000 }, async () => {
    await page.selectOption('#place', 'group:3001');
    const labels = await page.locator('#user option').allTextContents();
    expect(labels).toContain('Alice (2001) · 管理员');
    expect(labels).toContain('Eve (2005) · 禁言中');
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.filter((l) => l.includes('(2001)'))).toHaveLength(1);
  });

  it('sends as the chosen user and shows the bot reply, with faces and images as pictures', { timeout: 30_000 }, async () => {
    await page.selectOption('#user', '2003');
    const before = await items().count();
    await send('ping');
    await expect.poll(() => page.locator('.item.bot .body').last().textContent()).toBe('pong');
    const mine = items().nth(before);
    expect(await mine.locator('.who').textContent()).toBe('Carol (2003)');
    expect(await mine.getAttribute('data-place')).toBe('group:3001');
    await send('face');
    const reply = page.locator('.item.bot').last();
    await expect.poll(() => reply.locator('img').count()).toBe(2);
    const face = reply.locator('img.face');
    expect(await face.getAttribute('alt')).toBe('/微笑');
    // The pictures really decoded (a broken image has no natural width).
    // (The callback runs in the page; typed structurally, as the test compiles without the DOM library.)
    const naturalWidth = (img: unknown) => (img as { naturalWidth: number }).naturalWidth;
    expect(await face.evaluate(naturalWidth)).toBeGreaterThan(0);
    expect(await reply.locator('img.image').evaluate(naturalWidth)).toBeGreaterThan(0);
  });

  it('switches to a private chat, talks there, and pokes the bot', { timeout: 30_000 }, async () => {
    await page.selectOption('#place', 'private');
    await page.selectOption('#user', '2001');
    await page.check('#only');
    await send('ping');
    const privateReply = page.locator('.item.bot[data-place="private:2001"]');
    await expect.poll(() => privateReply.count()).toBeGreaterThanOrEqual(1);
    expect(await privateReply.last().locator('.body').textContent()).toBe('pong');
    // Only this chat: the group's messages are hidden.
    expect(await page.locator('.item[data-place="group:3001"]:visible').count()).toBe(0);
    await page.click('#poke');
    await expect.poll(() => page.locator('.item.notice:visible').last().textContent()).toContain('Alice (2001) poked the bot');
    await expect.poll(() => privateReply.last().locator('.body').textContent()).toContain('别戳了');
    expect(await privateReply.last().locator('img.face').getAttribute('alt')).toBe('/流泪');
  });

  it('keeps a screenshot as an artifact', { timeout: 30_000 }, async () => {
    await page.uncheck('#only');
    await page.selectOption('#place', 'group:3001');
    await page.selectOption('#user', '2001');
    mkdirSync(artifacts, { recursive: true });
    const shot = join(artifacts, 'web-chat.png');
    await page.screenshot({ path: shot });
    expect(existsSync(shot)).toBe(true);
    if (process.env.CQKIT_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(join(readmeShot, '..'), { recursive: true });
      copyFileSync(shot, readmeShot);
    }
  });
});
