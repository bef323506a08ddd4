import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp, definePlugin, memoryAdapter } from '../src/index.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('logging', () => {
  it('logs plugin errors with the plugin name and the event, through a child logger per plugin', async () => {
    const { logger, lines } = capture();
    const app = createApp({ logger, scheduler: { global: false } });
    const memory = memoryAdapter();
    app.adapter(memory);
    await app.start();
    app.plugin(
      definePlugin({
        name: 'noisy',
        apply(ctx) {
          ctx.logger.info('hello from noisy');
          ctx.on('message/private', () => {
            throw new Error('kaboom');
          });
        },
      }),
    );
    await memory.receive(memory.privateMessage(1, 'x'));
    const info = lines.find((l) => l.msg === 'hello from noisy');
    expect(info).toMatchObject({ plugin: 'noisy', level: 30 });
    const error = lines.find((l) => l.level === 50);
    expect(error).toMatchObject({ plugin: 'noisy', event: 'message/private', selfId: 10001 });
    expect(String(error?.msg)).toContain('kaboom');
    expect(error?.err).toMatchObject({ message: 'kaboom' });
    await app.bot.sendGroupMsg({ group_id: 5, message: 'x' });
    await app.stop({ deadline: 10 });
    expect(lines.find((l) => l.msg === 'send queue metrics')).toMatchObject({ bot: 10001, sent: 1, failed: 0, targets: { 'group:5': { sent: 1 } } });
  });

  it('a level option or silent mode needs no logger', async () => {
    const app = createApp({ logLevel: 'silent' });
    expect(app.logger.level).toBe('silent');
    expect(createApp({ logLevel: 'warn' }).logger.level).toBe('warn');
    const adapterLogs = capture();
    const withAdapter = createApp({ logger: adapterLogs.logger });
    withAdapter.adapter({
      name: 'probe',
      async start(host) {
        host.logger.info('adapter up');
      },
      async stop() {},
    });
    await withAdapter.start();
    expect(adapterLogs.lines.find((l) => l.msg === 'adapter up')).toMatchObject({ adapter: 'probe' });
    await withAdapter.stop();
  });
});
