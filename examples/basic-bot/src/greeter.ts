import { definePlugin } from '@cqkit/core';
import { z } from 'zod';

/**
 * A tiny local plugin: three commands and one middleware.
 *   /hello          greets the sender
 *   /roll [sides]   rolls a die
 *   /echo <text>    says the text back
 * The middleware answers a bare "hi" without any command prefix.
 */
export default definePlugin({
  name: 'greeter',
  schema: z.object({
    greeting: z.string().default('Hello'),
    sides: z.number().int().min(2).default(6),
  }),
  apply(ctx, config) {
    ctx.command('hello', 'say hello').action(({ session }) => `${config.greeting}, ${String(session.sender?.nickname ?? 'friend')}!`);

    ctx.command('roll [sides:integer]', 'roll a die').action(({ args }) => {
      const sides = typeof args.sides === 'number' && args.sides >= 2 ? args.sides : config.sides;
      return `🎲 ${1 + Math.floor(Math.random() * sides)} (d${sides})`;
    });

    ctx.command('echo <text:text>', 'say the text back').action(({ args }) => String(args.text));

    ctx.middleware(async (session, next) => {
      if (session.isMessage && session.text.trim().toLowerCase() === 'hi') {
        await session.send(`${config.greeting}! Try /hello, /roll or /echo.`);
        return;
      }
      await next();
    });
  },
});
