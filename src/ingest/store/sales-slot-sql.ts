import { SALES_SLOT_MS } from '../../analytics/sales-slot.entity';

/** A sales slot: (channel id, currency, slot start in epoch milliseconds); see SalesSlot. */
export type SlotKey = [channelId: number, currencyCode: string, slotStartMs: number];

/** The sales slots these orders fall in, each once. */
export function slotKeysOf(orders: Iterable<{ channelId: number; currencyCode: string; placedAt: Date }>): SlotKey[] {
  const slots = new Map<string, SlotKey>();
  for (const o of orders) {
    const start = Math.floor(o.placedAt.getTime() / SALES_SLOT_MS) * SALES_SLOT_MS;
    slots.set(`${o.channelId}\u0000${o.currencyCode}\u0000${start}`, [o.channelId, o.currencyCode, start]);
  }
  return [...slots.values()];
}

/** The columns of sales_slot, in the order {@link salesSlotsOf} selects them. */
export const SALES_SLOT_COLUMNS = 'channel_id, currency_code, slot_start, orders, units, gross_minor, discount_minor, refunded_minor, total_minor';

/** The 15-minute UTC slot an order's `placed_at` falls in, as each dialect stores a time. */
export const SLOT_START: Record<'sqlite' | 'postgresql', string> = {
  sqlite: '(o.placed_at / 900000) * 900000',
  postgresql: "to_timestamp(floor(extract(epoch from o.placed_at) / 900) * 900)",
};

/**
 * The sales figures of the orders (aliased `o`) that `from` names, per channel, currency and
 * slot, cancelled orders left out: `from` is a FROM clause (with its joins and conditions)
 * ending where `where o.status <> 'CANCELLED'` may follow.
 */
export function salesSlotsOf(dialect: 'sqlite' | 'postgresql', from: string): string {
  return (
    `select o.channel_id, o.currency_code, ${SLOT_START[dialect]} as slot_start, count(*) as orders, ` +
    'coalesce(sum((select sum(l.quantity) from order_line l where l.order_id = o.id)), 0) as units, ' +
    'sum(o.subtotal_minor) as gross_minor, sum(o.discount_total_minor) as discount_minor, ' +
    'sum(o.refunded_total_minor) as refunded_minor, sum(o.total_minor) as total_minor ' +
    `${from} and o.status <> 'CANCELLED' group by o.channel_id, o.currency_code, ${SLOT_START[dialect]}`
  );
}

/** PostgreSQL: the first key of the two-key advisory locks on sales slots (see batch-postgres). */
export const SALES_SLOT_LOCK_CLASS = 3_602_119;

/** A slot's lock key: 31 bits of (channel, slot number); two slots sharing one only wait for each other. */
export function slotLockKey([channelId, , startMs]: SlotKey): number {
  return Number((BigInt(channelId) * 1_000_003n + BigInt(Math.floor(startMs / SALES_SLOT_MS))) % 2_147_483_647n);
}

/**
 * PostgreSQL: recounts the slots `keys` selects (channel_id, currency_code, slot_start), upserting
 * them and deleting those with no order left, in one statement (after the CTEs `before`, if any,
 * each followed by a comma).
 */
export function refreshSalesSlotsPostgres(keys: string, before = ''): string {
  return (
    `with ${before}keys as (${keys}), ` +
    `fresh as (${salesSlotsOf(
      'postgresql',
      'from keys as k join "order" as o on o.channel_id = k.channel_id and o.currency_code = k.currency_code ' +
        "where o.placed_at >= k.slot_start and o.placed_at < k.slot_start + interval '15 minutes'",
    )}), ` +
    'gone as (delete from sales_slot as s using keys as k where s.channel_id = k.channel_id and s.currency_code = k.currency_code ' +
    'and s.slot_start = k.slot_start and not exists (select 1 from fresh as f where f.channel_id = s.channel_id ' +
    'and f.currency_code = s.currency_code and f.slot_start = s.slot_start)) ' +
    `insert into sales_slot (${SALES_SLOT_COLUMNS}) select * from fresh on conflict (channel_id, currency_code, slot_start) do update set ` +
    'orders = excluded.orders, units = excluded.units, gross_minor = excluded.gross_minor, discount_minor = excluded.discount_minor, ' +
    'refunded_minor = excluded.refunded_minor, total_minor = excluded.total_minor'
  );
}

