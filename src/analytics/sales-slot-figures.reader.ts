import { placeholders, type SqlReader } from '../db/sql-reader';
import { OrderStatus } from '../orders/order-status';
import { exactInteger, type AdditiveFigures } from './sales-figures';

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

/** Slot number of `placed_at`: (epoch ms − `?` base, a slot edge at or before the window) / `?` width, floored. */
const SLOT_OF: Record<SqlReader['dialect'], string> = {
  // datetimes are epoch milliseconds; the driver binds numbers as REAL, and the difference is
  // never negative, so the cast (which truncates) floors
  sqlite: 'cast((o.placed_at - ?) / ? as integer)',
  postgresql: 'floor((extract(epoch from o.placed_at) * 1000 - ?) / ?)::bigint',
};

/**
 * Figures per channel × currency × UTC slot of the orders placed in the window, CANCELLED left
 * out: the one read every sales summary folds into its groups. One GROUP BY statement over
 * "order" (units through a correlated sum over its lines). Figures add up across slots, so this
 * read may later be served from a rollup of 15-minute slots kept at ingest (summed to the width
 * asked for; the window's two partial edge slots read from "order").
 */
export async function readSlotFigures(reader: SqlReader, query: SlotFiguresQuery): Promise<SlotFigures[]> {
  const { slotMs } = query;
  const base = Math.floor(query.from.getTime() / slotMs) * slotMs;
  const params: unknown[] = [base, slotMs, reader.date(query.from), reader.date(query.to), OrderStatus.CANCELLED];
  let channels = '';
  if (query.channelIds !== null) {
    channels = ` and o.channel_id in (${placeholders(query.channelIds.length)})`;
    params.push(...query.channelIds);
  }
  const sql =
    'select w.channel_id, w.currency_code, w.slot, count(*) as orders, sum(w.units) as units, sum(w.subtotal_minor) as gross_sales, ' +
    'sum(w.discount_total_minor) as discounts, sum(w.refunded_total_minor) as refunds, sum(w.total_minor) as total ' +
    `from (select o.channel_id, o.currency_code, ${SLOT_OF[reader.dialect]} as slot, o.subtotal_minor, o.discount_total_minor, ` +
    'o.refunded_total_minor, o.total_minor, (select coalesce(sum(l.quantity), 0) from order_line l where l.order_id = o.id) as units ' +
    `from "order" o where o.placed_at >= ? and o.placed_at < ? and o.status <> ?${channels}) w ` +
    'group by w.channel_id, w.currency_code, w.slot';
  const rows = await reader.all(sql, params);
  return rows.map((r) => ({
    channelId: Number(r.channel_id),
    currencyCode: String(r.currency_code),
    slotStart: base + Number(exactInteger(r.slot)) * slotMs,
    orders: exactInteger(r.orders),
    units: exactInteger(r.units),
    grossSales: exactInteger(r.gross_sales),
    discounts: exactInteger(r.discounts),
    refunds: exactInteger(r.refunds),
    total: exactInteger(r.total),
  }));
}
