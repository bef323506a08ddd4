/**
 * The cqkit bot of the bench: createApp + the official echo plugin (`/echo <text>`) + the adapter of
 * BENCH_TRANSPORT (httpAdapter, or wsAdapter / wsReverseAdapter), logging silent, rate limits off
 * (the bench measures the framework's own cost, not the throttle). Runs the same from the sources
 * under tsx and compiled on plain node.
 * BENCH_PLUGINS (comma-separated module specifiers) loads more plugins, e.g. every official one for
 * the start-up row.
 */
import { type Adapter, createApp, type Plugin } from '@cqkit/core';
import echo from '@cqkit/plugin-echo';
import { readBotEnv } from './bot-env.js';

const env = readBotEnv();
const app = createApp({
  logLevel: 'silent',
  scheduler: { global: false, perGroup: false, perUser: false, perDiscuss: false, concurrency: 64, maxQueue: 100_000 },
});
app.plugin(echo);

for (const name of (process.env.BENCH_PLUGINS ?? '').split(',').filter(Boolean)) {
  const module = (await import(name)) as { default?: Plugin; plugin?: Plugin };
  const plugin = module.default ?? module.plugin;
  if (!plugin) throw new Error(`bench bot: ${name} exports no plugin (default or "plugin")`);
  if (plugin.name !== echo.name) app.plugin(plugin);
}

/** Only the adapter in use is imported, as in a real bot (the other one's code and memory stay out). */
async function adapterFor(): Promise<Adapter> {
  if (env.transport === 'ws') {
    const { wsAdapter } = await import('@cqkit/adapter-ws');
    return wsAdapter({ bots: [{ url: env.wsUrl, selfId: env.selfId }] });
  }
  if (env.transport === 'ws-reverse') {
    const { wsReverseAdapter } = await import('@cqkit/adapter-ws');
    return wsReverseAdapter({ host: '127.0.0.1', port: env.port, path: '/' });
  }
  const { httpAdapter } = await import('@cqkit/adapter-http');
  return httpAdapter({
    bots: [{ selfId: env.selfId, endpoint: env.apiUrl }],
    receiver: { host: '127.0.0.1', port: env.port, path: '/', quickWindow: env.quickWindow },
  });
}

app.adapter(await adapterFor());
await app.start();

const stop = () => {
  app.stop({ deadline: 1000 }).finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
