/**
 * A campaign's effect, from its scope's sales before and during it (docs/pricing.md,
 * "Performance and effect"). Exact: integer minor units, ratios as rationals rounded once at the
 * end, half away from zero.
 */

const DAY_MS = 86_400_000;

/** A half-open interval of time. */
export interface Window {
  from: Date;
  to: Date;
}

/** The windows a campaign is measured over at `now`: null before it starts. */
export interface PerformanceWindows {
  /** From its start to its end, or to now while it runs. */
  during: Window;
  /** As long as `during`, just before it. */
  before: Window;
  /** As long as `during`, from its end (up to now); null until it ends. */
  after: Window | null;
}

export function performanceWindows(startsAt: Date | null, endsAt: Date | null, now: Date): PerformanceWindows | null {
  if (!startsAt || now.getTime() <= startsAt.getTime()) return null;
  const start = startsAt.getTime();
  const ended = endsAt !== null && endsAt.getTime() <= now.getTime();
  const end = ended ? endsAt.getTime() : now.getTime();
  const length = end - start;
  return {
    during: { from: startsAt, to: new Date(end) },
    before: { from: new Date(start - length), to: startsAt },
    after: ended ? { from: new Date(end), to: new Date(Math.min(end + length, now.getTime())) } : null,
  };
}

/** Sales of a campaign's scope in one currency over a window. */
export interface ScopeFigures {
  orders: number;
  units: number;
  revenueMinor: number;
  discountMinor: number;
  /** The revenue of the lines whose SKU has a cost in the catalog (in this currency). */
  costedRevenueMinor: number;
  /** Those lines' cost: unit cost × quantity. */
  costMinor: number;
}

export type MarginSource = 'SKU_COST' | 'CAMPAIGN' | 'MIXED';

export interface CampaignEffect {
  dailyRevenueBeforeMinor: number;
  dailyRevenueDuringMinor: number;
  /** Revenue during − revenue before (the windows are as long). */
  incrementalRevenueMinor: number;
  /** (daily revenue during − before) / before, in hundredths of a percent; null without sales before. */
  upliftBasisPoints: number | null;
  /** The margin on the scope's revenue during the campaign, in hundredths of a percent; null when nothing gives one. */
  marginBasisPoints: number | null;
  marginFrom: MarginSource | null;
  /** (incremental revenue × margin − discount given) / discount given, in ten-thousandths; null without discount or margin. */
  roiTenThousandths: number | null;
}

/** n / d rounded to the nearest integer, half away from zero (d > 0). */
function roundDiv(n: bigint, d: bigint): number {
  const q = n / d;
  const r = n % d;
  const away = 2n * (r < 0n ? -r : r) >= d;
  return Number(away ? q + (n < 0n ? -1n : 1n) : q);
}

/** The margin as a fraction num / den of the revenue during, and where it came from. */
function margin(during: ScopeFigures, campaignMarginBasisPoints: number | null): { num: bigint; den: bigint; from: MarginSource } | null {
  const revenue = BigInt(during.revenueMinor);
  if (revenue <= 0n) return null;
  const costed = BigInt(during.costedRevenueMinor);
  const profitKnown = costed - BigInt(during.costMinor);
  const uncosted = revenue - costed;
  if (uncosted === 0n) return { num: profitKnown, den: revenue, from: 'SKU_COST' };
  if (campaignMarginBasisPoints === null) {
    // no setting for the rest: the margin of the costed lines alone, if any
    return costed > 0n ? { num: profitKnown, den: costed, from: 'SKU_COST' } : null;
  }
  return {
    num: profitKnown * 10_000n + uncosted * BigInt(campaignMarginBasisPoints),
    den: revenue * 10_000n,
    from: costed > 0n ? 'MIXED' : 'CAMPAIGN',
  };
}

/**
 * The effect of a campaign in one currency: daily revenue before and during, uplift, incremental
 * revenue, margin and return on investment, from its scope's sales before and during it, the
 * discount it gave (its attributed orders') and its margin setting.
 */
export function campaignEffect(
  windows: PerformanceWindows,
  before: ScopeFigures,
  during: ScopeFigures,
  discountGivenMinor: number,
  campaignMarginBasisPoints: number | null,
): CampaignEffect {
  const length = BigInt(windows.during.to.getTime() - windows.during.from.getTime());
  const daily = (revenue: number) => (length > 0n ? Number((BigInt(revenue) * BigInt(DAY_MS)) / length) : 0);
  const incremental = during.revenueMinor - before.revenueMinor;
  const m = margin(during, campaignMarginBasisPoints);
  const discount = BigInt(discountGivenMinor);
  return {
    dailyRevenueBeforeMinor: daily(before.revenueMinor),
    dailyRevenueDuringMinor: daily(during.revenueMinor),
    incrementalRevenueMinor: incremental,
    upliftBasisPoints: before.revenueMinor > 0 ? roundDiv(BigInt(incremental) * 10_000n, BigInt(before.revenueMinor)) : null,
    marginBasisPoints: m ? roundDiv(m.num * 10_000n, m.den) : null,
    marginFrom: m?.from ?? null,
    // (incremental × num/den − discount) / discount = (incremental × num − discount × den) / (discount × den)
    roiTenThousandths: m && discount > 0n ? roundDiv((BigInt(incremental) * m.num - discount * m.den) * 10_000n, discount * m.den) : null,
  };
}
