import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';

import { mapRows } from '../db/row-mapper';
import { placeholders, type SqlReader } from '../db/sql-reader';
import { Customer } from './customer.entity';

export function createCustomerByIdLoader(em: EntityManager, reader: SqlReader): DataLoader<number, Customer | null> {
  return new DataLoader(async (ids) => {
    const rows = await reader.all(`select * from customer where id in (${placeholders(ids.length)})`, ids);
    const byId = new Map(mapRows(em, Customer, rows).map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
