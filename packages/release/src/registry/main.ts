/**
 * `pnpm test:registry`: the release, end to end, against a real npm registry (verdaccio) on this
 * machine. Publishes every public package of the workspace with the project's release command, then
 * does what a new user and a plugin author do: create a bot with `pnpm create cqkit` and
 * `npm create cqkit@latest`, install, test, start it and chat with it; write a plugin with
 * `cqkit new plugin dice`, test, build and publish it, find it with `cqkit plugin search`, add it
 * with `cqkit plugin add` and talk to it. Ends with `N passed, N failed`; every command has a time
 * limit and every process started is stopped at the end.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryPointProblems, tarballProblems } from '../check-tarball.js';
import { readTarball, type TarballContents } from '../tarball.js';
import { publicPackages, repoRoot } from '../workspace.js';
import { killAll, type Result, run, start } from './processes.js';
import { runSteps, type Step } from './steps.js';
import { type Registry, startRegistry } from './verdaccio.js';

const root = repoRoot();
const work = mkdtempSync(join(tmpdir(), 'cqkit-registry-'));
const minutes = (n: number) => n * 60_000;

/** The environment of a user's shell: nothing inherited from the pnpm running this script, nor CI. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|CI$|INIT_CWD$|VITEST)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0' };
}

let registry: Registry | undefined;
let env: NodeJS.ProcessEnv = cleanEnv();
const bot = join(work, 'pnpm', 'my-bot');
const npmBot = join(work, 'npm', 'npm-bot');
const pluginDir = join(work, 'plugins', 'cqkit-plugin-dice');

/** Fails with the command's output unless it ended with code 0. */
async function ok(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Result> {
  const result = await run(command, args, { cwd, env, timeoutMs });
  if (result.code !== 0) throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} ended with ${result.code}:\n${result.output}`);
  return result;
}

function expectMatch(text: string, pattern: RegExp, what: string): void {
  if (!pattern.test(text)) throw new Error(`${what}: no ${pattern} in:\n${text}`);
}

/**
 * Lines of an install a new user would have to read and act on: warnings (peer dependencies,
 * deprecations, ...) and pnpm's "Ignored build scripts" box. pnpm's note that a request was slow is
 * about this machine's network, not about the project, and is not counted.
 */
function warnings(output: string): string[] {
  return output
    .split('\n')
    .filter((l) => /\bWARN\b|Ignored build scripts|approve-builds|deprecated/i.test(l) && !/WARN\s+Request took \d+ms/.test(l));
}

function nothingToActOn(output: string | undefined, what: string): void {
  if (output === undefined) throw new Error(`${what} did not run`);
  const found = warnings(output);
  if (found.length > 0) throw new Error(`${what} printed what a user would have to act on:\n${found.join('\n')}`);
}

/** Install outputs, checked for warnings in steps of their own (a warning does not stop the rest). */
const installs = new Map<string, string>();

/** `pnpm start`, a line typed into the terminal chat, the bot's answer, Ctrl+C. */
async function chat(line: string, answer: RegExp): Promise<void> {
  const p = start('pnpm', ['start'], { cwd: bot, env });
  try {
    await p.waitFor(/cqkit sandbox chat/, minutes(2));
    p.write(line);
    await p.waitFor(answer, 60_000);
    p.signal('SIGINT');
    const code = await Promise.race([p.exited, new Promise((r) => setTimeout(() => r('still running 30 s after Ctrl+C'), 30_000))]);
    if (code !== 0 && code !== 'SIGINT' && code !== 130) throw new Error(`pnpm start ended with ${code} after Ctrl+C`);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- output of pnpm start\n${p.output()}`);
  } finally {
    p.signal('SIGKILL');
  }
}

/** The tarball of name@version as the registry serves it (it must be the latest), read back. */
async function published(name: string, version: string): Promise<TarballContents> {
  const response = await fetch(`${registry!.url}${name.replace('/', '%2f')}`, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`${name}: registry answered HTTP ${response.status}`);
  const doc = (await response.json()) as { 'dist-tags'?: Record<string, string>; versions?: Record<string, { dist?: { tarball?: string } }> };
  const tarballUrl = doc.versions?.[version]?.dist?.tarball;
  if (!tarballUrl || doc['dist-tags']?.latest !== version) throw new Error(`${name}@${version} is not the latest on the registry`);
  const tgz = await fetch(tarballUrl, { signal: AbortSignal.timeout(60_000) });
  if (!tgz.ok) throw new Error(`${name}: tarball ${tarballUrl} answered HTTP ${tgz.status}`);
  const file = join(work, `${name.replace('/', '+')}-${version}.tgz`);
  writeFileSync(file, Buffer.from(await tgz.arrayBuffer()));
  return readTarball(file);
}

