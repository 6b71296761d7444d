import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { rowsByParentLoader } from '../db/batch-loaders';
import type { SqlReader } from '../db/sql-reader';
import { OrderLine } from './order-line.entity';

export const createLinesByOrderLoader = (em: EntityManager, reader: SqlReader) =>
  rowsByParentLoader(em, reader, OrderLine, 'order_line', 'order_id', (line) => line.order.id, 'order_id, position');
