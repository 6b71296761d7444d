import type { SqlReader } from '../../db/sql-reader';
import type { ScopeFigures, Window } from './campaign-effect';

/** A campaign's attributed orders on one channel in one currency. */
export interface AttributedFigures {
  channelId: number;
  currencyCode: string;
  orders: number;
  units: number;
  revenueMinor: number;
  discountMinor: number;
}

/** What a campaign covers: its channels and SKUs (empty: all). */
export interface CampaignScope {
  channelIds: readonly number[];
  skus: readonly string[];
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** A campaign's attributed orders by channel and currency (order_campaign, kept by the attribution job). */
export async function readAttributedFigures(reader: SqlReader, campaignId: number): Promise<AttributedFigures[]> {
  const rows = await reader.all(
    'select channel_id, currency_code, count(*) as orders, sum(units) as units, sum(revenue_minor) as revenue, sum(discount_minor) as discount ' +
      'from order_campaign where campaign_id = ? group by channel_id, currency_code order by channel_id, currency_code',
    [campaignId],
  );
  return rows.map((r) => ({
    channelId: Number(r.channel_id),
    currencyCode: String(r.currency_code),
    orders: Number(r.orders),
    units: Number(r.units),
    revenueMinor: Number(r.revenue),
    discountMinor: Number(r.discount),
  }));
}

/**
 * The sales of a campaign's scope over a window, by currency: orders placed in it on the
 * campaign's channels (cancelled ones left out), their lines of the campaign's SKUs, and those
 * lines' cost where the catalog has one in the order's currency.
 */
export async function readScopeFigures(reader: SqlReader, scope: CampaignScope, window: Window): Promise<Map<string, ScopeFigures>> {
  const costed = 'c.cost_minor is not null and c.currency_code = o.currency_code';
  const rows = await reader.all(
    'select o.currency_code, count(distinct o.id) as orders, sum(l.quantity) as units, sum(l.total_minor) as revenue, sum(l.discount_minor) as discount, ' +
      `sum(case when ${costed} then l.total_minor else 0 end) as costed_revenue, sum(case when ${costed} then c.cost_minor * l.quantity else 0 end) as cost ` +
      'from "order" as o join order_line as l on l.order_id = o.id left join catalog_item as c on c.sku = l.sku ' +
      "where o.placed_at >= ? and o.placed_at < ? and o.status <> 'CANCELLED'" +
      (scope.channelIds.length ? ` and o.channel_id in (${placeholders(scope.channelIds.length)})` : '') +
      (scope.skus.length ? ` and l.sku in (${placeholders(scope.skus.length)})` : '') +
      ' group by o.currency_code order by o.currency_code',
    [reader.date(window.from), reader.date(window.to), ...scope.channelIds, ...scope.skus],
  );
  return new Map(
    rows.map((r) => [
      String(r.currency_code),
      {
        orders: Number(r.orders),
        units: Number(r.units ?? 0),
        revenueMinor: Number(r.revenue ?? 0),
        discountMinor: Number(r.discount ?? 0),
        costedRevenueMinor: Number(r.costed_revenue ?? 0),
        costMinor: Number(r.cost ?? 0),
      },
    ]),
  );
}
