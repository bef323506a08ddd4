/** The text of `/status`, from the app's metrics, in the asker's language. */
import type { App, Session } from '@cqkit/core';
import { durationParts } from './duration.js';

/** `uptime` in ms. */
export function statusReport(app: App, session: Session, uptime: number): string {
  const metrics = app.metrics;
  const lines = [session.text('status.uptime', { uptime: session.text('status.duration', durationParts(uptime)) })];
  // Quick replies leave in the HTTP response of their event, not through an account's queue: they
  // are counted for the app, and shown with the (first) account that answered.
  let quick = metrics.quickReplies;
  for (const [selfId, bot] of metrics.bots) {
    lines.push(session.text('status.bot', { selfId, queued: bot.queued, inFlight: bot.inFlight, sent: bot.sent + quick, failed: bot.failed, quick }));
    quick = 0;
  }
  if (metrics.bots.size === 0) lines.push(session.text('status.no-bot'));
  lines.push(session.text('status.events', { events: metrics.events, errors: metrics.pluginErrors }));
  return lines.join('\n');
}
