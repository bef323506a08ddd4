import { defineConfig } from '@cqkit/cli/config';

// No `bots`: `pnpm start` runs the embedded sandbox and opens a chat in this terminal.
// To serve a real account, add e.g. bots: [{ endpoint: 'http://127.0.0.1:5700' }] and
// receiver: { port: 8080 } (the server's post_url).
export default defineConfig({
  prefix: '/',
  plugins: {
    // Official plugins by short name: `help` is @cqkit/plugin-help (else cqkit-plugin-help).
    help: {},
    echo: {},
    ping: { reply: 'pong!' },
    // Data kept across restarts: data/cqkit.db here (SQLite); { url: 'postgres://…' } for a server.
    '@cqkit/store': {},
    // `/remind 10m 喝水`: reminders in the store, sent even after a restart.
    remind: {},
    // A local plugin, by path from this file.
    './src/greeter.ts': { greeting: 'Hello', sides: 6 },
  },
  stopDeadline: 5000,
  // Only for `cqkit start --role gateway|worker` (pnpm start:gateway, pnpm start:worker): where the
  // gateway and the workers meet. `pnpm start` (one process) does not use it.
  cluster: {
    redis: process.env.CQKIT_REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: process.env.CQKIT_CLUSTER_PREFIX ?? 'cqkit-example',
  },
});
