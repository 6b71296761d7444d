import {
  OptionalProps, Collection, Entity, ManyToMany, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';

import { Channel } from '../channels/channel.entity';
import { CampaignStatus } from './campaign-status';

/** A promotion running on some channels between two dates. Its pricing rules come later. */
@ObjectType({ simpleResolvers: true, description: 'A promotion campaign on one or more channels.' })
@Entity({ tableName: 'campaign' })
export class Campaign {
  [OptionalProps]?: 'status' | 'startsAt' | 'endsAt' | 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  @Field()
  @Property({ type: 'string', length: 64, unique: true })
  code: string;

  @Field()
  @Property({ type: 'string', length: 200 })
  name: string;

  @Field(() => CampaignStatus)
  @Property({ type: 'string', length: 32 })
  status: CampaignStatus = CampaignStatus.DRAFT;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  startsAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  endsAt: Date | null = null;

  @ManyToMany({ entity: () => Channel, pivotTable: 'campaign_channel' })
  channelRefs = new Collection<Channel>(this);

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
