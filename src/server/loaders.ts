import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import type DataLoader from 'dataloader';

import type { Caller } from '../auth/caller';
import type { MetadataSource } from '../db/row-mapper';
import type { SqlReader } from '../db/sql-reader';
import { channelScope } from '../auth/caller';
import { createCampaignsByOrderLoader } from '../campaigns/campaigns-by-order.loader';
import { createCouponUsesLoader } from '../campaigns/coupon-uses.loader';
import { createCatalogTitleBySkuLoader } from '../catalog/catalog-title-by-sku.loader';
import { createChannelByIdLoader } from '../channels/channel-by-id.loader';
import { createCustomerByIdLoader } from '../customers/customer-by-id.loader';
import { createIdentitiesByCustomerLoader } from '../customers/identities-by-customer.loader';
import { createStatsByCustomerLoader } from '../customers/stats-by-customer.loader';
import { createLinesByOrderLoader } from '../orders/lines-by-order.loader';
import { createOrdersByCustomerLoader } from '../orders/orders-by-customer.loader';

/** One loader per select list, made on first use. */
class PerSelectList<L> {
  private readonly made = new Map<string, L>();

  constructor(private readonly make: (columns: string) => L) {}

  get(columns: string): L {
    let loader = this.made.get(columns);
    if (!loader) {
      loader = this.make(columns);
      this.made.set(columns, loader);
    }
    return loader;
  }
}

type LoaderOf<F extends (...args: never[]) => unknown> = ReturnType<F> extends DataLoader<infer K, infer V, infer C> ? DataLoader<K, V, C> : never;

/**
 * Per-request DataLoaders, made on first use: a list of N parents costs the same number of
 * statements as a list of one. Row loaders come one per select list (the columns the GraphQL
 * selection needs, see selectedColumns), which every parent of a list shares.
 */
export class Loaders {
  private channels?: PerSelectList<LoaderOf<typeof createChannelByIdLoader>>;
  private customers?: PerSelectList<LoaderOf<typeof createCustomerByIdLoader>>;
  private lines?: PerSelectList<LoaderOf<typeof createLinesByOrderLoader>>;
  private identities?: PerSelectList<LoaderOf<typeof createIdentitiesByCustomerLoader>>;
  private customerOrders?: LoaderOf<typeof createOrdersByCustomerLoader>;
  private customerStats?: LoaderOf<typeof createStatsByCustomerLoader>;
  private orderCampaigns?: LoaderOf<typeof createCampaignsByOrderLoader>;
  private coupons?: LoaderOf<typeof createCouponUsesLoader>;
  private catalogTitles?: LoaderOf<typeof createCatalogTitleBySkuLoader>;

  constructor(
    private readonly metadata: MetadataSource,
    private readonly reader: SqlReader,
    private readonly caller: Caller,
  ) {}

  channelById(columns: string) {
    return (this.channels ??= new PerSelectList((c) => createChannelByIdLoader(this.metadata, this.reader, c))).get(columns);
  }

  customerById(columns: string) {
    return (this.customers ??= new PerSelectList((c) => createCustomerByIdLoader(this.metadata, this.reader, c))).get(columns);
  }

  linesByOrder(columns: string) {
    return (this.lines ??= new PerSelectList((c) => createLinesByOrderLoader(this.metadata, this.reader, c))).get(columns);
  }

  identitiesByCustomer(columns: string) {
    return (this.identities ??= new PerSelectList((c) =>
      createIdentitiesByCustomerLoader(this.metadata, this.reader, channelScope(this.caller), c),
    )).get(columns);
  }

  get statsByCustomer() {
    return (this.customerStats ??= createStatsByCustomerLoader(this.metadata, this.reader, channelScope(this.caller)));
  }

  get ordersByCustomer() {
    return (this.customerOrders ??= createOrdersByCustomerLoader(this.metadata, this.reader, channelScope(this.caller)));
  }

  /** The catalog's title of SKUs. */
  get catalogTitleBySku() {
    return (this.catalogTitles ??= createCatalogTitleBySkuLoader(this.reader));
  }

  /** Coupon codes' uses. */
  get couponUses() {
    return (this.coupons ??= createCouponUsesLoader(this.reader));
  }

  /** The campaigns of orders, as entities of the request's EntityManager. */
  campaignsByOrder(em: EntityManager) {
    return (this.orderCampaigns ??= createCampaignsByOrderLoader(this.reader, em));
  }
}
