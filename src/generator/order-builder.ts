/**
 * Builds one order's content in memory: lines from the catalog, discounts (coupon codes,
 * automatic sales, member discounts), tax, shipping, a status that fits the order's age and a
 * refunded amount that fits the status. Every amount is an integer number of minor units and
 * the totals add up exactly:
 *
 * - line total = unit price × quantity − discount + tax
 * - subtotal = Σ unit price × quantity; discount total = Σ line discounts; tax total = Σ line taxes
 * - total = subtotal − discount total + tax total + shipping
 *
 * @packageDocumentation
 */

import { ChannelKind } from '../channels/channel-kind';
import { OrderStatus } from '../orders/order-status';
import { lineTitle, pickVariants, productTitle, unitPriceMinor, variantTitle } from './catalog';
import type { ChannelProfile } from './channels';
import { allocate, basisPointsOf, majorToMinor, mulDivFloor, mulDivRound } from './minor-units';
import type { Random } from './random';
import { addCapped, DAY_MS } from './timeline';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** One generated order line. */
export interface GeneratedLine {
  /** Position inside the order, from 0. */
  readonly position: number;
  readonly sku: string;
  /** Title as the channel shows the line: "Merino Crew Sweater - Navy / M". */
  readonly title: string;
  readonly productTitle: string;
  readonly variantTitle: string | null;
  readonly productCode: string;
  readonly grams: number;
  readonly quantity: number;
  readonly currencyCode: string;
  readonly unitPriceMinor: number;
  readonly discountMinor: number;
  readonly taxMinor: number;
  readonly totalMinor: number;
}

/** The discount applied to an order, if any. */
export interface AppliedDiscount {
  /** `percentage` and `fixed_amount` come from a typed code; `automatic` ones have none. */
  readonly type: 'percentage' | 'fixed_amount' | 'automatic';
  /** The coupon code as typed (upper case), or null for an automatic discount. */
  readonly code: string | null;
  /** Whole percent for percentage discounts, minor units for fixed amounts. */
  readonly value: number;
  /** Human title, e.g. "SPRING10" or "Spring sale 20% off". */
  readonly title: string;
  /** Whether it applied to one line only (an item on sale) rather than across the order. */
  readonly singleLine: boolean;
}

/** One generated order, before it gets ids, a customer and the channel's order number. */
export interface GeneratedOrder {
  readonly currencyCode: string;
  readonly status: OrderStatus;
  readonly lines: ReadonlyArray<GeneratedLine>;
  readonly subtotalMinor: number;
  readonly discountTotalMinor: number;
  readonly taxTotalMinor: number;
  readonly shippingTotalMinor: number;
  readonly totalMinor: number;
  readonly refundedTotalMinor: number;
  /** Coupon codes typed by the buyer, upper case, as stored in Order.couponCodes. */
  readonly couponCodes: string[];
  readonly discount: AppliedDiscount | null;
  /** Tax rate applied to every line, in basis points (825 = 8.25 %). */
  readonly taxRateBps: number;
  /** Shipping method title ("Standard Shipping", "Free Shipping"), null when nothing ships. */
  readonly shippingTitle: string | null;
  readonly placedAt: Date;
  /** When the channel last changed the order (paid, shipped, refunded…), never after `now`. */
  readonly sourceUpdatedAt: Date;
}

/** What to build. */
export interface BuildOrderInput {
  readonly profile: ChannelProfile;
  readonly placedAt: Date;
  /** The present: statuses depend on the order's age, and no time is after it. */
  readonly now: Date;
  /** Force the number of lines (1–5 by default, mean ≈ 3). */
  readonly lineCount?: number;
  /** Force a status. */
  readonly status?: OrderStatus;
  /** Force a discount (true) or none (false); by default the channel's discount share decides. */
  readonly discounted?: boolean;
  /** Currency to sell in; the channel's by default. */
  readonly currencyCode?: string;
}

