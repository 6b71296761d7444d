
import { rowsByIdLoader } from '../db/batch-loaders';
import type { MetadataSource } from '../db/row-mapper';
import type { SqlReader } from '../db/sql-reader';
import { Customer } from './customer.entity';

export const createCustomerByIdLoader = (metadata: MetadataSource, reader: SqlReader, columns: string) =>
  rowsByIdLoader(metadata, reader, Customer, 'customer', columns);
