/**
 * The cqkit bot of the bench: createApp + httpAdapter + an echo plugin, logging silent, rate limits
 * off (the bench measures the framework's own cost, not the throttle). Runs the same from the
 * sources under tsx and compiled on plain node.
 * BENCH_PLUGINS (comma-separated package names) loads more plugins, e.g. every official one for the
 * start-up row.
 */
import { httpAdapter } from '@cqkit/adapter-http';
import { createApp, type Plugin } from '@cqkit/core';
import { readBotEnv } from './bot-env.js';
import { benchEcho } from './echo-plugin.js';

const env = readBotEnv();
const app = createApp({
  logLevel: 'silent',
  scheduler: { global: false, perGroup: false, perUser: false, perDiscuss: false, concurrency: 64, maxQueue: 100_000 },
});
app.plugin(benchEcho);

for (const name of (process.env.BENCH_PLUGINS ?? '').split(',').filter(Boolean)) {
  const module = (await import(name)) as { default?: Plugin; plugin?: Plugin };
  const plugin = module.default ?? module.plugin;
  if (!plugin) throw new Error(`bench bot: ${name} exports no plugin (default or "plugin")`);
  app.plugin(plugin);
}

app.adapter(
  httpAdapter({
    bots: [{ selfId: env.selfId, endpoint: env.apiUrl }],
    receiver: { host: '127.0.0.1', port: env.port, path: '/', quickWindow: env.quickWindow },
  }),
);
await app.start();

const stop = () => {
  app.stop({ deadline: 1000 }).finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
