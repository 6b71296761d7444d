import type { ChannelContext } from '../plugin';
import type { NormalizeResult } from '../results';

/** One payload a plugin must take, as its channel delivers it. */
export interface ConformanceCase {
  /** Shown in the test names and the report ("orders/create, guest checkout"). */
  name: string;
  /** The parsed body, as `parseJsonPayload` gives it (the bare webhook object, not a REST envelope). */
  payload: unknown;
  /** The delivery's headers; names are lower-cased before `normalize` sees them. */
  headers?: Record<string, string>;
  /** Overrides of the channel the payload arrives on (default: code `conformance`, USD, no settings). */
  channel?: Partial<ChannelContext>;
}

export interface ConformanceOptions {
  /**
   * How far, in minor units, `subtotal − discountTotal + shippingTotal (+ taxTotal)` may be from
   * `total` before the balance check fails (default 0). The difference is reported either way.
   */
  balanceToleranceMinor?: number;
}

/** One check on one case: it passes when `problems` is empty. */
export interface ConformanceCheck {
  /** Stable key of the check (`money-balances`, `survives-key-deleted`…). */
  id: string;
  /** What the check asserts, as a test name; the balance check's title carries the difference. */
  title: string;
  problems: string[];
}

/** How far an order's stated total is from the sum of its parts. */
export interface OrderBalance {
  externalId: string;
  currency: string;
  /** `total − (subtotal − discountTotal + shippingTotal (+ taxTotal unless taxesIncluded))`, in minor units. */
  differenceMinor: number;
  /** The difference in major units with its currency ("0.00 USD", "-0.01 EUR"). */
  difference: string;
  withinTolerance: boolean;
}

/** The outcome of every check on one case. */
export interface ConformanceReport {
  case: string;
  /** What `normalize` gave on the case as it is (`threw` when it threw, which it must never do). */
  outcome: NormalizeResult['outcome'] | 'threw';
  /** One entry per order record the case produced. */
  balances: OrderBalance[];
  checks: ConformanceCheck[];
  ok: boolean;
}
