import { statement, type Decoder, type Statement, type Work } from '../../db/sql-writer';
import type { Row } from '../../db/sql-reader';
import type { AttributableOrder, Attribution } from './attribute-order';

/** A half-open span of time. */
export interface Window {
  from: Date;
  to: Date;
}

/** `column in (the ids)` for each dialect: one parameter however many ids. */
function inIds(dialect: Decoder['dialect'], column: string): string {
  return dialect === 'postgresql' ? `${column} = any(?::int[])` : `${column} in (select value from json_each(?))`;
}

function idsParam(dialect: Decoder['dialect'], ids: readonly number[]): unknown {
  return dialect === 'postgresql' ? ids : JSON.stringify(ids);
}

const ORDER_COLUMNS = 'id, channel_id, customer_id, placed_at, currency_code, status, coupon_codes, discount_total_minor';
const ATTRIBUTION_COLUMNS = 'order_id, campaign_id, channel_id, customer_id, placed_at, currency_code, matched_by, coupon_code, units, revenue_minor, discount_minor, flash_units';
const num = (value: unknown) => Number(value);
/** The end of a window that has none. */
const NEVER = new Date('9999-12-31T00:00:00Z');

/** Reads and writes what attribution needs, in the transaction of the writer's work. */
export class AttributionSql {
  constructor(private readonly decoder: Decoder) {}

  private get dialect() {
    return this.decoder.dialect;
  }

  /** The events after `after`, oldest first: their ids and orders. */
  *eventsAfter(after: number, limit: number): Work<Array<{ id: number; orderId: number }>> {
    const rows = yield statement('select id, order_id from order_event where id > ? order by id limit ?', after, limit);
    return rows.map((r) => ({ id: num(r.id), orderId: num(r.order_id) }));
  }

  /** The highest event position the pruner removed (0: none). */
  *prunedThrough(): Work<number> {
    const [row] = yield statement("select pruned_through from event_log_state where name = 'order_event'");
    return row ? num(row.pruned_through) : 0;
  }

  /** Every campaign to be gone over again (after events were missed). */
  forgetAttributions(): Statement {
    return statement('update campaign set attributed_version = null');
  }

  *lastEventId(): Work<number> {
    const [row] = yield statement('select coalesce(max(id), 0) as id from order_event');
    return num(row.id);
  }

  /** Orders placed in [from, to) after (placedAt, id), in that order: a page of a campaign's window. */
  *orderIdsInWindow(from: Date, to: Date | null, after: { placedAt: Date; id: number } | null, limit: number): Work<Array<{ id: number; placedAt: Date }>> {
    const rows = yield statement(
      'select id, placed_at from "order" where placed_at >= ? and placed_at < ? ' +
        'and (placed_at > ? or (placed_at = ? and id > ?)) order by placed_at, id limit ?',
      from,
      to ?? NEVER,
      after?.placedAt ?? new Date(0),
      after?.placedAt ?? new Date(0),
      after?.id ?? 0,
      limit,
    );
    return rows.map((r) => ({ id: num(r.id), placedAt: this.decoder.date(r.placed_at)! }));
  }

  /**
   * The orders with their lines, as attribution reads them; only those placed in [from, to) when
   * given (the span of every campaign's window: an order outside it is attributed to nothing).
   */
  *orders(ids: readonly number[], span?: Window): Work<AttributableOrder[]> {
    if (!ids.length) return [];
    const orders = yield span
      ? statement(`select ${ORDER_COLUMNS} from "order" where ${inIds(this.dialect, 'id')} and placed_at >= ? and placed_at < ? order by id`, idsParam(this.dialect, ids), span.from, span.to)
      : statement(`select ${ORDER_COLUMNS} from "order" where ${inIds(this.dialect, 'id')} order by id`, idsParam(this.dialect, ids));
    if (!orders.length) return [];
    const lines = yield statement(
      `select order_id, sku, quantity, unit_price_minor, discount_minor, total_minor from order_line where ${inIds(this.dialect, 'order_id')} order by order_id, position`,
      idsParam(this.dialect, orders.map((o) => num(o.id))),
    );
    const linesOf = new Map<number, AttributableOrder['lines'][number][]>();
    for (const l of lines) {
      const list = linesOf.get(num(l.order_id)) ?? [];
      list.push({
        sku: l.sku === null ? null : String(l.sku),
        quantity: num(l.quantity),
        unitPriceMinor: num(l.unit_price_minor),
        discountMinor: num(l.discount_minor),
        totalMinor: num(l.total_minor),
      });
      linesOf.set(num(l.order_id), list);
    }
    return orders.map((o: Row) => {
      const codes = (this.decoder.json(o.coupon_codes) as string[] | null) ?? [];
      return {
        id: num(o.id),
        channelId: num(o.channel_id),
        customerId: o.customer_id === null ? null : num(o.customer_id),
        placedAt: this.decoder.date(o.placed_at)!,
        currencyCode: String(o.currency_code),
        status: String(o.status),
        couponCodes: codes,
        // a marketplace's promotion ids are the codes its plugin gives the order (Amazon PromotionIds)
        promotionIds: codes,
        discountTotalMinor: num(o.discount_total_minor),
        lines: linesOf.get(num(o.id)) ?? [],
      };
    });
  }

