import { Field, Int, ObjectType } from 'type-graphql';

import { PageInfo } from '../common/pagination';
import { CatalogItem } from './catalog-item.entity';

/** One item of a catalog page, with the cursor to page on from it. */
@ObjectType({ simpleResolvers: true })
export class CatalogItemEdge {
  @Field()
  cursor: string;

  @Field(() => CatalogItem)
  node: CatalogItem;
}

/** A page of catalog items by SKU. totalCount runs its count only when it is asked for. */
@ObjectType({ simpleResolvers: true })
export class CatalogItemConnection {
  @Field(() => [CatalogItemEdge])
  edges: CatalogItemEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  constructor(edges: CatalogItemEdge[], pageInfo: PageInfo, private readonly count: () => Promise<number>) {
    this.edges = edges;
    this.pageInfo = pageInfo;
  }

  @Field(() => Int, { description: 'Items matching the filter, over all pages; counted only when asked for.' })
  totalCount(): Promise<number> {
    return this.count();
  }
}
