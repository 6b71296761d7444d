import DataLoader from 'dataloader';

import type { KeysetCursor } from '../common/pagination';
import { mapRows, type MetadataSource } from '../db/row-mapper';
import type { SqlReader } from '../db/sql-reader';
import { Order } from './order.entity';

export interface CustomerOrdersKey {
  customerId: number;
  /** Rows wanted, one more than the page to tell whether a next page exists. */
  take: number;
  after: KeysetCursor | null;
}

/**
 * The first `take` orders of many customers at once, newest first, in one statement per distinct
 * (take, after) pair: ROW_NUMBER() over each customer's orders. A channel-scoped caller sees only
 * that channel's orders.
 */
export function createOrdersByCustomerLoader(
  metadata: MetadataSource,
  reader: SqlReader,
  scopeChannelId: number | null,
): DataLoader<CustomerOrdersKey, Order[], string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, CustomerOrdersKey[]>();
      for (const key of keys) {
        const group = `${key.take}|${key.after?.at ?? ''}|${key.after?.id ?? ''}`;
        const list = groups.get(group);
        if (list) list.push(key);
        else groups.set(group, [key]);
      }
      const found = new Map<string, Order[]>();
      for (const group of groups.values()) {
        const { take, after } = group[0];
        const customerIds = [...new Set(group.map((k) => k.customerId))];
        const params: unknown[] = [...customerIds];
        let where = `o.customer_id in (${customerIds.map(() => '?').join(', ')})`;
        if (scopeChannelId !== null) {
          where += ' and o.channel_id = ?';
          params.push(scopeChannelId);
        }
        if (after) {
          where += ' and (o.placed_at < ? or (o.placed_at = ? and o.id < ?))';
          const at = reader.date(new Date(after.at));
          params.push(at, at, after.id);
        }
        params.push(take);
        const rows = await reader.all(
          `select * from (select o.*, row_number() over (partition by o.customer_id order by o.placed_at desc, o.id desc) as rn ` +
            `from "order" o where ${where}) ranked where rn <= ? order by customer_id, placed_at desc, id desc`,
          params,
        );
        for (const order of mapRows(metadata, Order, rows)) {
          const key = `${order.customer!.id}|${take}|${after?.at ?? ''}|${after?.id ?? ''}`;
          const list = found.get(key);
          if (list) list.push(order);
          else found.set(key, [order]);
        }
      }
      return keys.map((k) => found.get(cacheKey(k)) ?? []);
    },
    { cacheKeyFn: cacheKey },
  );
}

function cacheKey(k: CustomerOrdersKey): string {
  return `${k.customerId}|${k.take}|${k.after?.at ?? ''}|${k.after?.id ?? ''}`;
}
