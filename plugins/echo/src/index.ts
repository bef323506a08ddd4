/**
 * echo: `/echo <text>` says the text back in the same chat. Kept to the bare command (no config, no
 * I/O of its own) because the benchmark measures the framework's hot path with it.
 */
import { definePlugin } from '@cqkit/core';
import { echoLocales } from './locales.js';

export { type EchoMessages, echoLocales } from './locales.js';

export const echo = definePlugin({
  name: 'echo',
  apply(ctx) {
    for (const [locale, messages] of Object.entries(echoLocales)) ctx.i18n.define(locale, messages);
    // The text is the rest of the message as a CQ-code string, so images and faces come back too.
    ctx.command('echo <text:text>', 'say the text back').action(({ args }) => args.text);
  },
});

export default echo;
