/**
 * `cqkit start`: load the config, start the bot, and stop gracefully on SIGINT/SIGTERM (the send
 * queue drains within `stopDeadline`, what is left is printed). A second signal exits at once.
 */
import { loadConfig } from '../config/load.js';
import { BotRunner, type RunnerIO } from '../run/runner.js';
import { formatStopReport } from '../run/stop-report.js';
import { describeError } from '@cqkit/core';
import { endStartUpTuning } from '../util/start-up-tuning.js';
import type { PluginWatcher } from '../run/watch.js';

export interface StartOptions {
  configFile?: string | undefined;
  watch?: boolean;
  cwd?: string;
  io?: RunnerIO;
}

export async function runStart(options: StartOptions = {}): Promise<number> {
  const io = options.io ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const loaded = await loadConfig({ ...(options.cwd !== undefined && { cwd: options.cwd }), ...(options.configFile !== undefined && { configFile: options.configFile }) });
  if (loaded.filepath === undefined) io.stderr.write('cqkit: no config found (cqkit.config.ts, .cqkitrc, package.json "cqkit"); starting with defaults\n');
  const runner = new BotRunner({ loaded, io });
  let stopping: Promise<number> | undefined;
  let finished: (code: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    finished = resolve;
  });
  const stop = (reason: string): Promise<number> => {
    if (stopping) return stopping;
    io.stderr.write(`\ncqkit: ${reason}, stopping (the send queue gets up to ${runner.stopDeadline} ms; press Ctrl+C again to quit at once)\n`);
    watcher?.close();
    stopping = runner.stop().then(
      (report) => {
        io.stderr.write(formatStopReport(report, runner.stopDeadline));
        return report.left === 0 ? 0 : 1;
      },
      (error: unknown) => {
        io.stderr.write(`cqkit: stop failed: ${(error as Error).message}\n`);
        return 1;
      },
    );
    void stopping.then(finished);
    return stopping;
  };
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      io.stderr.write(`cqkit: second ${signal}, exiting without waiting\n`);
      process.exit(130);
    }
    signalled = true;
    void stop(signal);
  };
  // A plugin's forgotten promise must not take the bot down (Node ends the process by default).
  const onRejection = (reason: unknown) => {
    runner.logger.error({ err: reason }, `unhandled promise rejection (the bot keeps running): ${describeError(reason)}`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('unhandledRejection', onRejection);
  let watcher: PluginWatcher | undefined;
  try {
    await runner.start();
    endStartUpTuning();
  } catch (error) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('unhandledRejection', onRejection);
    await runner.stop().catch(() => undefined);
    throw error;
  }
  if (options.watch) {
    const [{ registerReloadHooks }, { watchLocalPlugins }] = await Promise.all([import('../run/reload-hooks.js'), import('../run/watch.js')]);
    registerReloadHooks();
    watcher = watchLocalPlugins(runner);
  }
  // Leaving the chat (/quit, Ctrl+D) stops the bot like Ctrl+C.
  void runner.sandbox?.chatClosed.then(() => stop('chat closed'));
  const code = await done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('unhandledRejection', onRejection);
  return code;
}
