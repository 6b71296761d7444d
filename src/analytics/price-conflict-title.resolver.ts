import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';

import type { RequestContext } from '../server/request-context';
import { PriceConflict } from './price-conflict.type';

/** PriceConflict's catalog title: every conflict of a page read through one per-request loader (one statement). */
@Resolver(() => PriceConflict)
export class PriceConflictTitleResolver {
  @FieldResolver(() => String, { nullable: true, description: "The catalog's title of the SKU; null when the catalog does not have the SKU." })
  title(@Root() conflict: PriceConflict, @Ctx() ctx: RequestContext): Promise<string | null> {
    return ctx.loaders.catalogTitleBySku.load(conflict.sku);
  }
}
