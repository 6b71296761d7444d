import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** How far the attribution job has read the order event log. */
@Entity({ tableName: 'campaign_attribution_state' })
export class CampaignAttributionState {
  /** `order_event`. */
  @PrimaryKey({ type: 'string', length: 64 })
  name: string;

  /** The last event whose order was attributed. */
  @Property({ type: new BigIntType('number') })
  lastEventId: number;
}
