import { placeholders, type SqlReader } from '../db/sql-reader';
import { OrderStatus } from '../orders/order-status';
import { SALES_SLOT_MS } from './sales-slot.entity';
import { addFigures, exactInteger, type AdditiveFigures } from './sales-figures';

/** Which orders a slot read covers. */
export interface SlotQuery {
  /** Orders placed in [from, to). */
  readonly from: Date;
  readonly to: Date;
  /** Only these channels; null: every channel. */
  readonly channelIds: readonly number[] | null;
}

/** A slot read: the orders of a SlotQuery in slots of one width. */
export interface SlotFiguresQuery extends SlotQuery {
  /** Slot width in milliseconds: a multiple of 15 minutes that divides a day (see SLOT_WIDTHS); slots are epoch-aligned. */
  readonly slotMs: number;
}

/** The additive figures of the non-cancelled orders of one channel × currency × slot. */
export interface SlotFigures extends AdditiveFigures {
  readonly channelId: number;
  readonly currencyCode: string;
  /** The slot's first instant, epoch milliseconds, a multiple of the slot width. */
  readonly slotStart: number;
}

/** Slot number of a time column: (epoch ms − `?` base, a slot edge at or before the window) / `?` width, floored. */
const SLOT_OF: Record<SqlReader['dialect'], (column: string) => string> = {
  // datetimes are epoch milliseconds; the driver binds numbers as REAL, and the difference is
  // never negative, so the cast (which truncates) floors
  sqlite: (column) => `cast((${column} - ?) / ? as integer)`,
  postgresql: (column) => `floor((extract(epoch from ${column}) * 1000 - ?) / ?)::bigint`,
};

/** The orders placed in [from, to) counted from "order" itself (units through a correlated sum over its lines). */
function fromOrders(reader: SqlReader, query: SlotFiguresQuery, base: number, from: Date, to: Date): { sql: string; params: unknown[] } {
  const params: unknown[] = [base, query.slotMs, reader.date(from), reader.date(to), OrderStatus.CANCELLED];
  let channels = '';
  if (query.channelIds !== null) {
    channels = ` and o.channel_id in (${placeholders(query.channelIds.length)})`;
    params.push(...query.channelIds);
  }
  const sql =
    'select w.channel_id, w.currency_code, w.slot, count(*) as orders, sum(w.units) as units, sum(w.subtotal_minor) as gross_sales, ' +
    'sum(w.discount_total_minor) as discounts, sum(w.refunded_total_minor) as refunds, sum(w.total_minor) as total ' +
    `from (select o.channel_id, o.currency_code, ${SLOT_OF[reader.dialect]('o.placed_at')} as slot, o.subtotal_minor, o.discount_total_minor, ` +
    'o.refunded_total_minor, o.total_minor, (select coalesce(sum(l.quantity), 0) from order_line l where l.order_id = o.id) as units ' +
    `from "order" o where o.placed_at >= ? and o.placed_at < ? and o.status <> ?${channels}) w ` +
    'group by w.channel_id, w.currency_code, w.slot';
  return { sql, params };
}

/** The whole 15-minute slots in [from, to), summed from sales_slot (kept at ingest). */
function fromSlots(reader: SqlReader, query: SlotFiguresQuery, base: number, from: Date, to: Date): { sql: string; params: unknown[] } {
  const params: unknown[] = [base, query.slotMs, reader.date(from), reader.date(to)];
  let channels = '';
  if (query.channelIds !== null) {
    channels = ` and s.channel_id in (${placeholders(query.channelIds.length)})`;
    params.push(...query.channelIds);
  }
  const sql =
    `select s.channel_id, s.currency_code, ${SLOT_OF[reader.dialect]('s.slot_start')} as slot, sum(s.orders) as orders, sum(s.units) as units, ` +
    'sum(s.gross_minor) as gross_sales, sum(s.discount_minor) as discounts, sum(s.refunded_minor) as refunds, sum(s.total_minor) as total ' +
    `from sales_slot s where s.slot_start >= ? and s.slot_start < ?${channels} group by s.channel_id, s.currency_code, slot`;
  return { sql, params };
}

/**
 * Figures per channel × currency × UTC slot of the orders placed in the window, CANCELLED left
 * out: the one read every sales summary folds into its groups. The whole 15-minute slots inside
 * the window are summed from sales_slot, kept at ingest (a slot of the summary is a whole number
 * of them); the window's partial edges, if any, are counted from "order".
 */
export async function readSlotFigures(reader: SqlReader, query: SlotFiguresQuery): Promise<SlotFigures[]> {
  const { slotMs } = query;
  const base = Math.floor(query.from.getTime() / slotMs) * slotMs;
  const innerFrom = Math.ceil(query.from.getTime() / SALES_SLOT_MS) * SALES_SLOT_MS;
  const innerTo = Math.floor(query.to.getTime() / SALES_SLOT_MS) * SALES_SLOT_MS;
  const reads =
    innerFrom >= innerTo
      ? [fromOrders(reader, query, base, query.from, query.to)]
      : [
          fromSlots(reader, query, base, new Date(innerFrom), new Date(innerTo)),
          ...(query.from.getTime() < innerFrom ? [fromOrders(reader, query, base, query.from, new Date(innerFrom))] : []),
          ...(innerTo < query.to.getTime() ? [fromOrders(reader, query, base, new Date(innerTo), query.to)] : []),
        ];
  const merged = new Map<string, SlotFigures>();
  for (const { sql, params } of reads) {
    for (const r of await reader.all(sql, params)) {
      const figures: SlotFigures = {
        channelId: Number(r.channel_id),
        currencyCode: String(r.currency_code),
        slotStart: base + Number(exactInteger(r.slot)) * slotMs,
        orders: exactInteger(r.orders),
        units: exactInteger(r.units),
        grossSales: exactInteger(r.gross_sales),
        discounts: exactInteger(r.discounts),
        refunds: exactInteger(r.refunds),
        total: exactInteger(r.total),
      };
      const key = `${figures.channelId}\u0000${figures.currencyCode}\u0000${figures.slotStart}`;
      const seen = merged.get(key);
      if (seen) addFigures(seen, figures);
      else merged.set(key, figures);
    }
  }
  return [...merged.values()];
}
