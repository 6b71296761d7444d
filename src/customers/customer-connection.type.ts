import { Field, Int, ObjectType } from 'type-graphql';

import { PageInfo } from '../common/pagination';
import { Customer } from './customer.entity';

@ObjectType({ simpleResolvers: true })
export class CustomerEdge {
  @Field()
  cursor: string;

  @Field(() => Customer)
  node: Customer;
}

/** A page of customers, newest first. totalCount runs its count only when it is asked for. */
@ObjectType({ simpleResolvers: true })
export class CustomerConnection {
  @Field(() => [CustomerEdge])
  edges: CustomerEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  constructor(edges: CustomerEdge[], pageInfo: PageInfo, private readonly count: () => Promise<number>) {
    this.edges = edges;
    this.pageInfo = pageInfo;
  }

  @Field(() => Int, { description: 'Customers matching the search, over all pages; counted only when asked for.' })
  totalCount(): Promise<number> {
    return this.count();
  }
}
