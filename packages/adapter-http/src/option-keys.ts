/**
 * Unknown option keys. A misspelt key (`acessToken`, or CQHTTP's `access_token` copied from a
 * server config) would otherwise be ignored in silence and the bot would run without it.
 */

/** The known key closest to `key`: same letters in another case or snake_case, or at most 2 edits away. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const camel = key.replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());
  const exact = known.find((k) => k.toLowerCase() === camel.toLowerCase());
  if (exact) return exact;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(camel.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

/** The first key of `value` that is not in `known` (keys set to undefined do not count), or undefined. */
export function unknownKey(value: object, known: readonly string[]): string | undefined {
  return Object.keys(value).find((key) => !known.includes(key) && (value as Record<string, unknown>)[key] !== undefined);
}

/** Levenshtein distance; option names are short, so the quadratic table is fine. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
