import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';

import { mapRows } from '../db/row-mapper';

import { OrderLine } from './order-line.entity';

export function createLinesByOrderLoader(em: EntityManager): DataLoader<number, OrderLine[]> {
  return new DataLoader(async (orderIds) => {
    const rows = await em
      .createQueryBuilder(OrderLine)
      .select('*')
      .where({ order: { $in: [...orderIds] } })
      .orderBy({ order: 'asc', position: 'asc' })
      .execute('all', false);
    const lines = mapRows(em, OrderLine, rows);
    const byOrder = new Map<number, OrderLine[]>();
    for (const line of lines) {
      const list = byOrder.get(line.order.id);
      if (list) list.push(line);
      else byOrder.set(line.order.id, [line]);
    }
    return orderIds.map((id) => byOrder.get(id) ?? []);
  });
}
