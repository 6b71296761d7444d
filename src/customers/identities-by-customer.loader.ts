import type { FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';

import { mapRows } from '../db/row-mapper';

import { ChannelIdentity } from './channel-identity.entity';

/** A customer's channel identities; a channel-scoped caller sees only its own channel's. */
export function createIdentitiesByCustomerLoader(
  em: EntityManager,
  scopeChannelId: number | null,
): DataLoader<number, ChannelIdentity[]> {
  return new DataLoader(async (customerIds) => {
    const where: FilterQuery<ChannelIdentity> = { customer: { $in: [...customerIds] } };
    if (scopeChannelId !== null) where.channel = scopeChannelId;
    const rows = await em.createQueryBuilder(ChannelIdentity).select('*').where(where).orderBy({ id: 'asc' }).execute('all', false);
    const identities = mapRows(em, ChannelIdentity, rows);
    const byCustomer = new Map<number, ChannelIdentity[]>();
    for (const identity of identities) {
      const list = byCustomer.get(identity.customer.id);
      if (list) list.push(identity);
      else byCustomer.set(identity.customer.id, [identity]);
    }
    return customerIds.map((id) => byCustomer.get(id) ?? []);
  });
}
