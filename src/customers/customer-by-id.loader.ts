import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';

import { mapRows } from '../db/row-mapper';

import { Customer } from './customer.entity';

export function createCustomerByIdLoader(em: EntityManager): DataLoader<number, Customer | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.createQueryBuilder(Customer).select('*').where({ id: { $in: [...ids] } }).execute('all', false);
    const customers = mapRows(em, Customer, rows);
    const byId = new Map(customers.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
