import { Entity, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';

import type { Campaign } from './campaign.entity';

/** A coupon code that unlocks a campaign, unique across campaigns so that an order's code names one. */
@ObjectType('CampaignCoupon', { simpleResolvers: true, description: 'A coupon code of a campaign and its limits.' })
@Entity({ tableName: 'campaign_coupon' })
export class CampaignCoupon {
  [OptionalProps]?: 'usageLimit' | 'perCustomerLimit' | 'uses';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  @ManyToOne({ entity: 'Campaign', deleteRule: 'cascade' })
  campaign: Campaign;

  @Field({ description: 'Upper case; matched without regard to case.' })
  @Property({ type: 'string', length: 64, unique: true })
  code: string;

  @Field(() => Int, { nullable: true, description: 'Uses allowed in all; null: no limit.' })
  @Property({ type: 'integer', nullable: true })
  usageLimit: number | null = null;

  @Field(() => Int, { nullable: true, description: 'Uses allowed per customer; null: no limit.' })
  @Property({ type: 'integer', nullable: true })
  perCustomerLimit: number | null = null;

  /** Orders that used it so far (cancelled ones not counted), kept by the attribution job. */
  @Property({ type: 'integer', default: 0 })
  uses = 0;
}
