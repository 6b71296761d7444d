import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';

import { ADMIN_ONLY, requireRole } from '../auth/caller';
import { Role } from '../auth/role';
import type { RequestContext } from '../server/request-context';
import { CatalogItemConnection } from './catalog-connection.type';
import { CatalogItem } from './catalog-item.entity';
import { CatalogItemInput, CatalogItemsArgs, MAX_ITEMS_PER_CALL } from './catalog.inputs';

/** Costs are commercial data: a PARTNER, an outside party bound to one channel, may not read them. */
export const READERS_OF_CATALOG: readonly Role[] = [Role.ADMIN, Role.ANALYST, Role.DASHBOARD];

/** `catalogItems` and `setCatalogItems`: the role check, then the CatalogService. */
@Resolver(() => CatalogItem)
export class CatalogResolver {
  @Query(() => CatalogItemConnection, { description: 'The SKU catalog ordered by SKU (code point order). ADMIN, ANALYST and DASHBOARD.' })
  catalogItems(@Args() { skus, first, after }: CatalogItemsArgs, @Ctx() ctx: RequestContext): Promise<CatalogItemConnection> {
    requireRole(ctx.caller, READERS_OF_CATALOG, 'read the catalog (it holds unit costs)');
    return ctx.services.catalog.list(ctx.em, { skus, first, after });
  }

  @Mutation(() => [CatalogItem], {
    description:
      `ADMIN: sets 1–${MAX_ITEMS_PER_CALL} SKUs of the catalog, each replacing what was stored for it; all or none: a bad ` +
      'item refuses the call with BAD_USER_INPUT naming it (items[3].cost). Answers the items in the order given.',
  })
  setCatalogItems(@Arg('items', () => [CatalogItemInput]) items: CatalogItemInput[], @Ctx() ctx: RequestContext): Promise<CatalogItem[]> {
    requireRole(ctx.caller, ADMIN_ONLY, 'set catalog items');
    return ctx.services.catalog.setItems(ctx.em, items);
  }
}
