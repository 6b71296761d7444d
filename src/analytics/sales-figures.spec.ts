import { divideRounded } from '../money/money';
import { averageOrderValue, exactInteger, noFigures, refundRate, type AdditiveFigures } from './sales-figures';

const figures = (f: Partial<AdditiveFigures>): AdditiveFigures => ({ ...noFigures(), ...f });

describe('sales figures', () => {
  it('rounds a half away from zero, up for positive and down for negative', () => {
    expect([divideRounded(5n, 2n), divideRounded(-5n, 2n), divideRounded(7n, 3n), divideRounded(-7n, 3n)]).toEqual([3n, -3n, 2n, -2n]);
  });

  it('the average order value of 100.00 over 3 orders is 33.33', () => {
    expect(averageOrderValue(figures({ orders: 3n, total: 10_000n }))).toBe(3333n);
  });

  it('the average order value subtracts refunds and rounds 0.005 up', () => {
    expect(averageOrderValue(figures({ orders: 2n, total: 1_000n, refunds: 999n }))).toBe(1n);
  });

  it('the average order value without orders is 0', () => {
    expect(averageOrderValue(noFigures())).toBe(0n);
  });

  it('the refund rate keeps 4 decimals, rounded half away from zero', () => {
    expect(refundRate(figures({ total: 30_000n, refunds: 1_000n }))).toBe(0.0333);
    expect(refundRate(figures({ total: 20_000n, refunds: 1n }))).toBe(0.0001);
  });

  it('the refund rate is 0 when the total is 0', () => {
    expect(refundRate(figures({ refunds: 500n }))).toBe(0);
  });

  it('reads PostgreSQL numeric strings exactly, past 2^53', () => {
    expect(exactInteger('9007199254740993')).toBe(9_007_199_254_740_993n);
  });

  it('refuses a fractional value from the database', () => {
    expect(() => exactInteger(1.5)).toThrow('expected an integer');
  });
});
