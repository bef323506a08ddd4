/** The lines printed after a graceful stop: what was sent, what was left and why. */
import type { StopReport } from '@cqkit/core';

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

export function formatStopReport(report: StopReport, deadline: number): string {
  const lines: string[] = [];
  if (report.drained && report.left === 0) {
    lines.push('stopped: the send queue is empty, nothing was left unsent');
  } else {
    lines.push(`stopped at the ${deadline} ms deadline: ${report.left} queued call${report.left === 1 ? ' was' : 's were'} not sent`);
    for (const item of report.items.slice(0, 20)) {
      lines.push(`  - bot ${item.selfId}: ${item.action} ${describeTarget(item.params)}${preview(item.params)}`.trimEnd());
    }
    if (report.items.length > 20) lines.push(`  … and ${report.items.length - 20} more`);
  }
  if (report.inFlight > 0) lines.push(`${report.inFlight} call${report.inFlight === 1 ? ' was' : 's were'} still waiting for an answer`);
  return `${lines.join('\n')}\n`;
}
