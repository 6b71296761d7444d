
import { rowsByParentLoader } from '../db/batch-loaders';
import type { MetadataSource } from '../db/row-mapper';
import type { SqlReader } from '../db/sql-reader';
import { OrderLine } from './order-line.entity';

export const createLinesByOrderLoader = (metadata: MetadataSource, reader: SqlReader, columns: string) =>
  rowsByParentLoader(metadata, reader, OrderLine, { table: 'order_line', columns, parentColumn: 'order_id', orderBy: 'order_id, position' }, (line) => line.order.id);
