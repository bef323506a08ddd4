/** `cqkit plugin search [words]` and `cqkit plugin add NAME`. */
import { runPluginAdd } from './plugin-add.js';
import { UsageError } from '../util/usage-error.js';
import { type PluginCommandIO, runPluginSearch } from './plugin-search.js';

export async function runPluginCommand(action: string, words: readonly string[], io: PluginCommandIO): Promise<number> {
  if (action === 'search') return runPluginSearch(words, io);
  if (action === 'add') {
    if (words.length !== 1) throw new UsageError('cqkit plugin add: give one package name (usage: cqkit plugin add NAME)');
    return runPluginAdd(words[0]!, io);
  }
  throw new UsageError(`cqkit plugin: expected "search" or "add", got ${JSON.stringify(action)} (usage: cqkit plugin search [words], cqkit plugin add NAME)`);
}