const packages = publicPackages(root);

const steps: Step[] = [
  {
    name: 'verdaccio 6.8.0 starts on a free 127.0.0.1 port with a throwaway storage',
    async run() {
      mkdirSync(join(work, 'registry'));
      registry = await startRegistry(join(work, 'registry'), cleanEnv());
      const host = registry.url.replace(/^http:/, '');
      const npmrc = join(work, 'npmrc');
      writeFileSync(npmrc, `registry=${registry.url}\n${host}:_authToken=${registry.token}\n`);
      env = {
        ...cleanEnv(),
        npm_config_registry: registry.url,
        npm_config_userconfig: npmrc,
        // Fresh caches: nothing fetched from another registry (or an earlier run) can stand in.
        npm_config_cache: join(work, 'npm-cache'),
        npm_config_cache_dir: join(work, 'pnpm-cache'),
      };
    },
  },
  {
    name: `the release command publishes all ${packages.length} public packages (pnpm release: changeset publish, each package building on prepack)`,
    needs: ['verdaccio 6.8.0 starts on a free 127.0.0.1 port with a throwaway storage'],
    async run() {
      // --no-git-tag: a test run must not tag the repository.
      await ok('pnpm', ['run', 'release', '--no-git-tag'], root, minutes(20));
      // What the registry serves is what was checked at pack time: built code, types, bins.
      const problems: string[] = [];
      for (const { manifest } of packages) {
        for (const p of tarballProblems(await published(manifest.name, manifest.version))) problems.push(`${manifest.name}: ${p}`);
      }
      if (problems.length > 0) throw new Error(problems.join('\n'));
    },
  },
];
const releaseStep = steps[1]!.name;

