/** The human-facing text: log lines, stop reports, "did you mean". */
import type { StopReport } from '@cqkit/core';
import { describe, expect, it } from 'vitest';
import { formatStopReport } from '../src/index.js';
import { formatLogLine } from '../src/run/logger.js';
import { didYouMean, editDistance } from '../src/util/did-you-mean.js';

describe('log lines', () => {
  it('turns a pino JSON line into time, level, source, message and extra fields', () => {
    const time = Date.UTC(2026, 0, 1, 12, 0, 1);
    const line = JSON.stringify({ level: 40, time, plugin: 'dice', msg: 'slow answer', ms: 1200, err: { message: 'boom', stack: 'x' } });
    expect(formatLogLine(line)).toBe('12:00:01 WARN  [dice] slow answer ms=1200 error="boom"\n');
  });

  it('passes a line that is not JSON through', () => {
    expect(formatLogLine('plain')).toBe('plain');
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
