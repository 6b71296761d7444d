import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';

import { Customer } from './customer.entity';

export function createCustomerByIdLoader(em: EntityManager): DataLoader<number, Customer | null> {
  return new DataLoader(async (ids) => {
    const customers = await em.find(Customer, { id: { $in: [...ids] } });
    const byId = new Map(customers.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
