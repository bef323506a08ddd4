/** `1d 2h 3m 4s`, leading zero units left out (`4s`, `3m 0s`). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const units: Array<[number, string]> = [
    [Math.floor(total / 86_400), 'd'],
    [Math.floor(total / 3600) % 24, 'h'],
    [Math.floor(total / 60) % 60, 'm'],
    [total % 60, 's'],
  ];
  const first = units.findIndex(([value]) => value > 0);
  return units
    .slice(first === -1 ? units.length - 1 : first)
    .map(([value, unit]) => `${value}${unit}`)
    .join(' ');
}
