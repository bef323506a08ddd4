/** Texts of the broadcast's progress and final report, in the asker's language (`session.text`). */
import type { Translator } from '@cqkit/core';

export interface Failure {
  group: number;
  reason: string;
}

/** At most this many failures are listed one by one; the rest are counted. */
const listedFailures = 10;

export function finalReport(t: Translator, total: number, sent: number, failures: readonly Failure[]): string {
  const lines = [t('broadcast.done', { sent, total, failed: failures.length })];
  for (const f of failures.slice(0, listedFailures)) lines.push(t('broadcast.failure', f));
  if (failures.length > listedFailures) lines.push(t('broadcast.more', { count: failures.length - listedFailures }));
  return lines.join('\n');
}

export function progressReport(t: Translator, done: number, total: number, failed: number): string {
  return t('broadcast.progress', { done, total, failed });
}
