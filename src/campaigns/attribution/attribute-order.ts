import type { AttributionMatch } from '../order-campaign.entity';
import { normalizeCouponCodes } from '../pricing/coupon-codes';
import type { CampaignRule } from '../pricing/pricing-types';

/** An order as attribution reads it. CANCELLED orders are attributed to nothing. */
export interface AttributableOrder {
  id: number;
  channelId: number;
  customerId: number | null;
  placedAt: Date;
  currencyCode: string;
  status: string;
  /** As the channel sent them; compared upper case. */
  couponCodes: readonly string[];
  /** The marketplace's promotion ids on the order or its items. */
  promotionIds: readonly string[];
  discountTotalMinor: number;
  lines: ReadonlyArray<{ sku: string | null; quantity: number; unitPriceMinor: number; discountMinor: number; totalMinor: number }>;
}

/** A campaign as attribution reads it. */
export interface AttributableCampaign {
  id: number;
  rule: CampaignRule;
  startsAt: Date | null;
  endsAt: Date | null;
  channelIds: readonly number[];
  skus: readonly string[];
  /** Upper case. */
  couponCodes: readonly string[];
  promotionIds: readonly string[];
}

/** An order's row in order_campaign. */
export interface Attribution {
  orderId: number;
  campaignId: number;
  channelId: number;
  customerId: number | null;
  placedAt: Date;
  currencyCode: string;
  matchedBy: AttributionMatch;
  couponCode: string | null;
  units: number;
  revenueMinor: number;
  discountMinor: number;
  flashUnits: number;
}

type Line = AttributableOrder['lines'][number];

/** Whether the lines show the rule was applied to them (docs/pricing.md, "Where usage comes from"). */
function showsRule(rule: CampaignRule, lines: readonly Line[], order: AttributableOrder): boolean {
  switch (rule.kind) {
    case 'PERCENT_OFF':
    case 'AMOUNT_OFF':
    case 'SPEND_THRESHOLD':
      return lines.some((l) => l.discountMinor > 0);
    case 'FLASH_PRICE':
      return lines.some((l) => l.sku === rule.sku && l.quantity > 0 && (l.unitPriceMinor <= rule.unitPriceMinor || l.totalMinor <= rule.unitPriceMinor * l.quantity));
    case 'GIFT':
      return order.lines.some((l) => l.sku === rule.giftSku && l.quantity > 0 && l.unitPriceMinor * l.quantity - l.discountMinor <= 0);
    case 'POINTS_MULTIPLIER':
      return true;
  }
}

/**
 * The campaigns an order is attributed to, and what it bought of each one's items. An order
 * placed in a campaign's window [startsAt, endsAt) on one of its channels is its order:
 * - by COUPON when the campaign has coupon codes and the order used one of them (then only so);
 * - by PROMOTION when the campaign names marketplace promotion ids and the order carries one
 *   (then only so);
 * - otherwise by SCOPE: the order has lines of the campaign's SKUs (any line without a SKU scope)
 *   in the rule's currency, and they show the rule: a discount on them (percent, amount,
 *   threshold), the SKU at or below the flash price, the gift SKU at no charge; a points
 *   multiplier shows nowhere, so every such order counts.
 * Units, revenue and discount are those of the campaign's lines (every line, and the order's whole
 * discount, without a SKU scope). Pure: the same order and campaigns give the same rows.
 */
export function attributeOrder(order: AttributableOrder, campaigns: readonly AttributableCampaign[]): Attribution[] {
  if (order.status === 'CANCELLED') return [];
  const at = order.placedAt.getTime();
  const coupons = new Set(normalizeCouponCodes(order.couponCodes));
  const promotions = new Set(order.promotionIds);
  const out: Attribution[] = [];
  for (const campaign of campaigns) {
    if (!campaign.startsAt || at < campaign.startsAt.getTime()) continue;
    if (campaign.endsAt && at >= campaign.endsAt.getTime()) continue;
    if (campaign.channelIds.length && !campaign.channelIds.includes(order.channelId)) continue;
    const scoped = campaign.skus.length > 0;
    const lines = scoped ? order.lines.filter((l) => l.sku !== null && campaign.skus.includes(l.sku)) : order.lines;
    let matchedBy: AttributionMatch;
    let couponCode: string | null = null;
    if (campaign.couponCodes.length) {
      couponCode = campaign.couponCodes.find((c) => coupons.has(c)) ?? null;
      if (!couponCode) continue;
      matchedBy = 'COUPON';
    } else if (campaign.promotionIds.length) {
      if (!campaign.promotionIds.some((p) => promotions.has(p))) continue;
      matchedBy = 'PROMOTION';
    } else {
      const currency = 'currency' in campaign.rule ? campaign.rule.currency : null;
      if (currency && currency !== order.currencyCode) continue;
      if (!lines.length || !showsRule(campaign.rule, lines, order)) continue;
      matchedBy = 'SCOPE';
    }
    const rule = campaign.rule;
    out.push({
      orderId: order.id,
      campaignId: campaign.id,
      channelId: order.channelId,
      customerId: order.customerId,
      placedAt: order.placedAt,
      currencyCode: order.currencyCode,
      matchedBy,
      couponCode,
      units: lines.reduce((n, l) => n + l.quantity, 0),
      revenueMinor: lines.reduce((n, l) => n + l.totalMinor, 0),
      discountMinor: scoped ? lines.reduce((n, l) => n + l.discountMinor, 0) : order.discountTotalMinor,
      flashUnits: rule.kind === 'FLASH_PRICE' ? lines.filter((l) => l.sku === rule.sku).reduce((n, l) => n + l.quantity, 0) : 0,
    });
  }
  return out;
}
