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
 * statements as a list of one.
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

  get channelById() {
    return this.once('channelById', () => createChannelByIdLoader(this.em, this.reader));
  }

  get customerById() {
    return this.once('customerById', () => createCustomerByIdLoader(this.em, this.reader));
  }

  get linesByOrder() {
    return this.once('linesByOrder', () => createLinesByOrderLoader(this.em, this.reader));
  }

  get identitiesByCustomer() {
    return this.once('identitiesByCustomer', () =>
      createIdentitiesByCustomerLoader(this.em, this.reader, channelScope(this.caller)),
    );
  }

  get ordersByCustomer() {
    return this.once('ordersByCustomer', () => createOrdersByCustomerLoader(this.em, this.reader, channelScope(this.caller)));
  }
}
