import { BigIntType, Collection, Entity, Index, ManyToMany, OneToMany, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';

import { Channel } from '../channels/channel.entity';
import type { CampaignRule, Stacking } from './pricing/pricing-types';
import { CampaignCoupon } from './campaign-coupon.entity';
import { CampaignStacking } from './campaign-enums';

/**
 * A promotion: one pricing rule, when it runs (its status follows from the schedule and pauses,
 * see campaign-status.ts), where and for whom (channels, customer tiers, SKUs), how it combines
 * with others (priority, stacking), how much it may give (budget, coupon limits), and the
 * marketplace promotions it stands for.
 */
@ObjectType({ simpleResolvers: true, description: 'A promotion campaign on one or more channels.' })
@Entity({ tableName: 'campaign' })
export class Campaign {
  [OptionalProps]?: 'startsAt' | 'endsAt' | 'pausedAt' | 'priority' | 'stacking' | 'tiers' | 'skus' | 'promotionIds' | 'budgetMinor' | 'budgetCurrency' | 'attributedVersion' | 'marginBasisPoints' | 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  @Field({ description: 'Unique short code, e.g. "SUMMER24".' })
  @Property({ type: 'string', length: 64, unique: true })
  code: string;

  @Field()
  @Property({ type: 'string', length: 200 })
  name: string;

  @Field(() => Date, { nullable: true, description: 'When it starts; null: a draft, not scheduled yet.' })
  @Property({ type: 'datetime', nullable: true })
  startsAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When it ends (exclusive); null: runs until paused.' })
  @Property({ type: 'datetime', nullable: true })
  endsAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was paused; null while it is not.' })
  @Property({ type: 'datetime', nullable: true })
  pausedAt: Date | null = null;

  @Field(() => Int, { description: 'Higher first: campaigns are applied in priority order, then by code.' })
  @Property({ type: 'integer' })
  priority = 0;

  @Field(() => CampaignStacking)
  @Property({ type: 'string', length: 16 })
  stacking: Stacking = 'STACKABLE';

  /** Customer tiers it is for (CustomerTier names); empty: everyone. */
  @Property({ type: 'json' })
  tiers: string[] = [];

  @Field(() => [String], { description: 'SKUs it discounts and counts; empty: every SKU.' })
  @Property({ type: 'json' })
  skus: string[] = [];

  @Field(() => [String], { description: "The marketplace's own ids for this promotion (e.g. Amazon PromotionIds), for attribution." })
  @Property({ type: 'json' })
  promotionIds: string[] = [];

  @Property({ type: 'json' })
  rule: CampaignRule;

  /** The most discount it may give in all, in minor units of `budgetCurrency`. */
  @Property({ type: new BigIntType('number'), nullable: true })
  budgetMinor: number | null = null;

  @Property({ type: 'string', length: 3, nullable: true })
  budgetCurrency: string | null = null;

  /**
   * The `updatedAt` (epoch ms) its orders were last attributed for: the attribution job goes over
   * its window again while this lags (see attribution/campaign-attribution.job.ts).
   */
  @Property({ type: new BigIntType('number'), nullable: true })
  attributedVersion: number | null = null;

  /**
   * The margin on its items where the catalog has no cost, in basis points of revenue (3,500 =
   * 35%); null: only SKU costs count (see Campaign.performance).
   */
  @Property({ type: 'integer', nullable: true })
  marginBasisPoints: number | null = null;

  @ManyToMany({ entity: () => Channel, pivotTable: 'campaign_channel' })
  channelRefs = new Collection<Channel>(this);

  @OneToMany(() => CampaignCoupon, (coupon) => coupon.campaign, { orphanRemoval: true, orderBy: { code: 'asc' } })
  coupons = new Collection<CampaignCoupon>(this);

  @Field(() => Date)
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** Indexed: every quote reads the campaigns' version, of which the latest `updatedAt` is part. */
  @Field(() => Date)
  @Index()
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
