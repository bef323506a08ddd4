/**
 * --watch: reload a local plugin when a source file next to it changes. The plugin's directory is
 * watched (not the file: editors that save by rename would end a file watch), and a burst of
 * change events (save = several writes) becomes one reload.
 */
import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { BotRunner, LoadedPlugin } from './runner.js';

const sourceFile = /\.(c|m)?(t|j)sx?$/;

export interface PluginWatcher {
  close(): void;
}

export function watchLocalPlugins(runner: BotRunner, options: { debounce?: number } = {}): PluginWatcher {
  const debounce = options.debounce ?? 80;
  const byDir = new Map<string, LoadedPlugin[]>();
  for (const entry of runner.plugins) {
    if (!entry.resolved.local) continue;
    const dir = dirname(entry.resolved.file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), entry]);
  }
  const watchers: FSWatcher[] = [];
  const timers = new Set<NodeJS.Timeout>();
  for (const [dir, entries] of byDir) {
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(dir, (_event, filename) => {
      if (filename && !sourceFile.test(basename(filename))) return;
      if (timer) {
        clearTimeout(timer);
        timers.delete(timer);
      }
      timer = setTimeout(() => {
        if (timer) timers.delete(timer);
        timer = undefined;
        for (const entry of entries) void runner.reload(entry);
      }, debounce);
      timers.add(timer);
    });
    watcher.on('error', (error) => runner.notice(`stopped watching ${dir}: ${error.message}`));
    watchers.push(watcher);
  }
  if (watchers.length > 0) runner.notice(`watching ${[...byDir.keys()].join(', ')} for plugin changes`);
  else runner.notice('--watch: no local plugins to watch (only plugins given by path are reloaded)');
  return {
    close() {
      for (const watcher of watchers) watcher.close();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
