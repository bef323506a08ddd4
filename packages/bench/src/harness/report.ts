/** Rows of the result: a measurement, what it is compared with, its target and the verdict. */

export type Verdict = 'PASS' | 'FAIL' | 'info' | 'not measured';

export interface Row {
  /** Stable key, e.g. "http.api.throughput". */
  id: string;
  section: string;
  label: string;
  unit: string;
  /** The cqkit figure (null when not measured). */
  cqkit: number | null;
  /** The baseline's figure in the same run, when there is one. */
  baseline: number | null;
  /** What the target is checked against: cqkit/baseline for ratio targets, else the cqkit figure. */
  value: number | null;
  /** e.g. ">= 0.80x baseline"; null for figures without a target. */
  target: string | null;
  verdict: Verdict;
  /** Why a row is not measured, or what else to know. */
  note?: string;
}

export type Check = { kind: 'ratio-min' | 'ratio-max' | 'max' | 'lt' | 'equals'; bound: number; text: string } | null;

const usable = (n: number | null | undefined): n is number => n !== null && n !== undefined && Number.isFinite(n);

/**
 * The median of the rounds' own ratios (cqkit / baseline of the same round, index by index). Rounds
 * run the two bots back to back, so each pair saw the same machine: when the machine changes pace
 * between rounds (a neighbour's load on a shared host), the pair moves together and its ratio holds,
 * where a ratio of the two medians can pair a fast round of one bot with a slow round of the other.
 * Null without at least one usable pair.
 */
export function pairedRatio<T>(cqkitRounds: readonly T[] | undefined, baselineRounds: readonly T[] | undefined, pick: (round: T) => number): number | null {
  const ratios: number[] = [];
  const pairs = Math.min(cqkitRounds?.length ?? 0, baselineRounds?.length ?? 0);
  for (let i = 0; i < pairs; i++) {
    const cq = pick(cqkitRounds![i]!);
    const base = pick(baselineRounds![i]!);
    if (usable(cq) && usable(base) && base !== 0) ratios.push(cq / base);
  }
  if (ratios.length === 0) return null;
  ratios.sort((a, b) => a - b);
  const middle = Math.floor(ratios.length / 2);
  return ratios.length % 2 === 1 ? ratios[middle]! : (ratios[middle - 1]! + ratios[middle]!) / 2;
}

/**
 * Builds a row; a ratio check compares cqkit/baseline (`paired`, the median of per-round ratios,
 * when the rows come from paired rounds), the others the cqkit figure itself.
 */
export function row(
  id: string,
  section: string,
  label: string,
  unit: string,
  cqkit: number | null,
  baseline: number | null,
  check: Check,
  note?: string,
  paired?: number | null,
): Row {
  let value: number | null = cqkit;
  if (check && (check.kind === 'ratio-min' || check.kind === 'ratio-max')) {
    value = usable(paired) ? paired : usable(cqkit) && usable(baseline) && baseline !== 0 ? cqkit / baseline : null;
  }
  let verdict: Verdict = 'info';
  if (!usable(cqkit)) verdict = 'not measured';
  else if (check) {
    if (!usable(value)) verdict = 'not measured';
    else if (check.kind === 'ratio-min') verdict = value >= check.bound ? 'PASS' : 'FAIL';
    else if (check.kind === 'ratio-max' || check.kind === 'max') verdict = value <= check.bound ? 'PASS' : 'FAIL';
    else if (check.kind === 'lt') verdict = value < check.bound ? 'PASS' : 'FAIL';
    else verdict = value === check.bound ? 'PASS' : 'FAIL';
  }
  const built: Row = { id, section, label, unit, cqkit, baseline, value, target: check?.text ?? null, verdict };
  if (note !== undefined) built.note = note;
  return built;
}

/** A row that could not be measured, with the reason. */
export function notMeasured(id: string, section: string, label: string, unit: string, target: string | null, reason: string): Row {
  const note = reason.startsWith('not applicable') ? reason : `not measured: ${reason}`;
  return { id, section, label, unit, cqkit: null, baseline: null, value: null, target, verdict: 'not measured', note };
}

function format(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (unit === 'yes/no') return value === 1 ? 'yes' : 'no';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/** The table printed at the end: one line per row, figures right-aligned. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['Section', 'Measurement', 'cqkit', 'baseline', 'checked', 'target', 'verdict'];
  const lines = rows.map((r) => {
    const isRatio = /x (baseline|direct)$/.test(r.target ?? '');
    const checked = isRatio ? (r.value === null ? '—' : `${r.value.toFixed(2)}x`) : format(r.value, r.unit);
    return [
      r.section,
      `${r.label} (${r.unit})`,
      format(r.cqkit, r.unit),
      format(r.baseline, r.unit),
      checked,
      r.target ?? '',
      r.verdict === 'not measured' && r.note ? r.note : r.verdict,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const numeric = new Set([2, 3, 4]);
  const render = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const passed = rows.filter((r) => r.verdict === 'PASS').length;
  const failed = rows.filter((r) => r.verdict === 'FAIL').length;
  const missing = rows.filter((r) => r.verdict === 'not measured').length;
  const notes = rows.filter((r) => r.note && r.verdict !== 'not measured' && r.id.endsWith('.first')).map((r) => `note (${r.section}): ${r.note}`);
  return [render(header), rule, ...lines.map(render), rule, `targets: ${passed} pass, ${failed} fail, ${missing} not measured`, ...notes].join('\n');
}
