import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * What a campaign has used up, in one currency: the sums of its order_campaign rows, kept by the
 * attribution job in the same transaction as those rows, so that pricing a cart reads one row per
 * campaign however many orders it has.
 */
@Entity({ tableName: 'campaign_usage' })
export class CampaignUsageRow {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  campaignId: number;

  @PrimaryKey({ type: 'string', length: 3 })
  currencyCode: string;

  @Property({ type: 'integer' })
  orders: number;

  @Property({ type: 'integer' })
  units: number;

  @Property({ type: new BigIntType('number') })
  revenueMinor: number;

  @Property({ type: new BigIntType('number') })
  discountMinor: number;

  @Property({ type: 'integer' })
  flashUnits: number;
}
