/** The human-facing text: log lines, stop reports, "did you mean". */
import type { StopReport } from '@cqkit/core';
import { describe, expect, it } from 'vitest';
import { formatStopReport } from '../src/index.js';
import type { LogLevel } from '@cqkit/core';
import { createCliLogger, formatRecord } from '../src/run/logger.js';
import { didYouMean, editDistance } from '../src/util/did-you-mean.js';

describe('log lines', () => {
  const time = Date.UTC(2026, 0, 1, 12, 0, 1);

  it('formats a record as time, level, source, message and extra fields', () => {
    const fields = { plugin: 'dice', ms: 1200, err: new Error('boom'), ids: [1, 2] };
    expect(formatRecord(40, time, fields, 'slow answer')).toBe('12:00:01 WARN  [dice] slow answer ms=1200 error="boom" ids=[1,2]\n');
    // An error already serialised (by another logger, say) reads the same.
    expect(formatRecord(50, time, { adapter: 'ws', err: { message: 'closed', stack: 'x' } }, 'lost')).toBe('12:00:01 ERROR [ws] lost error="closed"\n');
  });

  function capture(level: LogLevel = 'info') {
    const lines: string[] = [];
    const out = { write: (line: string) => void lines.push(line) } as unknown as NodeJS.WritableStream;
    return { logger: createCliLogger(level, out), lines };
  }

  it('takes pino\'s calling forms: fields and message, message with arguments, an Error alone', () => {
    const { logger, lines } = capture();
    const child = logger.child({ adapter: 'http' }).child({ bot: 10001 });
    child.info({ sent: 3 }, 'queue drained');
    logger.warn('retrying in %d ms (%s)', 250, 'timeout');
    logger.error(new Error('socket closed'));
    logger.error({ err: new Error('kaboom'), event: 'message/group' }, 'plugin failed');
    expect(lines.map((line) => line.slice(9))).toEqual([
      'INFO  [http] queue drained bot=10001 sent=3\n',
      'WARN  retrying in 250 ms (timeout)\n',
      'ERROR socket closed error="socket closed"\n',
      'ERROR plugin failed error="kaboom" event=message/group\n',
    ]);
  });

  it('writes only lines at or above its level; the level can change; a child keeps the level it was made with', () => {
    const { logger, lines } = capture('warn');
    const child = logger.child({ plugin: 'p' });
    logger.info('hidden');
    expect(logger.isLevelEnabled('info')).toBe(false);
    logger.level = 'debug';
    logger.debug('shown');
    child.info('still hidden');
    expect(logger.level).toBe('debug');
    expect(lines).toHaveLength(1);
    expect(() => {
      logger.level = 'loud';
    }).toThrow(/unknown log level "loud"/);
    expect(() => {
      logger.level = 'constructor';
    }).toThrow(/unknown log level "constructor"/);
    capture('silent').logger.fatal('nothing');
  });

  it('never throws on a value JSON cannot hold, and never writes a token or a URL\'s password', () => {
    const { logger, lines } = capture();
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    logger.info({ cycle, big: 10n }, 'odd values');
    logger.warn({ url: 'ws://bot:s3cret@127.0.0.1:6700/?access_token=abc123' }, 'connect to http://u:pw@host/x failed');
    expect(lines[0]).toContain('cycle=');
    expect(lines[0]).toContain('big=10n');
    expect(lines[1]).not.toMatch(/s3cret|abc123|pw@/);
  });
});

describe('stop report', () => {
  const empty: StopReport = { drained: true, left: 0, items: [], inFlight: 0, maybeSent: [] };

  it('says so when nothing was left', () => {
    expect(formatStopReport(empty, 1000)).toBe('stopped: the send queue is empty, nothing was left unsent\n');
  });

  it('lists each call left, with its target and a preview of the message', () => {
    const report: StopReport = {
      drained: false,
      left: 2,
      inFlight: 1,
      items: [
        { id: 1, action: 'send_group_msg', params: { group_id: 3001, message: 'hello' }, target: null, priority: 0, enqueuedAt: 0, selfId: 10001 },
        { id: 2, action: 'send_private_msg', params: { user_id: 2001, message: 'x'.repeat(80) }, target: null, priority: 0, enqueuedAt: 0, selfId: 10001 },
      ],
      maybeSent: [{ action: 'send_group_msg', params: { group_id: 3002, message: 'on the wire' }, target: null, startedAt: 0, selfId: 10001 }],
    };
    expect(formatStopReport(report, 500)).toBe(
      [
        'stopped at the 500 ms deadline: 2 queued calls were not sent',
        '  - bot 10001: send_group_msg group 3001 "hello"',
        `  - bot 10001: send_private_msg user 2001 "${'x'.repeat(37)}..."`,
        '1 call may have been sent (no answer by the deadline; not re-sent)',
        '  - bot 10001: send_group_msg group 3002 "on the wire"',
        '',
      ].join('\n'),
    );
  });
});

describe('did you mean', () => {
  it('finds close words and ignores far ones', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(didYouMean('endpiont', ['endpoint', 'url', 'selfId'])).toBe('endpoint');
    expect(didYouMean('selfid', ['endpoint', 'selfId'])).toBe('selfId');
    expect(didYouMean('zzzzzz', ['host', 'port', 'path'])).toBeUndefined();
  });
});
