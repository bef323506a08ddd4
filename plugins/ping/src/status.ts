/** The text of `/status`, from the app's metrics. */
import type { App } from '@cqkit/core';

export function statusReport(app: App, uptime: string): string {
  const metrics = app.metrics;
  const lines = [`up ${uptime}`];
  for (const [selfId, m] of metrics.bots) {
    lines.push(`bot ${selfId}: queued ${m.queued}, in flight ${m.inFlight}, sent ${m.sent}, failed ${m.failed}`);
  }
  if (metrics.bots.size === 0) lines.push('no bot connected');
  lines.push(`events ${metrics.events}, plugin errors ${metrics.pluginErrors}`);
  return lines.join('\n');
}
