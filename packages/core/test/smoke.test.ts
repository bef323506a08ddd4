import { expect, it } from 'vitest';
import { sentMessages, setup } from './helpers.js';

it('echo command end to end', async () => {
  const { app, memory } = await setup();
  app.command('echo <text:text>', 'repeat').action(({ args }) => String(args.text));
  await memory.receive(memory.privateMessage(5, '/echo hello world'));
  expect(sentMessages(memory)).toEqual(['hello world']);
  const report = await app.stop({ deadline: 100 });
  expect(report.left).toBe(0);
});
