/** Texts of the broadcast's progress and final report. */

export interface Failure {
  group: number;
  reason: string;
}

/** At most this many failures are listed one by one; the rest are counted. */
const listedFailures = 10;

export function finalReport(total: number, sent: number, failures: readonly Failure[]): string {
  const lines = [`broadcast done: ${sent}/${total} sent, ${failures.length} failed`];
  for (const f of failures.slice(0, listedFailures)) lines.push(`- group ${f.group}: ${f.reason}`);
  if (failures.length > listedFailures) lines.push(`- and ${failures.length - listedFailures} more`);
  return lines.join('\n');
}

export function progressReport(done: number, total: number, failed: number): string {
  return `broadcast: ${done}/${total} done${failed > 0 ? `, ${failed} failed` : ''}`;
}
