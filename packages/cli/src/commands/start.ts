/**
 * `cqkit start`: load the config, start the bot, and stop gracefully on SIGINT/SIGTERM or a crash
 * (see run/shutdown.ts: the send queue drains within `stopDeadline`, what is left is printed; a
 * second signal exits at once, saying what it abandons).
 */
import { loadConfig } from '../config/load.js';
import { createRunner } from '../run/cluster-roles.js';
import { processIO } from '../run/process-io.js';
import type { Role } from '../run/roles.js';
import type { RunnerIO } from '../run/runner.js';
import { Shutdown } from '../run/shutdown.js';
import type { PluginWatcher } from '../run/watch.js';
import { endStartUpTuning } from '../util/start-up-tuning.js';

export interface StartOptions {
  configFile?: string | undefined;
  watch?: boolean;
  cwd?: string;
  io?: RunnerIO;
  /** all (default): one process; gateway / worker: one role of a cluster over Redis. */
  role?: Role;
}

export async function runStart(options: StartOptions = {}): Promise<number> {
  const io = options.io ?? processIO();
  const loaded = await loadConfig({ ...(options.cwd !== undefined && { cwd: options.cwd }), ...(options.configFile !== undefined && { configFile: options.configFile }) });
  if (loaded.filepath === undefined) io.stderr.write('cqkit: no config found (cqkit.config.ts, .cqkitrc, package.json "cqkit"); starting with defaults\n');
  const runner = await createRunner({ loaded, io, ...(options.role !== undefined && { role: options.role }) });
  let watcher: PluginWatcher | undefined;
  const shutdown = new Shutdown({ runner, io, exit: (code) => process.exit(code), onStopping: () => watcher?.close() });
  shutdown.install();
  try {
    await runner.start();
    endStartUpTuning();
  } catch (error) {
    shutdown.uninstall();
    await runner.stop().catch(() => undefined);
    throw error;
  }
  if (options.watch) {
    const [{ registerReloadHooks }, { watchLocalPlugins }] = await Promise.all([import('../run/reload-hooks.js'), import('../run/watch.js')]);
    registerReloadHooks();
    watcher = watchLocalPlugins(runner);
  }
  // Leaving the chat (/quit, Ctrl+D) stops the bot like Ctrl+C.
  void runner.sandbox?.chatClosed.then(() => shutdown.stop('chat closed'));
  const code = await shutdown.done;
  shutdown.uninstall();
  return code;
}
