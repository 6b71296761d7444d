import { parseMoney } from '../money/money';

/**
 * The thresholds that place a customer in a tier, from the environment (see README "Customer
 * tiers"). Days count back from now; values are net lifetime value (orders − refunds) in minor
 * units of each currency: currencies are never added, and a currency without a threshold cannot
 * make a customer VIP by value.
 */
export interface SegmentRules {
  /** SALESGRAPH_TIER_NEW_DAYS (30): a first order this recent makes a customer NEW. */
  newDays: number;
  /** SALESGRAPH_TIER_AT_RISK_DAYS (90): no order for longer puts a customer AT_RISK. */
  atRiskDays: number;
  /** SALESGRAPH_TIER_LAPSED_DAYS (180): no order for longer makes a customer LAPSED. */
  lapsedDays: number;
  /** SALESGRAPH_TIER_LOYAL_ORDERS (3): orders that make a customer LOYAL. */
  loyalOrders: number;
  /** SALESGRAPH_TIER_VIP_ORDERS (5): orders a VIP has at least. */
  vipOrders: number;
  /** SALESGRAPH_TIER_VIP_VALUE ("USD:1000,EUR:1000,GBP:800,JPY:150000,CNY:7000"): the lifetime value a VIP has in at least one currency, in minor units. */
  vipValue: ReadonlyMap<string, number>;
}

export const DEFAULT_VIP_VALUE = 'USD:1000,EUR:1000,GBP:800,JPY:150000,CNY:7000';

export class SegmentRulesError extends Error {}

/** Reads `CUR:amount,CUR:amount` (amounts in major units, exact) into minor units per currency. */
export function parseVipValue(raw: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z]{3})\s*:\s*(\d+(?:\.\d+)?)$/.exec(part);
    if (!match) throw new SegmentRulesError(`SALESGRAPH_TIER_VIP_VALUE: "${part}" is not CURRENCY:amount (e.g. USD:1000)`);
    try {
      const money = parseMoney(match[2], match[1]);
      values.set(money.currency, money.minor);
    } catch (error) {
      throw new SegmentRulesError(`SALESGRAPH_TIER_VIP_VALUE: "${part}": ${(error as Error).message}`);
    }
  }
  return values;
}

/** Checks the thresholds hang together: NEW within AT_RISK within LAPSED, LOYAL at most VIP. */
export function checkSegmentRules(rules: SegmentRules): SegmentRules {
  if (!(rules.newDays <= rules.atRiskDays && rules.atRiskDays < rules.lapsedDays)) {
    throw new SegmentRulesError(
      `tier days must grow: SALESGRAPH_TIER_NEW_DAYS (${rules.newDays}) <= SALESGRAPH_TIER_AT_RISK_DAYS (${rules.atRiskDays}) < SALESGRAPH_TIER_LAPSED_DAYS (${rules.lapsedDays})`,
    );
  }
  if (rules.loyalOrders < 1 || rules.loyalOrders > rules.vipOrders) {
    throw new SegmentRulesError(`1 <= SALESGRAPH_TIER_LOYAL_ORDERS (${rules.loyalOrders}) <= SALESGRAPH_TIER_VIP_ORDERS (${rules.vipOrders}) must hold`);
  }
  return rules;
}

export const DEFAULT_SEGMENT_RULES: SegmentRules = {
  newDays: 30,
  atRiskDays: 90,
  lapsedDays: 180,
  loyalOrders: 3,
  vipOrders: 5,
  vipValue: parseVipValue(DEFAULT_VIP_VALUE),
};
