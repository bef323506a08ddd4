import { fullConfig } from './harness/bench-config.js';
import { measureE2E } from './rows/e2e.js';
const [transport, bot, mode, events] = process.argv.slice(2);
const config = { ...fullConfig, warmup: 2000, events: Number(events ?? 20000) };
const nodeArgs = process.env.ALLOC_OUT ? ['--import', '/tmp/h16/allocprof.mjs'] : process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir', '/tmp/h16/wsprof', '--cpu-prof-name', `${transport}.${mode}.${bot}.cpuprofile`] : [];
const m = await measureE2E({ bot: bot as 'cqkit', transport: transport as 'ws', mode: mode as 'api', config, nodeArgs });
console.log(transport, mode, bot, 'cpu/1k', m.cpuSecondsPer1000.toFixed(3), 'eps', m.eventsPerSecond.toFixed(0), 'p99', m.p99Ms.toFixed(2), 'rss', m.maxRssMb.toFixed(1));
