/**
 * A count with its noun, agreeing in number: `1 operation`, `2 operations`, `0 errors`. Used
 * by every message and report that counts something.
 */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
