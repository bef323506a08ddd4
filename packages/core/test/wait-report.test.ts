import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type Adapter, createApp, nominalDelay, WaitReport } from '../src/index.js';

describe('WaitReport', () => {
  it('one line per state: the first failure, a longer interval, another reason, connected', () => {
    const report = new WaitReport('x adapter: bots[0]');
    const policy = { initialDelay: 500, maxDelay: 2000 };
    const lines: string[] = [];
    const fail = (now: number, attempt: number, reason: string, rejected?: string) => {
      const line = report.failed(now, 'ws://h/', reason, nominalDelay(attempt, policy), rejected);
      if (line) lines.push(`${line.level} ${line.message}`);
    };
    for (let attempt = 0; attempt < 6; attempt++) fail(attempt * 1000, attempt, 'refused');
    for (let attempt = 6; attempt < 10; attempt++) fail(attempt * 1000, attempt, 'token', 'ws://h/ refused the access token');
    lines.push(report.connected(12_500, 'ws://h/'));
    expect(lines).toEqual([
      'warn x adapter: bots[0]: waiting for the API server at ws://h/ (refused); retrying every 0.5 s',
      'warn x adapter: bots[0]: still waiting for ws://h/ (refused), now retrying every 1 s',
      'warn x adapter: bots[0]: still waiting for ws://h/ (refused), now retrying every 2 s',
      'error x adapter: bots[0]: ws://h/ refused the access token; retrying every 2 s',
      'x adapter: bots[0]: connected to ws://h/ after waiting 12.5 s',
    ]);
    // A first try that works says no wait.
    expect(report.connected(20_000, 'ws://h/')).toBe('x adapter: bots[0]: connected to ws://h/');
  });
});

describe('the start line', () => {
  function appWith(waiting: string[] | undefined) {
    const lines: { msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const adapter: Adapter = { name: 'fake', start: async () => undefined, stop: async () => undefined };
    if (waiting) adapter.waitingFor = () => waiting;
    const app = createApp({ logger });
    app.adapter(adapter);
    return { app, started: () => lines.map((l) => l.msg).filter((m) => m.startsWith('cqkit started')) };
  }

  it.each([
    [undefined, 'cqkit started'],
    [[], 'cqkit started'],
    [['account 10001', 'bots[1] (ws://h/)'], 'cqkit started, waiting for account 10001, bots[1] (ws://h/)'],
  ])('adapters waiting for %j: %s', async (waiting, line) => {
    const { app, started } = appWith(waiting);
    await app.start();
    expect(started()).toEqual([line]);
    await app.stop({ deadline: 0 });
  });
});
