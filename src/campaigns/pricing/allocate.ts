/**
 * Shares `totalMinor` out over lines in proportion to `weights` by the largest-remainder
 * (Hamilton) method: each line first gets floor(total × weight / Σ weights); the minor units
 * left over go one each to the lines with the largest remainders, ties to the earlier line.
 *
 * The shares always sum to `totalMinor` exactly, a zero weight always gets 0, and when
 * `totalMinor` ≤ Σ weights no line gets more than its weight (so a discount shared over the
 * lines' amounts never exceeds any line's amount). Integer arithmetic only (BigInt products).
 *
 * @example allocate(1000, [3333, 3333, 3334]) // [333, 333, 334]
 * @example allocate(100, [1, 1, 1]) // [34, 33, 33]: the tie goes to the earlier line
 * @throws RangeError when the total or a weight is not a non-negative safe integer, or when a
 * non-zero total is to be shared over weights that are all zero.
 */
export function allocate(totalMinor: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(totalMinor) || totalMinor < 0) {
    throw new RangeError(`cannot allocate ${String(totalMinor)}: not a non-negative whole number of minor units`);
  }
  weights.forEach((weight, i) => {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new RangeError(`weight ${i} (${String(weight)}) is not a non-negative safe integer`);
    }
  });
  const weightSum = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (weightSum === 0n) {
    if (totalMinor !== 0) throw new RangeError(`cannot allocate ${totalMinor} over weights that are all zero`);
    return weights.map(() => 0);
  }

  const total = BigInt(totalMinor);
  const shares = weights.map((weight) => (total * BigInt(weight)) / weightSum);
  const remainders = weights.map((weight) => (total * BigInt(weight)) % weightSum);
  const leftOver = Number(total - shares.reduce((sum, share) => sum + share, 0n));

  const byRemainder = weights
    .map((_, i) => i)
    .filter((i) => weights[i] > 0)
    .sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1));
  for (const i of byRemainder.slice(0, leftOver)) shares[i] += 1n;

  return shares.map(Number);
}
