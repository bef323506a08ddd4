/** The command names closest to a mistyped one (`/stauts` -> status), for the "unknown command" answer. */

/** Edit distance (insert, delete, substitute, swap two neighbours), stopping early above `limit`. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** Up to `max` names within a small distance of `word` (or starting with it), nearest first. */
export function closestNames(word: string, names: readonly string[], max = 3): string[] {
  const lower = word.toLowerCase();
  const limit = lower.length <= 3 ? 1 : 2;
  return names
    .map((name) => ({ name, distance: name.startsWith(lower) && lower.length >= 2 ? 0 : editDistance(lower, name.toLowerCase(), limit) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((c) => c.name);
}