const LINE_COUNTS = [1, 2, 3, 4, 5];
const LINE_COUNT_WEIGHTS = [15, 22, 28, 20, 15]; // mean 2.98
const QUANTITIES = [1, 2, 3, 4, 6];
const QUANTITY_WEIGHTS = [80, 14, 4, 1.5, 0.5];

const PERCENT_COUPONS: ReadonlyArray<{ code: string; percent: number; weight: number }> = [
  { code: 'SPRING10', percent: 10, weight: 40 },
  { code: 'WELCOME15', percent: 15, weight: 30 },
  { code: 'VIP20', percent: 20, weight: 15 },
  { code: 'FLASH25', percent: 25, weight: 5 },
  { code: 'SORRY10', percent: 10, weight: 10 },
];

/** Fixed-amount coupons per currency: code and value in minor units. */
const FIXED_COUPONS: Record<string, { code: string; minor: number }> = {
  USD: { code: 'TENOFF', minor: 1000 },
  EUR: { code: 'ZEHNEURO', minor: 1000 },
  JPY: { code: 'SAVE1000', minor: 1000 },
  CNY: { code: 'JIAN50', minor: 5000 },
  GBP: { code: 'TENOFF', minor: 1000 },
};

function fixedCoupon(currency: string): { code: string; minor: number } {
  return FIXED_COUPONS[currency] ?? { code: 'TENOFF', minor: majorToMinor(10, currency) };
}

type StatusWeights = ReadonlyArray<readonly [OrderStatus, number]>;

function statusWeights(kind: ChannelKind, ageMs: number): StatusWeights {
  const { PENDING, PAID, FULFILLED, CANCELLED, PARTIALLY_REFUNDED, REFUNDED } = OrderStatus;
  if (kind === ChannelKind.OFFLINE_STORE) {
    if (ageMs < HOUR_MS) return [[FULFILLED, 99], [CANCELLED, 1]];
    return [[FULFILLED, 93], [PARTIALLY_REFUNDED, 3], [REFUNDED, 3], [CANCELLED, 1]];
  }
  if (ageMs < 2 * HOUR_MS) return [[PENDING, 25], [PAID, 72], [CANCELLED, 3]];
  if (ageMs < 2 * DAY_MS) return [[PENDING, 4], [PAID, 58], [FULFILLED, 34], [CANCELLED, 4]];
  if (ageMs < 14 * DAY_MS) return [[PENDING, 1], [PAID, 7], [FULFILLED, 79], [CANCELLED, 5], [PARTIALLY_REFUNDED, 3], [REFUNDED, 5]];
  return [[PENDING, 0.5], [PAID, 1.5], [FULFILLED, 78], [CANCELLED, 5], [PARTIALLY_REFUNDED, 6], [REFUNDED, 9]];
}

function pickStatus(rng: Random, kind: ChannelKind, ageMs: number): OrderStatus {
  const weights = statusWeights(kind, ageMs);
  return weights[rng.weightedIndex(weights.map(([, w]) => w))][0];
}

interface Draft {
  grossMinor: number[];
  discountMinor: number[];
  discount: AppliedDiscount | null;
}

