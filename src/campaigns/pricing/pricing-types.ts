/**
 * The rules engine's vocabulary: what a campaign promises (its rule and scopes), what a cart
 * holds, what the campaigns have used up so far, and the quote that comes out. Plain data, no
 * ORM or GraphQL: the engine is a pure function of these (see quote-cart.ts).
 *
 * Money here is integer minor units of the cart's currency. Percentages are integer basis points
 * (1,500 = 15%); multipliers are integer hundredths (250 = ×2.5).
 */

export type RuleKind = 'PERCENT_OFF' | 'AMOUNT_OFF' | 'SPEND_THRESHOLD' | 'GIFT' | 'FLASH_PRICE' | 'POINTS_MULTIPLIER';

/** A step of a spend threshold: spending at least `spendMinor` on the campaign's lines takes `offMinor` off. */
export interface SpendTier {
  spendMinor: number;
  offMinor: number;
}

/**
 * What a campaign gives. Amounts are in `currency`: a cart in another currency is not discounted
 * by it (percentages and multipliers work in every currency).
 */
export type CampaignRule =
  /** `basisPoints` off the campaign's lines (all lines when it has no SKU scope). */
  | { kind: 'PERCENT_OFF'; basisPoints: number }
  /** A fixed amount off the campaign's lines, at most what they cost. */
  | { kind: 'AMOUNT_OFF'; currency: string; amountMinor: number }
  /**
   * The highest tier the campaign's lines reach; with `repeat` (one tier only), its amount once
   * for every full `spendMinor` spent ("every 300 → 50 off"), at most `maxRepeats` times when set.
   */
  | { kind: 'SPEND_THRESHOLD'; currency: string; tiers: SpendTier[]; repeat: boolean; maxRepeats: number | null }
  /**
   * `quantity` units of `giftSku` added free (a line at zero price) when the campaign's lines
   * reach `minSpendMinor` (0: any purchase of them qualifies).
   */
  | { kind: 'GIFT'; currency: string; giftSku: string; giftTitle: string; quantity: number; minSpendMinor: number }
  /** `sku` sold at `unitPriceMinor` while the campaign is on, for at most `unitCap` units in all (null: no cap). */
  | { kind: 'FLASH_PRICE'; currency: string; sku: string; unitPriceMinor: number; unitCap: number | null }
  /** Points earned on the cart multiplied by `hundredths` / 100. */
  | { kind: 'POINTS_MULTIPLIER'; hundredths: number };

export type Stacking = 'EXCLUSIVE' | 'STACKABLE';

/** A coupon code of a campaign: how often it may be used in all and by one customer (null: no limit). */
export interface CouponTerms {
  code: string;
  usageLimit: number | null;
  perCustomerLimit: number | null;
}

/** A campaign as the engine sees it: its rule, when and where it runs, and its limits. */
export interface PricedCampaign {
  id: number;
  code: string;
  rule: CampaignRule;
  /** Null: not scheduled yet (a draft). */
  startsAt: Date | null;
  /** Null: runs until paused. */
  endsAt: Date | null;
  paused: boolean;
  /** Channel ids; empty: every channel. */
  channelIds: number[];
  /** Customer tiers (e.g. VIP, LOYAL); empty: every customer, known or not. */
  tiers: string[];
  /** SKUs whose lines the campaign discounts and counts; empty: every line. */
  skus: string[];
  /** Higher first. */
  priority: number;
  stacking: Stacking;
  /** The most discount the campaign may give in all, in minor units of `budgetCurrency`; null: no budget. */
  budgetMinor: number | null;
  budgetCurrency: string | null;
  /** Empty: applies without a coupon; otherwise only with one of these codes. */
  coupons: CouponTerms[];
}

/** What campaigns have used so far (from the orders attributed to them). */
export interface CampaignUsage {
  /** Discount given so far by campaign id, in minor units of its budget currency. */
  discountGivenMinor: ReadonlyMap<number, number>;
  /** Units sold at a flash price so far, by campaign id. */
  flashUnitsSold: ReadonlyMap<number, number>;
  /** Uses of each coupon code (upper case) in all. */
  couponUses: ReadonlyMap<string, number>;
  /** Uses of each coupon code (upper case) by the cart's customer. */
  customerCouponUses: ReadonlyMap<string, number>;
}

export interface CartLine {
  sku: string;
  title: string | null;
  quantity: number;
  unitPriceMinor: number;
}

export interface Cart {
  channelId: number;
  currency: string;
  /** The cart's customer's tier, null for a guest or a customer without orders. */
  customerTier: string | null;
  /** Whether the cart names a customer (per-customer coupon limits need one). */
  customerKnown: boolean;
  /** As entered: matched without regard to case, spaces trimmed. */
  couponCodes: string[];
  lines: CartLine[];
  /** The moment the quote is for. */
  at: Date;
  /** Points the cart earns per whole major unit of its total before multipliers (default 1). */
  basePointsPerUnit?: number;
}

/** Why a campaign gave nothing to this cart. */
export type NotAppliedReason =
  | 'NOT_SCHEDULED'
  | 'NOT_STARTED'
  | 'ENDED'
  | 'PAUSED'
  | 'WRONG_CHANNEL'
  | 'CUSTOMER_TIER'
  | 'NO_ELIGIBLE_LINES'
  | 'CURRENCY'
  | 'THRESHOLD_NOT_REACHED'
  | 'COUPON_REQUIRED'
  | 'COUPON_EXHAUSTED'
  | 'COUPON_CUSTOMER_LIMIT'
  | 'EXCLUDED'
  | 'BUDGET_SPENT'
  | 'SOLD_OUT'
  | 'NOTHING_TO_DISCOUNT';

export interface NotApplied {
  campaignId: number;
  code: string;
  reason: NotAppliedReason;
  /** A sentence for people: "spend 12.00 EUR more", "excluded by SUMMER (exclusive, priority 10)". */
  detail: string;
  /** THRESHOLD_NOT_REACHED: what is missing to reach the lowest tier (or the gift's minimum). */
  shortByMinor?: number;
  /** EXCLUDED: the campaign that excluded it. */
  excludedBy?: string;
}

export interface Allocation {
  campaignId: number;
  code: string;
  amountMinor: number;
}

export interface QuoteLine {
  sku: string;
  title: string | null;
  quantity: number;
  unitPriceMinor: number;
  /** quantity × unit price. */
  subtotalMinor: number;
  /** The sum of its allocations. */
  discountMinor: number;
  totalMinor: number;
  /** A line a GIFT rule added (unit price 0). */
  gift: boolean;
  allocations: Allocation[];
}

export interface AppliedCampaign {
  campaignId: number;
  code: string;
  kind: RuleKind;
  discountMinor: number;
  /** The coupon code that unlocked it, upper case. */
  couponCode: string | null;
  /** Gift units it added. */
  giftQuantity: number;
  /** FLASH_PRICE: units sold at the flash price. */
  flashUnits: number;
}

export interface RejectedCoupon {
  code: string;
  reason: 'UNKNOWN';
}

export interface Quote {
  currency: string;
  subtotalMinor: number;
  discountMinor: number;
  totalMinor: number;
  /** Points the cart earns: base points of the total × the highest multiplier applied. */
  points: number;
  lines: QuoteLine[];
  applied: AppliedCampaign[];
  notApplied: NotApplied[];
  rejectedCoupons: RejectedCoupon[];
}
