import { definePlugin } from '@cqkit/core';
import * as v from 'valibot';

/**
 * A tiny local plugin: two commands and one middleware.
 *   /hello          greets the sender
 *   /roll [sides]   rolls a die
 * The middleware answers a bare "hi" without any command prefix.
 */
export default definePlugin({
  name: 'greeter',
  schema: v.object({
    greeting: v.optional(v.string(), 'Hello'),
    sides: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(2)), 6),
  }),
  apply(ctx, config) {
    ctx.command('hello', 'say hello').action(({ session }) => `${config.greeting}, ${String(session.sender?.nickname ?? 'friend')}!`);

    ctx.command('roll [sides:integer]', 'roll a die').action(({ args }) => {
      const sides = typeof args.sides === 'number' && args.sides >= 2 ? args.sides : config.sides;
      return `🎲 ${1 + Math.floor(Math.random() * sides)} (d${sides})`;
    });

    ctx.middleware(async (session, next) => {
      if (session.isMessage && session.plainText.trim().toLowerCase() === 'hi') {
        await session.send(`${config.greeting}! Try /hello, /roll 20, /echo something or /help.`);
        return;
      }
      await next();
    });
  },
});
