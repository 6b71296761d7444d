import DataLoader from 'dataloader';

import { rowsByParentLoader } from '../db/batch-loaders';
import type { MetadataSource } from '../db/row-mapper';
import type { SqlReader } from '../db/sql-reader';
import { CustomerStats } from './customer-stats.entity';
import { customerStats, type CustomerStatsObject } from './customer-stats.type';

const COLUMNS = 'customer_id, channel_id, currency_code, order_count, total_minor, refunded_minor, first_order_at, last_order_at';

/** Customers' stats from customer_stats, one statement per batch; a channel-bound caller's cover its own channel only. */
export const createStatsByCustomerLoader = (metadata: MetadataSource, reader: SqlReader, scopeChannelId: number | null) => {
  const rows = rowsByParentLoader(
    metadata,
    reader,
    CustomerStats,
    {
      table: 'customer_stats',
      columns: COLUMNS,
      parentColumn: 'customer_id',
      orderBy: 'channel_id, currency_code',
      extra: scopeChannelId === null ? undefined : { sql: 'channel_id = ?', params: [scopeChannelId] },
    },
    (stats) => stats.customerId,
  );
  return new DataLoader<number, CustomerStatsObject>(async (ids) => (await rows.loadMany(ids)).map((list) => (list instanceof Error ? list : customerStats(list))));
};
