import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { rowsByParentLoader } from '../db/batch-loaders';
import type { SqlReader } from '../db/sql-reader';
import { OrderLine } from './order-line.entity';

export const createLinesByOrderLoader = (em: EntityManager, reader: SqlReader, columns: string) =>
  rowsByParentLoader(em, reader, OrderLine, { table: 'order_line', columns, parentColumn: 'order_id', orderBy: 'order_id, position' }, (line) => line.order.id);
