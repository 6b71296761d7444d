import { badUserInput } from '../common/errors';
import { placeholders, type Row, type SqlReader } from '../db/sql-reader';
import { moneyOf } from '../money/money.type';
import { OrderStatus } from '../orders/order-status';
import { DEFAULT_CONFLICTS, MAX_CONFLICTS, MAX_TOLERANCE_PERCENT } from './price-conflicts.args';
import { PriceConflictChannel } from './price-conflict-channel.type';
import type { PriceConflict } from './price-conflict.type';

export interface PriceConflictQuery {
  from: Date;
  to: Date;
  tolerancePercent?: number | null;
  channelCodes?: readonly string[] | null;
  first?: number | null;
}

/** The tolerance is compared exactly, as an integer count of millionths of a percent. */
const TOLERANCE_SCALE = 1_000_000;

interface Checked {
  from: Date;
  to: Date;
  toleranceMicro: number;
  channelCodes: readonly string[];
  limit: number;
}

/** The arguments checked against their limits; throws BAD_USER_INPUT naming the one at fault. */
function check(query: PriceConflictQuery): Checked {
  if (!(query.from.getTime() < query.to.getTime())) throw badUserInput('from must be before to', 'from');
  const tolerance = query.tolerancePercent ?? 0;
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > MAX_TOLERANCE_PERCENT) {
    throw badUserInput(`tolerancePercent must be between 0 and ${MAX_TOLERANCE_PERCENT}; got ${tolerance}`, 'tolerancePercent');
  }
  const limit = query.first ?? DEFAULT_CONFLICTS;
  if (limit < 0 || limit > MAX_CONFLICTS) throw badUserInput(`first must be between 0 and ${MAX_CONFLICTS}; got ${limit}`, 'first');
  return { from: query.from, to: query.to, toleranceMicro: Math.round(tolerance * TOLERANCE_SCALE), channelCodes: query.channelCodes ?? [], limit };
}

/**
 * One statement. `bands`: per SKU, currency and channel, the lowest and highest unit price
 * (integer minor units), distinct orders and units. `conflicts`: per SKU and currency, the lowest
 * band top L and the highest band bottom H, kept when (H − L) / L × 100 > tolerance (compared in
 * integers), ranked by the spread in hundredths of a percent (integer division, rounded half up),
 * then SKU; the first `limit` of them come back with their bands.
 */
function statement(reader: SqlReader, q: Checked): { sql: string; params: unknown[] } {
  const byCode = q.channelCodes.length ? `and o.channel_id in (select c.id from channel c where c.code in (${placeholders(q.channelCodes.length)}))` : '';
  // byte order on both dialects (PostgreSQL's default collation follows the locale)
  const text = reader.dialect === 'postgresql' ? ' collate "C"' : '';
  const sql = `with bands as (
    select l.sku, l.currency_code, o.channel_id, min(l.unit_price_minor) as min_minor, max(l.unit_price_minor) as max_minor,
      count(distinct o.id) as order_count, sum(l.quantity) as units
    from "order" o join order_line l on l.order_id = o.id
    where o.placed_at >= ? and o.placed_at < ? and o.status <> ? and l.sku is not null and l.sku <> ''
      and l.unit_price_minor > 0 and l.quantity > 0 ${byCode}
    group by l.sku, l.currency_code, o.channel_id
  ), conflicts as (
    select sku, currency_code, min(max_minor) as low_minor, max(min_minor) as high_minor,
      (20000 * (max(min_minor) - min(max_minor)) + min(max_minor)) / (2 * min(max_minor)) as spread_centi
    from bands group by sku, currency_code
    having (max(min_minor) - min(max_minor)) * ${100 * TOLERANCE_SCALE} > ? * min(max_minor)
    order by spread_centi desc, sku${text}, currency_code${text} limit ?
  )
  select k.sku, k.currency_code, k.low_minor, k.high_minor, k.spread_centi,
    b.channel_id, b.min_minor, b.max_minor, b.order_count, b.units
  from conflicts k join bands b on b.sku = k.sku and b.currency_code = k.currency_code
  order by k.spread_centi desc, k.sku${text}, k.currency_code${text}, b.min_minor, b.max_minor, b.channel_id`;
  return {
    sql,
    params: [reader.date(q.from), reader.date(q.to), OrderStatus.CANCELLED, ...q.channelCodes, q.toleranceMicro, q.limit],
  };
}

/** The rows (one per conflict and channel, in order) as conflicts with their channels. */
function conflictsOf(rows: Row[]): PriceConflict[] {
  const conflicts: PriceConflict[] = [];
  let last: PriceConflict | undefined;
  for (const row of rows) {
    const sku = String(row.sku);
    const currency = String(row.currency_code);
    if (!last || last.sku !== sku || last.currencyCode !== currency) {
      last = {
        sku,
        currencyCode: currency,
        minUnitPrice: moneyOf(Number(row.low_minor), currency),
        maxUnitPrice: moneyOf(Number(row.high_minor), currency),
        spreadPercent: Number(row.spread_centi) / 100,
        channels: [],
      };
      conflicts.push(last);
    }
    last.channels.push(
      new PriceConflictChannel(Number(row.channel_id), {
        minUnitPrice: moneyOf(Number(row.min_minor), currency),
        maxUnitPrice: moneyOf(Number(row.max_minor), currency),
        orderCount: Number(row.order_count),
        units: Number(row.units),
      }),
    );
  }
  return conflicts;
}

/**
 * Channel conflict: SKUs sold in one currency at unit prices that differ between channels over
 * orders placed in [from, to), cancelled orders, lines without a SKU and free lines left out.
 * See PriceConflict for what is compared. Money stays in integer minor units throughout.
 */
export class PriceConflictService {
  async find(reader: SqlReader, query: PriceConflictQuery): Promise<PriceConflict[]> {
    const checked = check(query);
    if (checked.limit === 0) return [];
    const { sql, params } = statement(reader, checked);
    return conflictsOf(await reader.all(sql, params));
  }
}
