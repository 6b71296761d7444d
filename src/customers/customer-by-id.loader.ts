import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { rowsByIdLoader } from '../db/batch-loaders';
import type { SqlReader } from '../db/sql-reader';
import { Customer } from './customer.entity';

export const createCustomerByIdLoader = (em: EntityManager, reader: SqlReader, columns: string) =>
  rowsByIdLoader(em, reader, Customer, 'customer', columns);
