/** The lines printed after a graceful stop (and on a second signal): what was sent, what was left and why. */
import type { PendingCalls, QueuedCall, SentCall, StopReport } from '@cqkit/core';

/** Calls listed one by one; more are counted. */
const listed = 20;

function describeTarget(params: Record<string, unknown>): string {
  if (params.group_id !== undefined) return `group ${String(params.group_id)}`;
  if (params.user_id !== undefined) return `user ${String(params.user_id)}`;
  if (params.discuss_id !== undefined) return `discuss ${String(params.discuss_id)}`;
  return '';
}

function preview(params: Record<string, unknown>): string {
  const message = params.message;
  if (message === undefined) return '';
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  return ` ${JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text)}`;
}

function calls(n: number): string {
  return `${n} call${n === 1 ? '' : 's'}`;
}

function list(lines: string[], items: readonly (QueuedCall | SentCall)[]): void {
  for (const item of items.slice(0, listed)) {
    lines.push(`  - bot ${item.selfId}: ${item.action} ${describeTarget(item.params)}${preview(item.params)}`.trimEnd());
  }
  if (items.length > listed) lines.push(`  … and ${items.length - listed} more`);
}

/** After a graceful stop. "Not sent" and "may have been sent" are told apart: only the first are safe to send again. */
export function formatStopReport(report: StopReport, deadline: number): string {
  const lines: string[] = [];
  if (report.left === 0 && report.inFlight === 0) {
    lines.push('stopped: the send queue is empty, nothing was left unsent');
  } else {
    const notSent = report.left === 0 ? 'every queued call was sent' : `${report.left === 1 ? '1 queued call was' : `${report.left} queued calls were`} not sent`;
    lines.push(`stopped at the ${deadline} ms deadline: ${notSent}`);
    list(lines, report.items);
  }
  if (report.inFlight > 0) {
    lines.push(`${calls(report.inFlight)} may have been sent (no answer by the deadline; not re-sent)`);
    list(lines, report.maybeSent);
  }
  return `${lines.join('\n')}\n`;
}

/** On a second signal: what is abandoned by exiting now. */
export function formatAbandoned(pending: PendingCalls): string {
  const { queued, inFlight } = pending;
  if (queued.length === 0 && inFlight.length === 0) return 'nothing was queued or in flight\n';
  const lines = [`abandoning ${calls(queued.length)} not sent and ${calls(inFlight.length)} that may have been sent (in flight, no answer yet)`];
  if (queued.length > 0) {
    lines.push('not sent:');
    list(lines, queued);
  }
  if (inFlight.length > 0) {
    lines.push('may have been sent:');
    list(lines, inFlight);
  }
  return `${lines.join('\n')}\n`;
}
