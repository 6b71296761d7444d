import { Field, ID, InputType } from 'type-graphql';

import { OrderStatus } from './order-status';

@InputType({ description: 'Narrows an order list. Every field given must match.' })
export class OrderFilter {
  @Field(() => [String], { nullable: true })
  channelCodes?: string[] | null;

  @Field(() => [OrderStatus], { nullable: true })
  statuses?: OrderStatus[] | null;

  @Field(() => Date, { nullable: true, description: 'Placed at or after this instant.' })
  placedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Placed before this instant (exclusive).' })
  placedTo?: Date | null;

  @Field(() => ID, { nullable: true })
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: "The channel's order id, the order number (\"#1001\" or \"1001\") or a SKU on one of its lines." })
  search?: string | null;
}
