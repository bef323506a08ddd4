/** Process entry: wire runCli to the real stdio and signals. */
import { runCli } from './main.js';

const running = await runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
if (running) {
  const shutdown = () => {
    running.stop().finally(() => process.exit(process.exitCode ?? 0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  running.done.then(() => process.exit(process.exitCode ?? 0));
}
