import { Field, Int, ObjectType } from 'type-graphql';

import { PageInfo } from '../common/pagination';
import { Order } from './order.entity';

@ObjectType({ simpleResolvers: true })
export class OrderEdge {
  @Field()
  cursor: string;

  @Field(() => Order)
  node: Order;
}

/** A page of orders, newest first. totalCount runs its count only when it is asked for. */
@ObjectType({ simpleResolvers: true })
export class OrderConnection {
  @Field(() => [OrderEdge])
  edges: OrderEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  constructor(edges: OrderEdge[], pageInfo: PageInfo, private readonly count: () => Promise<number>) {
    this.edges = edges;
    this.pageInfo = pageInfo;
  }

  @Field(() => Int, { description: 'Orders matching the filter, over all pages; counted only when asked for.' })
  totalCount(): Promise<number> {
    return this.count();
  }
}
