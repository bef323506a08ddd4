/**
 * `cqkit plugin add NAME`: installs a plugin package with the project's package manager and adds it
 * to the config under its short name (`cqkit-plugin-dice` -> `dice: {}`), keeping the config file as
 * it was written; when the config's shape is not a simple `plugins: { ... }`, prints the line to add.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { shortNameOf } from '@cqkit/templates';
import { addPluginEntry, configKey } from '../config/add-plugin-entry.js';
import { searchPlaces } from '../config/load.js';
import { candidateNames, isPathSpec } from '../plugins/resolve.js';
import { packageExists, registryUrl } from '../registry/npm-registry.js';
import { addCommand, detectPackageManager, projectRoot } from '../registry/package-manager.js';
import type { PluginCommandIO } from './plugin-search.js';

/** The plugin could not be added; the message says what to do. */
export class PluginAddError extends Error {
  static readonly code = 'CQKIT_PLUGIN_ADD';
  readonly code = PluginAddError.code;
  override readonly name = 'PluginAddError';
}

const npmName = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** The package to install: the name as written when the registry has it, else the plugin names it stands for. */
async function packageFor(spec: string, registry: string): Promise<string> {
  if (isPathSpec(spec) || !npmName.test(spec)) {
    throw new PluginAddError(`cqkit plugin add: "${spec}" is not a package name (e.g. cqkit-plugin-dice, dice or @me/dice)`);
  }
  const tried = [...new Set([...candidateNames(spec), spec])];
  for (const name of tried) if (await packageExists(registry, name)) return name;
  throw new PluginAddError(`cqkit plugin add: no package ${tried.join(' or ')} on ${registry} (try: cqkit plugin search ${spec})`);
}

function install(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.on('error', (error) => reject(new PluginAddError(`cqkit plugin add: could not run ${command}: ${error.message}`)));
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new PluginAddError(`cqkit plugin add: \`${command} ${args.join(' ')}\` failed (${signal ?? `exit code ${code}`}); the config was not changed`)),
    );
  });
}

/** The config file of the project: the first of cqkit's search places that exists (package.json only with a "cqkit" key). */
function configFile(project: string): string | undefined {
  for (const place of searchPlaces) {
    const file = join(project, place);
    if (!existsSync(file)) continue;
    if (place === 'package.json' && !('cqkit' in (JSON.parse(readFileSync(file, 'utf8')) as object))) continue;
    return file;
  }
  return undefined;
}

/** Adds the entry to a JSON config (package.json's "cqkit" or a .json file); false when it was there. */
function addToJson(file: string, key: string, aliases: string[]): boolean {
  const text = readFileSync(file, 'utf8');
  const json = JSON.parse(text) as Record<string, unknown>;
  const config = (basename(file) === 'package.json' ? json.cqkit : json) as { plugins?: Record<string, unknown> };
  config.plugins ??= {};
  if ([key, ...aliases].some((k) => k in config.plugins!)) return false;
  config.plugins[key] = {};
  const indent = /^\{\n([ \t]+)/.exec(text)?.[1] ?? '  ';
  writeFileSync(file, `${JSON.stringify(json, null, indent)}\n`);
  return true;
}

export async function runPluginAdd(spec: string, io: PluginCommandIO): Promise<number> {
  const project = projectRoot(io.cwd);
  if (!project) throw new PluginAddError('cqkit plugin add: no package.json here or above; run it in your bot project');
  const registry = await registryUrl(project);
  const name = await packageFor(spec, registry);
  const pm = detectPackageManager(project, process.env.npm_config_user_agent);
  const [command, args] = addCommand(pm, name);
  io.stdout.write(`Installing ${name} with ${pm}: ${command} ${args.join(' ')}\n`);
  await install(command, args, project);

  const key = shortNameOf(name);
  const line = `${configKey(key)}: {},`;
  const file = configFile(project);
  const aliases = [name];
  if (!file) {
    io.stdout.write(`\nNo cqkit config found in ${project}; add to the plugins of your config:\n  ${line}\n`);
    return 0;
  }
  const shown = basename(file);
  let added: boolean;
  if (/\.json$/.test(file) || basename(file) === '.cqkitrc') {
    added = addToJson(file, key, aliases);
  } else if (/\.(ts|mts|js|mjs|cjs)$/.test(file)) {
    const result = addPluginEntry(readFileSync(file, 'utf8'), key, aliases);
    if (result.kind === 'unsupported') {
      io.stdout.write(`\n${shown} has ${result.reason}; add this line to its plugins yourself:\n  ${line}\n`);
      return 0;
    }
    added = result.kind === 'added';
    if (result.kind === 'added') writeFileSync(file, result.text);
  } else {
    io.stdout.write(`\n${shown} is not edited automatically; add to its plugins:\n  ${key}: {}\n`);
    return 0;
  }
  io.stdout.write(added ? `\nAdded ${name} to ${shown} as ${line}\n` : `\n${shown} already has ${key}; left as it was\n`);
  return 0;
}
