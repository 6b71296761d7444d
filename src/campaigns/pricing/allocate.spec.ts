import fc from 'fast-check';

import { allocate } from './allocate';

describe('allocate', () => {
  it('shares 10.00 over 33.33, 33.33 and 33.34 by largest remainder', () => {
    // 1000 × 3333 / 10000 = 333.3 → 333, 333.3 → 333, 1000 × 3334 / 10000 = 333.4 → 333 (999 given);
    // the 1 left over goes to the largest remainder, the third line (0.4)
    expect(allocate(1000, [3333, 3333, 3334])).toEqual([333, 333, 334]);
  });

  it('shares 10.00 over 3.33, 3.33 and 3.34 exactly: each line its own amount', () => {
    // 1000 × 333 / 1000 = 333, 333, 1000 × 334 / 1000 = 334: no remainder
    expect(allocate(1000, [333, 333, 334])).toEqual([333, 333, 334]);
  });

  it('gives a tied remainder to the earlier line', () => {
    // 100 / 3 = 33.33 each: 99 given, the 1 left over goes to the first of the tied lines
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });

  it('gives two tied units to the first two lines', () => {
    // 50.00 over three 100.00 lines: 1666.67 each, 4998 given, 2 left over
    expect(allocate(5000, [10000, 10000, 10000])).toEqual([1667, 1667, 1666]);
  });

  it('gives the left-over unit to the largest remainder, not the largest line', () => {
    // 50.00 over 120.00, 100.00, 80.00: 2000 (r 0), 1666.67 (r .67), 1333.33 (r .33)
    expect(allocate(5000, [12000, 10000, 8000])).toEqual([2000, 1667, 1333]);
  });

  it('gives a zero weight nothing', () => {
    // 7 / 2 = 3.5 each for the two weighted lines; the tie goes to the earlier one
    expect(allocate(7, [0, 5, 0, 5])).toEqual([0, 4, 0, 3]);
  });

  it('returns zeros when every weight is zero and the total is zero', () => {
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
  });

  it('refuses to share a non-zero total over weights that are all zero', () => {
    expect(() => allocate(1, [0, 0])).toThrow(RangeError);
  });

  it('refuses a negative weight', () => {
    expect(() => allocate(1, [2, -1])).toThrow(RangeError);
  });

  it('refuses a fractional total', () => {
    expect(() => allocate(1.5, [1])).toThrow(RangeError);
  });

  it('stays exact where the products exceed 2^53', () => {
    const max = Number.MAX_SAFE_INTEGER;
    // (max − 1) × max / (2 × max) = (max − 1) / 2 per line, exactly
    expect(allocate(max - 1, [max, max])).toEqual([(max - 1) / 2, (max - 1) / 2]);
  });

  const weights = fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 12 });

  it('always sums to the total', () => {
    fc.assert(
      fc.property(weights, fc.nat({ max: 10_000_000 }), (ws, total) => {
        fc.pre(ws.some((w) => w > 0));
        expect(allocate(total, ws).reduce((a, b) => a + b, 0)).toBe(total);
      }),
      { numRuns: 300 },
    );
  });

  it('never gives a line more than its weight when the total is at most the weights’ sum', () => {
    fc.assert(
      fc.property(weights, fc.nat(), (ws, n) => {
        const total = n % (ws.reduce((a, b) => a + b, 0) + 1); // 0 ≤ total ≤ Σ weights
        allocate(total, ws).forEach((share, i) => {
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(ws[i]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives a zero weight nothing, whatever the others', () => {
    fc.assert(
      fc.property(weights, fc.nat({ max: 10_000_000 }), (ws, total) => {
        fc.pre(ws.some((w) => w > 0));
        allocate(total, ws).forEach((share, i) => {
          if (ws[i] === 0) expect(share).toBe(0);
        });
      }),
      { numRuns: 300 },
    );
  });
});
