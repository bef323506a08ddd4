import { defineConfig } from '@cqkit/cli';

// No `bots`: `pnpm start` runs the embedded sandbox and opens a chat in this terminal.
// To serve a real account, add e.g. bots: [{ endpoint: 'http://127.0.0.1:5700' }] and
// receiver: { port: 8080 } (the server's post_url).
export default defineConfig({
  prefix: '/',
  plugins: {
    './src/greeter.ts': { greeting: 'Hello', sides: 6 },
  },
  stopDeadline: 5000,
});
