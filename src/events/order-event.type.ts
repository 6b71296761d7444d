import { Field, ObjectType, registerEnumType } from 'type-graphql';

import { Order } from '../orders/order.entity';

export enum OrderEventType {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  CANCELLED = 'CANCELLED',
  REFUNDED = 'REFUNDED',
}

registerEnumType(OrderEventType, {
  name: 'OrderEventType',
  description: 'CREATED: a new order. UPDATED: any change to a stored order. CANCELLED and REFUNDED come beside UPDATED when a change cancels or refunds it.',
});

/** An order change from the event log, as subscribers receive it. */
@ObjectType('OrderEvent', { description: 'One committed order change, at its position in the event log.' })
export class OrderEventObject {
  @Field({ description: 'Opaque position in the event log: subscribe with after: it to resume right after this event.' })
  cursor: string;

  @Field(() => OrderEventType)
  type: OrderEventType;

  @Field({ description: 'When the change was committed.' })
  occurredAt: Date;

  @Field(() => Order, { description: 'The order as it is when the event is delivered (a replay shows the current state).' })
  order: Order;

  /** Not on the API: the order to load. */
  orderId: number;
}