steps.push(
  {
    name: 'pnpm create cqkit my-bot writes a project',
    needs: [releaseStep],
    async run() {
      mkdirSync(join(work, 'pnpm'));
      const { output } = await ok('pnpm', ['create', 'cqkit', 'my-bot'], join(work, 'pnpm'), minutes(5));
      expectMatch(output, /Created a cqkit bot in/, 'pnpm create cqkit');
      for (const f of ['package.json', 'cqkit.config.ts', 'src/hello.ts', 'test/hello.test.ts']) {
        if (!existsSync(join(bot, f))) throw new Error(`my-bot/${f} is missing`);
      }
    },
  },
  {
    name: 'pnpm install in the bot project, from the registry',
    needs: ['pnpm create cqkit my-bot writes a project'],
    async run() {
      installs.set('bot', (await ok('pnpm', ['install'], bot, minutes(8))).output);
    },
  },
  {
    name: "the bot project's install prints nothing a user must act on (no \"Ignored build scripts\")",
    needs: ['pnpm install in the bot project, from the registry'],
    run: async () => nothingToActOn(installs.get('bot'), 'pnpm install'),
  },
  {
    name: "pnpm test in the bot project passes the template's tests",
    needs: ['pnpm install in the bot project, from the registry'],
    async run() {
      const { output } = await ok('pnpm', ['test'], bot, minutes(5));
      expectMatch(output, /# pass 2\s+# fail 0/, 'pnpm test');
    },
  },
  {
    name: 'pnpm start: the bot answers a message typed into the terminal chat',
    needs: ['pnpm install in the bot project, from the registry'],
    run: () => chat('/hello everyone', /cqkit-bot: 你好，everyone！/),
  },
  {
    name: 'npm create cqkit@latest npm-bot, npm install, npm test',
    needs: [releaseStep],
    async run() {
      mkdirSync(join(work, 'npm'));
      await ok('npm', ['create', 'cqkit@latest', 'npm-bot'], join(work, 'npm'), minutes(5));
      await ok('npm', ['install', '--no-audit', '--no-fund'], npmBot, minutes(8));
      const { output } = await ok('npm', ['test'], npmBot, minutes(5));
      expectMatch(output, /# pass 2\s+# fail 0/, 'npm test');
    },
  },
  {
    name: 'cqkit new plugin dice writes a plugin package',
    needs: ['pnpm install in the bot project, from the registry'],
    async run() {
      mkdirSync(join(work, 'plugins'));
      await ok('pnpm', ['exec', 'cqkit', 'new', 'plugin', 'dice', '--dir', pluginDir], bot, minutes(2));
      const pkg = JSON.parse(readFileSync(join(pluginDir, 'package.json'), 'utf8')) as { name: string };
      if (pkg.name !== 'cqkit-plugin-dice') throw new Error(`the plugin package is named ${pkg.name}`);
    },
  },
  {
    name: 'the plugin installs, its test passes, it builds',
    needs: ['cqkit new plugin dice writes a plugin package'],
    async run() {
      installs.set('plugin', (await ok('pnpm', ['install'], pluginDir, minutes(8))).output);
      const { output } = await ok('pnpm', ['test'], pluginDir, minutes(5));
      expectMatch(output, /# pass 2\s+# fail 0/, 'pnpm test of the plugin');
      await ok('pnpm', ['run', 'build'], pluginDir, minutes(5));
      for (const f of ['dist/index.js', 'dist/index.d.ts']) if (!existsSync(join(pluginDir, f))) throw new Error(`${f} was not built`);
    },
  },
  {
    name: "the plugin's install prints nothing a user must act on",
    needs: ['the plugin installs, its test passes, it builds'],
    run: async () => nothingToActOn(installs.get('plugin'), 'pnpm install'),
  },
  {
    name: 'pnpm publish puts cqkit-plugin-dice on the registry, built',
    needs: ['the plugin installs, its test passes, it builds'],
    async run() {
      rmSync(join(pluginDir, 'dist'), { recursive: true, force: true }); // prepack must build it again
      await ok('pnpm', ['publish', '--no-git-checks'], pluginDir, minutes(5));
      const problems = entryPointProblems(await published('cqkit-plugin-dice', '0.1.0'));
      if (problems.length > 0) throw new Error(`the published cqkit-plugin-dice: ${problems.join('; ')}`);
    },
  },
  {
    name: 'cqkit plugin search finds it (name, version, description) and the official plugins',
    needs: ['pnpm publish puts cqkit-plugin-dice on the registry, built'],
    async run() {
      const one = await ok('pnpm', ['exec', 'cqkit', 'plugin', 'search', 'dice'], bot, minutes(2));
      expectMatch(one.output, /cqkit-plugin-dice\s+0\.1\.0\s+A cqkit plugin: dice/, 'cqkit plugin search dice');
      const all = await ok('pnpm', ['exec', 'cqkit', 'plugin', 'search'], bot, minutes(2));
      expectMatch(all.output, /@cqkit\/plugin-echo\s+\d+\.\d+\.\d+/, 'cqkit plugin search');
      expectMatch(all.output, /cqkit-plugin-dice/, 'cqkit plugin search');
    },
  },
  {
    name: 'cqkit plugin add cqkit-plugin-dice installs it and adds dice to cqkit.config.ts, comments kept',
    needs: ['pnpm publish puts cqkit-plugin-dice on the registry, built'],
    async run() {
      const config = join(bot, 'cqkit.config.ts');
      const before = readFileSync(config, 'utf8');
      const { output } = await ok('pnpm', ['exec', 'cqkit', 'plugin', 'add', 'cqkit-plugin-dice'], bot, minutes(5));
      expectMatch(output, /Added cqkit-plugin-dice to cqkit\.config\.ts as dice: \{\},/, 'cqkit plugin add');
      nothingToActOn(output, 'cqkit plugin add');
      const after = readFileSync(config, 'utf8');
      expectMatch(after, /\n {4}dice: \{\},\n/, 'cqkit.config.ts');
      for (const comment of before.split('\n').filter((l) => l.trim().startsWith('//'))) {
        if (!after.includes(comment)) throw new Error(`cqkit.config.ts lost the line ${comment}`);
      }
      const pkg = JSON.parse(readFileSync(join(bot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
      if (!pkg.dependencies['cqkit-plugin-dice']) throw new Error('cqkit-plugin-dice is not in package.json');
    },
  },
  {
    name: 'pnpm start: the bot loads dice by its short name and answers its command',
    needs: ['cqkit plugin add cqkit-plugin-dice installs it and adds dice to cqkit.config.ts, comments kept'],
    run: () => chat('/dice from the registry', /cqkit-bot: 你好，from the registry！/),
  },
);

const log = (line: string) => process.stdout.write(`${line}\n`);
log(`# cqkit release against a local registry; work folder ${work}`);
let result = { passed: 0, failed: 1 };
try {
  result = await runSteps(steps, log);
} finally {
  await killAll();
  if (result.failed === 0) rmSync(work, { recursive: true, force: true });
  else log(`# kept ${work} for a look`);
}
log(`${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed === 0 ? 0 : 1);
