import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';

import { mapRows } from '../db/row-mapper';
import { placeholders, type SqlReader } from '../db/sql-reader';
import { ChannelIdentity } from './channel-identity.entity';

/** A customer's channel identities; a channel-scoped caller sees only its own channel's. */
export function createIdentitiesByCustomerLoader(
  em: EntityManager,
  reader: SqlReader,
  scopeChannelId: number | null,
): DataLoader<number, ChannelIdentity[]> {
  return new DataLoader(async (customerIds) => {
    const scoped = scopeChannelId !== null;
    const rows = await reader.all(
      `select * from channel_identity where customer_id in (${placeholders(customerIds.length)})` +
        `${scoped ? ' and channel_id = ?' : ''} order by id`,
      scoped ? [...customerIds, scopeChannelId] : customerIds,
    );
    const byCustomer = new Map<number, ChannelIdentity[]>();
    for (const identity of mapRows(em, ChannelIdentity, rows)) {
      const list = byCustomer.get(identity.customer.id);
      if (list) list.push(identity);
      else byCustomer.set(identity.customer.id, [identity]);
    }
    return customerIds.map((id) => byCustomer.get(id) ?? []);
  });
}