/** Chooses a discount for lines with the given gross amounts and allocates it per line. */
function applyDiscount(rng: Random, profile: ChannelProfile, currency: string, gross: number[]): Draft {
  const none = { grossMinor: gross, discountMinor: gross.map(() => 0), discount: null };
  const subtotal = gross.reduce((s, g) => s + g, 0);
  const kinds = profile.couponCodes ? ['percent', 'fixed', 'sale'] : ['sale', 'member'];
  const kindWeights = profile.couponCodes ? [45, 25, 30] : [60, 40];
  let kind = rng.weighted(kinds, kindWeights);
  const fixed = fixedCoupon(currency);
  if (kind === 'fixed' && subtotal < 3 * fixed.minor) kind = 'percent';
  switch (kind) {
    case 'percent': {
      const coupon = PERCENT_COUPONS[rng.weightedIndex(PERCENT_COUPONS.map((c) => c.weight))];
      return {
        grossMinor: gross,
        discountMinor: gross.map((g) => mulDivRound(g, coupon.percent, 100)),
        discount: { type: 'percentage', code: coupon.code, value: coupon.percent, title: coupon.code, singleLine: false },
      };
    }
    case 'fixed':
      return {
        grossMinor: gross,
        discountMinor: allocate(fixed.minor, gross),
        discount: { type: 'fixed_amount', code: fixed.code, value: fixed.minor, title: fixed.code, singleLine: false },
      };
    case 'sale': {
      const percent = rng.pick([20, 25, 30, 40]);
      const index = rng.int(0, gross.length - 1);
      const discountMinor = gross.map((g, i) => (i === index ? mulDivRound(g, percent, 100) : 0));
      const title = profile.language === 'ja' ? `タイムセール ${percent}%OFF` : profile.language === 'zh' ? `限时特惠 ${percent}% off` : `Sale ${percent}% off`;
      return { grossMinor: gross, discountMinor, discount: { type: 'automatic', code: null, value: percent, title, singleLine: true } };
    }
    case 'member': {
      const percent = rng.pick([5, 10]);
      const title = profile.language === 'zh' ? `会员 ${percent}% 折扣` : profile.language === 'ja' ? `会員割引 ${percent}%` : `Member ${percent}% off`;
      return {
        grossMinor: gross,
        discountMinor: gross.map((g) => mulDivRound(g, percent, 100)),
        discount: { type: 'automatic', code: null, value: percent, title, singleLine: false },
      };
    }
    default:
      return none;
  }
}

function shippingFor(rng: Random, profile: ChannelProfile, netMinor: number): { minor: number; title: string | null } {
  const policy = profile.shipping;
  if (!policy) return { minor: 0, title: null };
  const express = rng.chance(0.06);
  if (!express && (netMinor >= policy.freeFromMinor || rng.chance(policy.freeShare))) return { minor: 0, title: 'Free Shipping' };
  const fees = policy.feesMinor;
  const index = express ? fees.length - 1 : rng.weightedIndex(fees.map((_, i) => (i === 0 ? 85 : i === fees.length - 1 ? 3 : 12)));
  const titles = ['Standard Shipping', 'Expedited Shipping', 'Express Shipping'];
  return { minor: fees[index], title: titles[Math.min(index, titles.length - 1)] };
}

/** The amount refunded on an order of this status and total, consistent with its lines. */
function refundFor(rng: Random, status: OrderStatus, totalMinor: number, lines: ReadonlyArray<GeneratedLine>): number {
  switch (status) {
    case OrderStatus.REFUNDED:
      return totalMinor;
    case OrderStatus.CANCELLED:
      // Cancelled before capture (nothing to give back) or after (all of it returned).
      return rng.chance(0.6) ? 0 : totalMinor;
    case OrderStatus.PARTIALLY_REFUNDED: {
      let amount: number;
      if (lines.length >= 2) {
        amount = rng.pick(lines).totalMinor; // one item returned
      } else if (lines[0].quantity >= 2) {
        amount = mulDivFloor(lines[0].totalMinor, rng.int(1, lines[0].quantity - 1), lines[0].quantity);
      } else {
        amount = mulDivRound(totalMinor, rng.pick([10, 15, 20, 25, 30, 50]), 100); // a goodwill refund
      }
      return Math.min(Math.max(amount, 1), totalMinor - 1);
    }
    default:
      return 0;
  }
}

