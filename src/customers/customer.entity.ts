import {
  OptionalProps, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { ObjectType, Field, ID } from 'type-graphql';

/**
 * One person across every channel. Personal fields are masked for every role but ADMIN by the
 * customer resolver, so they carry no @Field here.
 */
@ObjectType({ simpleResolvers: true, description: 'One customer across online and offline channels.' })
@Entity({ tableName: 'customer' })
export class Customer {
  [OptionalProps]?: 'email' | 'phone' | 'name' | 'mergedInto' | 'erasedAt' | 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  /** Lower-cased, trimmed e-mail usable for matching; relay aliases are never stored here. */
  @Property({ type: 'string', length: 320, nullable: true })
  @Index({ name: 'customer_email_index' })
  email: string | null = null;

  /** E.164 when it could be parsed, as received otherwise. */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index({ name: 'customer_phone_index' })
  phone: string | null = null;

  @Property({ type: 'string', length: 300, nullable: true })
  name: string | null = null;

  /**
   * Set when this customer was merged into another (mergeCustomers): its orders and identities
   * moved there, and its id resolves to that customer.
   */
  @Property({ type: 'integer', nullable: true, fieldName: 'merged_into_id' })
  mergedInto: number | null = null;

  /**
   * Set when the customer's personal data was erased (eraseCustomer): they keep their orders,
   * channel ids and figures, and never get personal data again.
   */
  @Field(() => Date, { nullable: true, description: "When the customer's personal data was erased (eraseCustomer); null while it is kept." })
  @Property({ type: 'datetime', nullable: true })
  erasedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
