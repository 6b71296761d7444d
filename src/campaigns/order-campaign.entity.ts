import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** How an order was tied to a campaign, strongest first. */
export type AttributionMatch = 'COUPON' | 'PROMOTION' | 'SCOPE';

/**
 * An order attributed to a campaign (see campaign-attribution.ts): what the order bought of the
 * campaign's items and the discount it got on them. Kept by the attribution job from the order
 * event log, so it follows every change of the order and of the campaign; no foreign keys (it is
 * rewritten whole for the orders and campaigns it concerns).
 */
@Entity({ tableName: 'order_campaign' })
@Index({ name: 'order_campaign_campaign_placed_at_index', properties: ['campaignId', 'placedAt'] })
@Index({ name: 'order_campaign_coupon_customer_index', properties: ['couponCode', 'customerId'] })
export class OrderCampaign {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  orderId: number;

  @PrimaryKey({ type: 'integer', autoincrement: false })
  campaignId: number;

  @Property({ type: 'integer' })
  channelId: number;

  @Property({ type: 'integer', nullable: true })
  customerId: number | null = null;

  @Property({ type: 'datetime' })
  placedAt: Date;

  @Property({ type: 'string', length: 3 })
  currencyCode: string;

  @Property({ type: 'string', length: 16 })
  matchedBy: AttributionMatch;

  /** The coupon code that tied it, upper case (COUPON). */
  @Property({ type: 'string', length: 64, nullable: true })
  couponCode: string | null = null;

  /** Units of the campaign's items in the order. */
  @Property({ type: 'integer' })
  units: number;

  /** The campaign's items' line totals, in minor units. */
  @Property({ type: new BigIntType('number') })
  revenueMinor: number;

  /** The discount on the campaign's items, in minor units: what the campaign gave this order. */
  @Property({ type: new BigIntType('number') })
  discountMinor: number;

  /** FLASH_PRICE: units of its SKU sold at or below the flash price. */
  @Property({ type: 'integer' })
  flashUnits: number;
}
