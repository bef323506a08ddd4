/**
 * How `cqkit start` ends. The first SIGINT/SIGTERM (or leaving the chat) stops gracefully: the send
 * queues drain within `stopDeadline` and the stop report is printed. A second signal exits at once
 * (code 130), after one line saying what it abandons (and the list, printed synchronously). An
 * uncaught exception (a plugin's plain callback throwing outside ctx) is logged with the plugin it
 * came from when its stack says so, then takes the same drain-and-report path and exits 1.
 *
 * Under `pnpm start` the bot must get one SIGINT per Ctrl+C and end with its own exit code: see the
 * repository's .npmrc (shell-emulator) for why sh must not sit between pnpm and the bot.
 */
import { pathToFileURL } from 'node:url';
import { describeError } from '@cqkit/core';
import type { BotRunner, RunnerIO } from './runner.js';
import { formatAbandoned, formatStopReport } from './stop-report.js';

/** Extra time the crash path gives the stop beyond its deadline before the process is ended anyway. */
const crashGrace = 5000;

export interface ShutdownOptions {
  runner: BotRunner;
  io: RunnerIO;
  /** Ends the process now (process.exit; tests inject). */
  exit(code: number): void;
  /** Called once the graceful stop is done or started (the watcher closes here). */
  onStopping?(): void;
}

export class Shutdown {
  /** Resolves with the exit code once a graceful stop finished. */
  readonly done: Promise<number>;
  private finish!: (code: number) => void;
  private stopping: Promise<number> | undefined;
  private crashed = false;
  private readonly onSignal = (signal: NodeJS.Signals) => this.signal(signal);
  private readonly onCrash = (error: unknown) => this.crash(error);
  private readonly onRejection = (reason: unknown) => {
    // A plugin's forgotten promise must not take the bot down (Node ends the process by default).
    this.options.runner.logger.error(
      { err: reason, ...this.pluginOf(reason) },
      `unhandled promise rejection (the bot keeps running): ${describeError(reason)}`,
    );
  };

  constructor(private readonly options: ShutdownOptions) {
    this.done = new Promise<number>((resolve) => {
      this.finish = resolve;
    });
  }

  install(): void {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
    process.on('uncaughtException', this.onCrash);
    process.on('unhandledRejection', this.onRejection);
  }

  uninstall(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.off('uncaughtException', this.onCrash);
    process.off('unhandledRejection', this.onRejection);
  }

  /** The graceful stop; a second call returns the first one's promise. */
  stop(reason: string): Promise<number> {
    if (this.stopping) return this.stopping;
    const { runner, io } = this.options;
    io.stderr.write(`\ncqkit: ${reason}, stopping (the send queue gets up to ${runner.stopDeadline} ms; press Ctrl+C again to quit at once)\n`);
    this.options.onStopping?.();
    this.stopping = runner.stop().then(
      (report) => {
        // The runner words its report (a gateway adds what it handed back to the stream).
        const { text, code } = runner.describeStop(report);
        io.stderr.write(text);
        return this.crashed || code !== 0 || report.inFlight > 0 ? 1 : 0;
      },
      (error: unknown) => {
        io.stderr.write(`cqkit: stop failed: ${(error as Error).message}\n`);
        return 1;
      },
    );
    void this.stopping.then((code) => this.finish(code));
    return this.stopping;
  }

  private signal(signal: NodeJS.Signals): void {
    if (!this.stopping) {
      void this.stop(signal);
      return;
    }
    this.abandon(`second ${signal}, exiting without waiting`, 130);
  }

  private crash(error: unknown): void {
    const { runner } = this.options;
    const { plugin } = this.pluginOf(error);
    const message = describeError(error);
    runner.logger.fatal(
      { err: error, ...(plugin !== undefined && { plugin }) },
      `uncaught exception${plugin !== undefined ? ` from plugin "${plugin}"` : ''} (outside any ctx handler): ${message}`,
    );
    if (this.stopping) {
      this.abandon('uncaught exception while stopping, exiting without waiting', 1);
      return;
    }
    this.crashed = true;
    // The stop is bounded by its deadline; this only guards against a stop that itself hangs.
    setTimeout(() => this.abandon('the stop after the crash did not finish in time, exiting', 1), runner.stopDeadline + crashGrace).unref();
    void this.stop('uncaught exception');
  }

  /** Exit now, after saying (synchronously) what is queued and in flight. */
  private abandon(why: string, code: number): void {
    const { io, runner } = this.options;
    io.stderr.write(`cqkit: ${why}; ${formatAbandoned(runner.app.pendingCalls())}`);
    this.options.exit(code);
  }

  /** The plugin whose file is in the error's stack (the first such frame), if any. */
  private pluginOf(error: unknown): { plugin?: string } {
    const stack = error instanceof Error ? (error.stack ?? '') : '';
    if (stack === '') return {};
    let best: { at: number; name: string } | undefined;
    for (const loaded of this.options.runner.plugins) {
      const { file, packageName } = loaded.resolved;
      const marks = packageName !== undefined ? [`/node_modules/${packageName}/`] : [file, pathToFileURL(file).href];
      for (const mark of marks) {
        const at = stack.indexOf(mark);
        if (at !== -1 && (best === undefined || at < best.at)) best = { at, name: loaded.plugin.name };
      }
    }
    return best ? { plugin: best.name } : {};
  }
}
