/**
 * Micro-benchmark: mitt vs eventemitter3 for the shapes the event bus sees.
 * Bounded (fixed iteration counts). Run: `npx tsx packages/core/bench/emitter.bench.ts`.
 */
import { EventEmitter } from 'eventemitter3';
import mittImport from 'mitt';

// mitt ships ESM at runtime but CJS-style types, so NodeNext types the default import as the module.
const mitt = ((mittImport as unknown as { default?: unknown }).default ?? mittImport) as unknown as typeof mittImport.default;

type Handler = (payload: { n: number }) => void;
const EMITS = 2_000_000;
const CHURN = 500_000;
const ROUNDS = 5;

let sink = 0;
const handler: Handler = (p) => {
  sink += p.n;
};

function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function emitMitt(listeners: number): number {
  const bus = mitt<{ message: { n: number } }>();
  for (let i = 0; i < listeners; i++) bus.on('message', handler);
  const payload = { n: 1 };
  return time(() => {
    for (let i = 0; i < EMITS; i++) bus.emit('message', payload);
  });
}

function emitEE3(listeners: number): number {
  const bus = new EventEmitter();
  for (let i = 0; i < listeners; i++) bus.on('message', handler);
  const payload = { n: 1 };
  return time(() => {
    for (let i = 0; i < EMITS; i++) bus.emit('message', payload);
  });
}

function churnMitt(): number {
  const bus = mitt<{ message: { n: number } }>();
  for (let i = 0; i < 20; i++) bus.on('message', () => {});
  return time(() => {
    for (let i = 0; i < CHURN; i++) {
      const h: Handler = () => {};
      bus.on('message', h);
      bus.off('message', h);
    }
  });
}

function churnEE3(): number {
  const bus = new EventEmitter();
  for (let i = 0; i < 20; i++) bus.on('message', () => {});
  return time(() => {
    for (let i = 0; i < CHURN; i++) {
      const h: Handler = () => {};
      bus.on('message', h);
      bus.off('message', h);
    }
  });
}

const cases: Array<[string, () => number, number]> = [
  ['mitt emit, 0 listeners', () => emitMitt(0), EMITS],
  ['eventemitter3 emit, 0 listeners', () => emitEE3(0), EMITS],
  ['mitt emit, 1 listener', () => emitMitt(1), EMITS],
  ['eventemitter3 emit, 1 listener', () => emitEE3(1), EMITS],
  ['mitt emit, 2 listeners', () => emitMitt(2), EMITS],
  ['eventemitter3 emit, 2 listeners', () => emitEE3(2), EMITS],
  ['mitt emit, 5 listeners', () => emitMitt(5), EMITS],
  ['eventemitter3 emit, 5 listeners', () => emitEE3(5), EMITS],
  ['mitt on/off churn (20 resident)', churnMitt, CHURN],
  ['eventemitter3 on/off churn (20 resident)', churnEE3, CHURN],
];

console.log(`node ${process.version}, median of ${ROUNDS} rounds`);
console.log('| case | ms | ops/s |');
console.log('| --- | ---: | ---: |');
for (const [name, run, ops] of cases) {
  run(); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) samples.push(run());
  const ms = median(samples);
  console.log(`| ${name} | ${ms.toFixed(1)} | ${Math.round((ops / ms) * 1000).toLocaleString('en-US')} |`);
}
if (sink < 0) console.log(sink);
