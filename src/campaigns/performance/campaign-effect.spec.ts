import { campaignEffect, performanceWindows, type ScopeFigures } from './campaign-effect';

const d = (iso: string) => new Date(iso);
const figures = (revenueMinor: number, costedRevenueMinor = 0, costMinor = 0): ScopeFigures => ({
  orders: 1,
  units: 1,
  revenueMinor,
  discountMinor: 0,
  costedRevenueMinor,
  costMinor,
});

describe('performanceWindows', () => {
  it('is null before the start and for a draft', () => {
    expect(performanceWindows(null, null, d('2026-05-01T00:00:00Z'))).toBeNull();
    expect(performanceWindows(d('2026-05-10T00:00:00Z'), null, d('2026-05-10T00:00:00Z'))).toBeNull();
  });

  it('measures a running campaign up to now, with no after window', () => {
    expect(performanceWindows(d('2026-05-10T00:00:00Z'), d('2026-06-01T00:00:00Z'), d('2026-05-13T00:00:00Z'))).toEqual({
      during: { from: d('2026-05-10T00:00:00Z'), to: d('2026-05-13T00:00:00Z') },
      before: { from: d('2026-05-07T00:00:00Z'), to: d('2026-05-10T00:00:00Z') },
      after: null,
    });
  });

  it('clips the after window of a recently ended campaign at now', () => {
    const w = performanceWindows(d('2026-05-10T00:00:00Z'), d('2026-05-11T00:00:00Z'), d('2026-05-11T06:00:00Z'))!;
    expect(w.after).toEqual({ from: d('2026-05-11T00:00:00Z'), to: d('2026-05-11T06:00:00Z') });
    expect(w.before).toEqual({ from: d('2026-05-09T00:00:00Z'), to: d('2026-05-10T00:00:00Z') });
  });
});

describe('campaignEffect', () => {
  // a 6-hour flash sale: daily figures are four times the window's
  const flash = performanceWindows(d('2026-05-10T12:00:00Z'), d('2026-05-10T18:00:00Z'), d('2026-06-01T00:00:00Z'))!;

  it.each([
    // label, before, during, discount, campaign margin bp, expected
    ['SKU costs only: margin (1000 − 400) / 1000 = 60%, ROI (500 × 0.6 − 100) / 100 = 2', figures(500), figures(1000, 1000, 400), 100, null,
      { dailyRevenueBeforeMinor: 2000, dailyRevenueDuringMinor: 4000, incrementalRevenueMinor: 500, upliftBasisPoints: 10000, marginBasisPoints: 6000, marginFrom: 'SKU_COST', roiTenThousandths: 20000 }],
    ['mixed: (300 − 100 + 700 × 25%) / 1000 = 37.5%, ROI (500 × 0.375 − 100) / 100 = 0.875', figures(500), figures(1000, 300, 100), 100, 2500,
      { marginBasisPoints: 3750, marginFrom: 'MIXED', roiTenThousandths: 8750 }],
    ['no costs and no setting: no margin, no ROI', figures(500), figures(1000), 100, null, { marginBasisPoints: null, marginFrom: null, roiTenThousandths: null }],
    // ROI = (500 × 2/3 − 100) / 100 = 2.33333…
    ['costs for part and no setting: the costed lines\' margin (300 − 100) / 300', figures(500), figures(1000, 300, 100), 100, null,
      { marginBasisPoints: 6667, marginFrom: 'SKU_COST', roiTenThousandths: 23333 }],
    ['no sales before: no uplift', figures(0), figures(700), 0, 5000, { upliftBasisPoints: null, incrementalRevenueMinor: 700, roiTenThousandths: null }],
    ['a fall: uplift −33.33% (rounded half away from zero), ROI (−100 × 0.5 − 30) / 30', figures(300), figures(200), 30, 5000,
      { upliftBasisPoints: -3333, incrementalRevenueMinor: -100, roiTenThousandths: -26667 }],
  ])('%s', (_label, before, during, discount, marginBp, expected) => {
    expect(campaignEffect(flash, before, during, discount, marginBp)).toMatchObject(expected);
  });

  it('rounds the daily revenue down to the minor unit', () => {
    const threeDays = performanceWindows(d('2026-05-10T00:00:00Z'), d('2026-05-13T00:00:00Z'), d('2026-06-01T00:00:00Z'))!;
    // 1000 / 3 days = 333.33… a day
    expect(campaignEffect(threeDays, figures(1000), figures(1000), 0, null).dailyRevenueDuringMinor).toBe(333);
  });
});
