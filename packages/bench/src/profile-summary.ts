/**
 * `pnpm --filter @cqkit/bench profile <file.cpuprofile> [top]`: where a bot's CPU went, from a
 * `node --cpu-prof` profile (`pnpm bench --cpu-prof` writes them to results/profiles/): self time by
 * package or module and by function, as a share of all samples.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `.../node_modules/@cqkit/core/dist/x.js` -> `@cqkit/core`, `node:internal/...` -> `node:internal`. */
function packageOf(url: string): string {
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return url.split('/')[0]!;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
}

export function summarize(profile: CpuProfile, top: number): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    const delta = profile.timeDeltas[i] ?? 0;
    if (!node) continue;
    total += delta;
    const frame = node.callFrame;
    const pkg = packageOf(frame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta);
    const where = frame.url === '' ? '' : ` ${frame.url.split('/').slice(-1)[0]}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName || '(anonymous)'} [${pkg}]${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + delta);
  }
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, time]) => `${((time / total) * 100).toFixed(1).padStart(5)} %  ${key}`)
      .join('\n');
  return [`${(total / 1000).toFixed(0)} ms sampled`, '', 'self time by package:', list(byPackage), '', 'self time by function:', list(byFunction)].join('\n');
}

const [file, top = '30'] = process.argv.slice(2).filter((arg) => arg !== '--');
if (file === undefined) {
  console.error('usage: pnpm --filter @cqkit/bench profile <file.cpuprofile> [top]');
  process.exit(2);
}
// pnpm runs the script inside packages/bench; a relative path means where the command was typed.
const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
console.log(summarize(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile, Number(top)));
