import { BigIntType, Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';

import { MoneyObject, moneyOf } from '../money/money.type';

/**
 * A SKU of the company's catalog: its title, and what a unit costs the company (for campaigns'
 * margin and return on investment). Set through the API or imported as CSV.
 */
@ObjectType({ simpleResolvers: true, description: "A SKU of the company's catalog." })
@Entity({ tableName: 'catalog_item' })
export class CatalogItem {
  [OptionalProps]?: 'costMinor' | 'currencyCode' | 'updatedAt';

  @Field()
  @PrimaryKey({ type: 'string', length: 200 })
  sku: string;

  @Field()
  @Property({ type: 'string', length: 500 })
  title: string;

  /** A unit's cost, in minor units of `currencyCode`; null: not known. */
  @Property({ type: new BigIntType('number'), nullable: true })
  costMinor: number | null = null;

  @Property({ type: 'string', length: 3, nullable: true })
  currencyCode: string | null = null;

  @Field(() => Date)
  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => MoneyObject, { nullable: true, description: 'What a unit costs the company; null when not known.' })
  get cost(): MoneyObject | null {
    return this.costMinor === null || this.currencyCode === null ? null : moneyOf(this.costMinor, this.currencyCode);
  }
}
