import { allocate, basisPointsOf, centsToMinor, majorToMinor, mulDivFloor, mulDivRound } from './minor-units';

describe('minor-unit arithmetic', () => {
  it('rounds a tax half up: 8.25 % of 19.99 is 1.65', () => {
    expect(basisPointsOf(1999, 825)).toBe(165);
  });

  it('rounds exactly where floats would not (1.005 × 100 is 100.49999… in floating point)', () => {
    expect(mulDivRound(1005, 1, 10)).toBe(101);
  });

  it('rounds half away from zero for negative amounts', () => {
    expect(mulDivRound(-15, 1, 10)).toBe(-2);
  });

  it('floors with mulDivFloor', () => {
    expect(mulDivFloor(1999, 1, 2)).toBe(999);
  });

  it('stays exact past 2^53 in the intermediate product', () => {
    expect(mulDivRound(9_000_000_000_000, 9999, 10_000)).toBe(8_999_100_000_000);
  });

  it('allocates a fixed discount across lines so the parts add up', () => {
    expect(allocate(1000, [19900, 19900, 19900])).toEqual([334, 333, 333]);
  });

  it('allocation parts always sum to the total and never exceed a weight', () => {
    const weights = [1, 2999, 599, 12800, 7];
    for (const total of [0, 1, 17, 1000, 16406]) {
      const parts = allocate(total, weights);
      expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
      parts.forEach((p, i) => expect(p).toBeLessThanOrEqual(weights[i]));
    }
  });

  it('converts whole major units with the currency exponent', () => {
    expect(majorToMinor(10, 'USD')).toBe(1000);
    expect(majorToMinor(1000, 'JPY')).toBe(1000);
    expect(majorToMinor(5, 'KWD')).toBe(5000);
  });

  it('re-expresses cents in another exponent', () => {
    expect(centsToMinor(1999, 'EUR')).toBe(1999);
    expect(centsToMinor(1999, 'KWD')).toBe(19990);
    expect(centsToMinor(1999, 'JPY')).toBe(20);
  });
});
