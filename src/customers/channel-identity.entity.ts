import {
  OptionalProps, Entity, ManyToOne, PrimaryKey, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';

import { Channel } from '../channels/channel.entity';
import { Customer } from './customer.entity';
import { IdentityMatch } from './identity-match';

/** A customer's id inside one channel (a Shopify customer id, an Amazon buyer, a loyalty card). */
@ObjectType({ simpleResolvers: true, description: "A customer's own id inside one channel." })
@Entity({ tableName: 'channel_identity' })
@Unique({ properties: ['channel', 'externalId'] })
export class ChannelIdentity {
  [OptionalProps]?: 'email' | 'emailMatchable' | 'matchedBy' | 'createdAt';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  @ManyToOne({ entity: () => Customer, deleteRule: 'cascade', index: true })
  customer: Rel<Customer>;

  // indexed by (channel, externalId)
  @ManyToOne({ entity: () => Channel, deleteRule: 'cascade', index: false })
  channel: Rel<Channel>;

  @Field({ description: "The channel's id for this customer; not personal data." })
  @Property({ type: 'string', length: 200 })
  externalId: string;

  /** The e-mail as the channel knows it (a marketplace relay alias, possibly). */
  @Property({ type: 'string', length: 320, nullable: true })
  email: string | null = null;

  /** False for marketplace relay aliases: such an e-mail never links customers. */
  @Property({ type: 'boolean', default: true })
  emailMatchable: boolean = true;

  @Field(() => IdentityMatch, { description: 'Why this identity belongs to its customer.' })
  @Property({ type: 'string', length: 16, default: IdentityMatch.UNRECORDED })
  matchedBy: IdentityMatch = IdentityMatch.UNRECORDED;

  @Field({ description: 'When the identity was linked to its customer.' })
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
