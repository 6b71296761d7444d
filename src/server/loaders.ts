import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import type { Caller } from '../auth/caller';
import type { SqlReader } from '../db/sql-reader';
import { channelScope } from '../auth/caller';
import { createChannelByIdLoader } from '../channels/channel-by-id.loader';
import { createCustomerByIdLoader } from '../customers/customer-by-id.loader';
import { createIdentitiesByCustomerLoader } from '../customers/identities-by-customer.loader';
import { createLinesByOrderLoader } from '../orders/lines-by-order.loader';
import { createOrdersByCustomerLoader } from '../orders/orders-by-customer.loader';

/**
 * Per-request DataLoaders, made on first use: a list of N parents costs the same number of
 * statements as a list of one. Row loaders come one per select list (the columns the GraphQL
 * selection needs, see selectedColumns), which every parent of a list shares.
 */
export class Loaders {
  private readonly made = new Map<string, unknown>();

  constructor(
    private readonly em: EntityManager,
    private readonly reader: SqlReader,
    private readonly caller: Caller,
  ) {}

  private once<T>(name: string, make: () => T): T {
    let loader = this.made.get(name) as T | undefined;
    if (!loader) {
      loader = make();
      this.made.set(name, loader);
    }
    return loader;
  }

  channelById(columns: string) {
    return this.once(`channelById|${columns}`, () => createChannelByIdLoader(this.em, this.reader, columns));
  }

  customerById(columns: string) {
    return this.once(`customerById|${columns}`, () => createCustomerByIdLoader(this.em, this.reader, columns));
  }

  linesByOrder(columns: string) {
    return this.once(`linesByOrder|${columns}`, () => createLinesByOrderLoader(this.em, this.reader, columns));
  }

  identitiesByCustomer(columns: string) {
    return this.once(`identitiesByCustomer|${columns}`, () =>
      createIdentitiesByCustomerLoader(this.em, this.reader, channelScope(this.caller), columns),
    );
  }

  get ordersByCustomer() {
    return this.once('ordersByCustomer', () => createOrdersByCustomerLoader(this.em, this.reader, channelScope(this.caller)));
  }
}
