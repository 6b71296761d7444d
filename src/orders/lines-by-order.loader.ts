import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';

import { mapRows } from '../db/row-mapper';
import { placeholders, type SqlReader } from '../db/sql-reader';
import { OrderLine } from './order-line.entity';

export function createLinesByOrderLoader(em: EntityManager, reader: SqlReader): DataLoader<number, OrderLine[]> {
  return new DataLoader(async (orderIds) => {
    const rows = await reader.all(
      `select * from order_line where order_id in (${placeholders(orderIds.length)}) order by order_id, position`,
      orderIds,
    );
    const byOrder = new Map<number, OrderLine[]>();
    for (const line of mapRows(em, OrderLine, rows)) {
      const list = byOrder.get(line.order.id);
      if (list) list.push(line);
      else byOrder.set(line.order.id, [line]);
    }
    return orderIds.map((id) => byOrder.get(id) ?? []);
  });
}
