/**
 * Binary search: the first index below `length` where `before(i)` is false,
 * or `length` when there is none. `before` must hold for a prefix of the
 * indices only (a sorted array compared with a bound), as Rust's
 * `partition_point`.
 */
export function partitionPoint(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
