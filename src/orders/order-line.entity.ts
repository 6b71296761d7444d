import {
  OptionalProps, BigIntType, Entity, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';

import { MoneyObject, moneyOf } from '../money/money.type';
import { Order } from './order.entity';

const minorUnits = () => ({ type: new BigIntType('number'), default: 0 });

/** One line of an order: total = unitPrice × quantity − discount + tax. */
@ObjectType({ simpleResolvers: true, description: 'A line of an order. total = unitPrice × quantity − discount + tax.' })
@Entity({ tableName: 'order_line' })
export class OrderLine {
  [OptionalProps]?: 'sku' | 'unitPriceMinor' | 'discountMinor' | 'taxMinor' | 'totalMinor' | 'unitPrice' | 'discount' | 'tax' | 'total';

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  // Written only by the ingestion write path, in the statement that writes its order; no
  // foreign key: its row-by-row check cost more than the insert (orders are never deleted).
  @ManyToOne({ entity: () => Order, index: true, createForeignKeyConstraint: false })
  order: Rel<Order>;

  /** Position of the line inside its order, from 0. */
  @Property({ type: 'integer' })
  position: number;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true, index: true })
  sku: string | null = null;

  @Field()
  @Property({ type: 'string', length: 500 })
  title: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  quantity: number;

  @Property({ type: 'string', length: 3 })
  currencyCode: string;

  @Property(minorUnits())
  unitPriceMinor: number = 0;

  @Property(minorUnits())
  discountMinor: number = 0;

  @Property(minorUnits())
  taxMinor: number = 0;

  @Property(minorUnits())
  totalMinor: number = 0;

  @Field(() => MoneyObject)
  get unitPrice(): MoneyObject {
    return moneyOf(this.unitPriceMinor, this.currencyCode);
  }

  @Field(() => MoneyObject)
  get discount(): MoneyObject {
    return moneyOf(this.discountMinor, this.currencyCode);
  }

  @Field(() => MoneyObject)
  get tax(): MoneyObject {
    return moneyOf(this.taxMinor, this.currencyCode);
  }

  @Field(() => MoneyObject)
  get total(): MoneyObject {
    return moneyOf(this.totalMinor, this.currencyCode);
  }
}