/** SQLite: deletes, then counts again, the slots a JSON parameter lists as [channel, currency, start ms]. */
export const DELETE_SALES_SLOTS_SQLITE =
  // the keys first, each looked up in the primary key (a correlated EXISTS would scan the table)
  'delete from sales_slot where rowid in (select s.rowid from json_each(?) as k cross join sales_slot as s ' +
  'on s.channel_id = k.value->>0 and s.currency_code = k.value->>1 and s.slot_start = k.value->>2)';
export const INSERT_SALES_SLOTS_SQLITE = `insert into sales_slot (${SALES_SLOT_COLUMNS}) ${salesSlotsOf(
  'sqlite',
  'from json_each(?) as k cross join "order" as o on o.channel_id = k.value->>0 and o.currency_code = k.value->>1 ' +
    `where o.placed_at >= k.value->>2 and o.placed_at < k.value->>2 + ${SALES_SLOT_MS}`,
)}`;

/**
 * The ingestion path keeps slots by difference: a group takes the figures of the orders it is
 * about to change out of their slots (as stored, lines included) before writing, and adds the
 * figures of every order it wrote afterwards; slots left with no order are deleted. Recounting
 * a whole slot instead costs as much as the slot holds: at a hundred orders a second, thousands
 * of orders for every group by the end of a slot.
 */
const SLOT_FIGURES = ['orders', 'units', 'gross_minor', 'discount_minor', 'refunded_minor', 'total_minor'] as const;
const SAME_SLOT = (table: string, other: string) =>
  `${table}.channel_id = ${other}.channel_id and ${table}.currency_code = ${other}.currency_code and ${table}.slot_start = ${other}.slot_start`;

/** The figures of the orders whose ids a parameter lists, per slot. */
function figuresOfOrders(dialect: 'sqlite' | 'postgresql'): string {
  return salesSlotsOf(
    dialect,
    dialect === 'sqlite' ? 'from json_each(?) as k cross join "order" as o on o.id = k.value where true' : 'from "order" as o where o.id = any(?::int[])',
  );
}

/** Takes the figures of the listed orders, as stored now, out of their slots. */
export function subtractOrdersFromSlots(dialect: 'sqlite' | 'postgresql'): string {
  return (
    `update sales_slot set ${SLOT_FIGURES.map((f) => `${f} = sales_slot.${f} - d.${f}`).join(', ')} ` +
    `from (${figuresOfOrders(dialect)}) as d where ${SAME_SLOT('sales_slot', 'd')}`
  );
}

/** Adds the figures of the listed orders, as stored now, to their slots (creating those that are new). */
export function addOrdersToSlots(dialect: 'sqlite' | 'postgresql'): string {
  return (
    `insert into sales_slot (${SALES_SLOT_COLUMNS}) ${figuresOfOrders(dialect)} ` +
    `on conflict (channel_id, currency_code, slot_start) do update set ${SLOT_FIGURES.map((f) => `${f} = sales_slot.${f} + excluded.${f}`).join(', ')}`
  );
}

/** Deletes the listed slots that no order is left in. */
export const DELETE_EMPTY_SLOTS_SQLITE =
  'delete from sales_slot where rowid in (select s.rowid from json_each(?) as k cross join sales_slot as s ' +
  'on s.channel_id = k.value->>0 and s.currency_code = k.value->>1 and s.slot_start = k.value->>2 where s.orders = 0)';
export const DELETE_EMPTY_SLOTS_POSTGRES =
  'delete from sales_slot as s using unnest(?::int[], ?::text[], ?::timestamptz[]) as k(channel_id, currency_code, slot_start) ' +
  `where ${SAME_SLOT('s', 'k')} and s.orders = 0`;