function updatedAtFor(rng: Random, status: OrderStatus, kind: ChannelKind, placedAt: Date, now: Date): Date {
  const offline = kind === ChannelKind.OFFLINE_STORE;
  switch (status) {
    case OrderStatus.PENDING:
      return addCapped(placedAt, rng.int(0, 10 * MINUTE_MS), now);
    case OrderStatus.PAID:
      return addCapped(placedAt, rng.int(5_000, 30 * MINUTE_MS), now);
    case OrderStatus.FULFILLED:
      return addCapped(placedAt, offline ? rng.int(0, 5_000) : rng.int(4 * HOUR_MS, 4 * DAY_MS), now);
    case OrderStatus.CANCELLED:
      return addCapped(placedAt, rng.int(10 * MINUTE_MS, 2 * DAY_MS), now);
    default:
      return addCapped(placedAt, rng.int(2 * DAY_MS, 21 * DAY_MS), now);
  }
}

/**
 * Builds one order for a channel. Deterministic for the state of `rng`.
 *
 * @throws RangeError when `lineCount` is not between 1 and the number of products.
 */
export function buildOrder(rng: Random, input: BuildOrderInput): GeneratedOrder {
  const { profile, placedAt, now } = input;
  const kind = profile.channel.kind;
  const currency = input.currencyCode ?? profile.channel.currencyCode;
  const lineCount = input.lineCount ?? rng.weighted(LINE_COUNTS, LINE_COUNT_WEIGHTS);
  if (!Number.isInteger(lineCount) || lineCount < 1 || lineCount > 30) throw new RangeError(`lineCount must be 1..30; got ${lineCount}`);
  const variants = pickVariants(rng, lineCount);
  const quantities = variants.map((v) => (v.product.tier <= 3 ? rng.weighted(QUANTITIES, QUANTITY_WEIGHTS) : rng.chance(0.92) ? 1 : 2));
  const unitPrices = variants.map((v) => unitPriceMinor(v.product, currency));
  const gross = unitPrices.map((p, i) => p * quantities[i]);

  const discounted = input.discounted ?? rng.chance(profile.discountShare);
  const draft = discounted ? applyDiscount(rng, profile, currency, gross) : { grossMinor: gross, discountMinor: gross.map(() => 0), discount: null };
  const taxRateBps = rng.pick(profile.taxRatesBps);

  const lines: GeneratedLine[] = variants.map((variant, i) => {
    const discountMinor = draft.discountMinor[i];
    const taxMinor = basisPointsOf(gross[i] - discountMinor, taxRateBps);
    return {
      position: i,
      sku: variant.sku,
      title: lineTitle(variant, profile.language),
      productTitle: productTitle(variant.product, profile.language),
      variantTitle: variantTitle(variant, profile.language),
      productCode: variant.product.code,
      grams: variant.product.grams,
      quantity: quantities[i],
      currencyCode: currency,
      unitPriceMinor: unitPrices[i],
      discountMinor,
      taxMinor,
      totalMinor: gross[i] - discountMinor + taxMinor,
    };
  });

  const subtotalMinor = lines.reduce((s, l) => s + l.unitPriceMinor * l.quantity, 0);
  const discountTotalMinor = lines.reduce((s, l) => s + l.discountMinor, 0);
  const taxTotalMinor = lines.reduce((s, l) => s + l.taxMinor, 0);
  const shipping = shippingFor(rng, profile, subtotalMinor - discountTotalMinor);
  const totalMinor = subtotalMinor - discountTotalMinor + taxTotalMinor + shipping.minor;

  const status = input.status ?? pickStatus(rng, kind, now.getTime() - placedAt.getTime());
  const refundedTotalMinor = refundFor(rng, status, totalMinor, lines);
  const couponCodes = draft.discount?.code ? [draft.discount.code] : [];

  return {
    currencyCode: currency,
    status,
    lines,
    subtotalMinor,
    discountTotalMinor,
    taxTotalMinor,
    shippingTotalMinor: shipping.minor,
    totalMinor,
    refundedTotalMinor,
    couponCodes,
    discount: draft.discount,
    taxRateBps,
    shippingTitle: shipping.title,
    placedAt,
    sourceUpdatedAt: updatedAtFor(rng, status, kind, placedAt, now),
  };
}
