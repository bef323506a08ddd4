/** Durations as people type them (`10m`, `1h30m`, `2小时`, `1天12小时`) and as the bot says them. */

export const second = 1000;
export const minute = 60 * second;
export const hour = 60 * minute;
export const day = 24 * hour;

const units: Record<string, number> = {
  s: second,
  sec: second,
  秒: second,
  秒钟: second,
  m: minute,
  min: minute,
  分: minute,
  分钟: minute,
  h: hour,
  小时: hour,
  时: hour,
  个小时: hour,
  d: day,
  天: day,
};

const part = /(\d+(?:\.\d+)?)\s*(秒钟|秒|sec|s|分钟|分|min|m|个小时|小时|时|h|天|d)/giy;

/** Milliseconds, or undefined when `text` is not one or more number-unit pairs. */
export function parseDuration(text: string): number | undefined {
  let total = 0;
  let at = 0;
  part.lastIndex = 0;
  while (at < text.length) {
    part.lastIndex = at;
    const match = part.exec(text);
    if (match === null) return undefined;
    total += Number(match[1]) * units[match[2]!.toLowerCase()]!;
    at = part.lastIndex;
  }
  return at > 0 && total > 0 ? Math.round(total) : undefined;
}

/** How a language says a duration: unit words from days down, the phrase below a second, the gap between parts. */
export interface DurationWords {
  units: readonly [string, string, string, string];
  underASecond: string;
  gap: string;
}

/** The largest unit and the next one when not zero, rounded down: `1天2小时`, `9min 59s`. */
export function spokenDuration(ms: number, words: DurationWords): string {
  const sizes = [day, hour, minute, second];
  const first = sizes.findIndex((size) => ms >= size);
  if (first === -1) return words.underASecond;
  const n = Math.floor(ms / sizes[first]!);
  const next = sizes[first + 1];
  const m = next === undefined ? 0 : Math.floor((ms - n * sizes[first]!) / next);
  const head = `${n}${words.units[first]}`;
  return m > 0 ? `${head}${words.gap}${m}${words.units[first + 1]}` : head;
}
