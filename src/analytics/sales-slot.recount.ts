import type { SqlEntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

import {
  DELETE_SALES_SLOTS_SQLITE,
  INSERT_SALES_SLOTS_SQLITE,
  refreshSalesSlotsPostgres,
  SALES_SLOT_LOCK_CLASS,
  slotKeysOf,
  slotLockKey,
} from '../ingest/store/sales-slot-sql';

/** An order as far as its sales slot goes. */
export interface SlotOrder {
  channelId: number;
  currencyCode: string;
  placedAt: Date;
}

const KEYS_POSTGRES =
  'select (value->>0)::int as channel_id, value->>1 as currency_code, to_timestamp((value->>2)::bigint / 1000.0) as slot_start ' +
  'from jsonb_array_elements(?::jsonb)';

/**
 * Recounts the sales slots of these orders inside the entity manager's transaction, for writers
 * outside the ingestion path (the data generator): the same count the write path keeps (see SalesSlot).
 */
export async function recountSalesSlots(em: SqlEntityManager, orders: readonly SlotOrder[]): Promise<void> {
  const slots = slotKeysOf(orders);
  if (!slots.length) return;
  const keys = JSON.stringify(slots);
  if (!(em.getPlatform() instanceof PostgreSqlPlatform)) {
    await em.execute(DELETE_SALES_SLOTS_SQLITE, [keys], 'run');
    await em.execute(INSERT_SALES_SLOTS_SQLITE, [keys], 'run');
    return;
  }
  const locks = JSON.stringify([...new Set(slots.map(slotLockKey))].sort((a, b) => a - b));
  await em.execute(`select count(pg_advisory_xact_lock(${SALES_SLOT_LOCK_CLASS}, value::int)) as locked from jsonb_array_elements_text(?::jsonb)`, [locks]);
  await em.execute(refreshSalesSlotsPostgres(KEYS_POSTGRES), [keys], 'run');
}