  /** The attributions of these orders (to these campaigns only, when given). */
  *attributions(orderIds: readonly number[], campaignIds?: readonly number[]): Work<Attribution[]> {
    if (!orderIds.length) return [];
    const rows = yield statement(
      `select ${ATTRIBUTION_COLUMNS} from order_campaign where ${inIds(this.dialect, 'order_id')}` +
        (campaignIds ? ` and ${inIds(this.dialect, 'campaign_id')}` : ''),
      idsParam(this.dialect, orderIds),
      ...(campaignIds ? [idsParam(this.dialect, campaignIds)] : []),
    );
    return rows.map((r) => this.attribution(r));
  }

  /** A campaign's attributions of orders placed outside [from, to). */
  *attributionsOutside(campaignId: number, from: Date, to: Date | null): Work<Attribution[]> {
    const rows = yield statement(
      `select ${ATTRIBUTION_COLUMNS} from order_campaign where campaign_id = ? and (placed_at < ? or placed_at >= ?)`,
      campaignId,
      from,
      to ?? NEVER,
    );
    return rows.map((r) => this.attribution(r));
  }

  private attribution(r: Row): Attribution {
    return {
      orderId: num(r.order_id),
      campaignId: num(r.campaign_id),
      channelId: num(r.channel_id),
      customerId: r.customer_id === null ? null : num(r.customer_id),
      placedAt: this.decoder.date(r.placed_at)!,
      currencyCode: String(r.currency_code),
      matchedBy: String(r.matched_by) as Attribution['matchedBy'],
      couponCode: r.coupon_code === null ? null : String(r.coupon_code),
      units: num(r.units),
      revenueMinor: num(r.revenue_minor),
      discountMinor: num(r.discount_minor),
      flashUnits: num(r.flash_units),
    };
  }

  /** Whether any order is attributed to any campaign. */
  *anyAttribution(): Work<boolean> {
    const rows = yield statement('select 1 as one from order_campaign limit 1');
    return rows.length > 0;
  }

  /** Removes these attributions (by order and campaign). */
  deleteAttributions(rows: readonly Attribution[]): Statement[] {
    if (!rows.length) return [];
    const keys = rows.map((r) => [r.orderId, r.campaignId]);
    return [
      this.dialect === 'postgresql'
        ? statement('delete from order_campaign where (order_id, campaign_id) in (select * from unnest(?::int[], ?::int[]))', keys.map((k) => k[0]), keys.map((k) => k[1]))
        : statement('delete from order_campaign where (order_id, campaign_id) in (select value->>0, value->>1 from json_each(?))', JSON.stringify(keys)),
    ];
  }

  insertAttributions(rows: readonly Attribution[]): Statement[] {
    if (!rows.length) return [];
    const values = rows.map((r) => [
      r.orderId, r.campaignId, r.channelId, r.customerId, r.placedAt, r.currencyCode, r.matchedBy, r.couponCode, r.units, r.revenueMinor, r.discountMinor, r.flashUnits,
    ]);
    if (this.dialect === 'postgresql') {
      const column = (i: number) => values.map((v) => v[i]);
      return [
        statement(
          `insert into order_campaign (${ATTRIBUTION_COLUMNS}) select * from unnest(?::int[], ?::int[], ?::int[], ?::int[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::int[])`,
          ...Array.from({ length: 12 }, (_, i) => column(i)),
        ),
      ];
    }
    const json = JSON.stringify(values.map((v) => v.map((x) => (x instanceof Date ? x.getTime() : x))));
    const fields = Array.from({ length: 12 }, (_, i) => `value->>${i}`).join(', ');
    return [statement(`insert into order_campaign (${ATTRIBUTION_COLUMNS}) select ${fields} from json_each(?)`, json)];
  }

  /** Adds to a campaign's usage in a currency (negative to take away). */
  addUsage(campaignId: number, currency: string, d: { orders: number; units: number; revenueMinor: number; discountMinor: number; flashUnits: number }): Statement {
    return statement(
      'insert into campaign_usage (campaign_id, currency_code, orders, units, revenue_minor, discount_minor, flash_units) values (?, ?, ?, ?, ?, ?, ?) ' +
        'on conflict (campaign_id, currency_code) do update set orders = campaign_usage.orders + excluded.orders, units = campaign_usage.units + excluded.units, ' +
        'revenue_minor = campaign_usage.revenue_minor + excluded.revenue_minor, discount_minor = campaign_usage.discount_minor + excluded.discount_minor, ' +
        'flash_units = campaign_usage.flash_units + excluded.flash_units',
      campaignId,
      currency,
      d.orders,
      d.units,
      d.revenueMinor,
      d.discountMinor,
      d.flashUnits,
    );
  }

  addCouponUses(code: string, delta: number): Statement {
    return statement('update campaign_coupon set uses = uses + ? where code = ?', delta, code);
  }

  *readCursor(): Work<number | null> {
    const [row] = yield statement("select last_event_id from campaign_attribution_state where name = 'order_event'");
    return row ? num(row.last_event_id) : null;
  }

  saveCursor(lastEventId: number): Statement {
    return statement(
      "insert into campaign_attribution_state (name, last_event_id) values ('order_event', ?) on conflict (name) do update set last_event_id = excluded.last_event_id",
      lastEventId,
    );
  }

  /** Marks a campaign attributed for its version, unless it changed meanwhile. */
  markAttributed(campaignId: number, version: number): Statement {
    return statement('update campaign set attributed_version = ? where id = ? and updated_at = ?', version, campaignId, new Date(version));
  }
}
