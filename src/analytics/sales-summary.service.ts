import { badUserInput } from '../common/errors';
import type { ChannelKind } from '../channels/channel-kind';
import { placeholders, type SqlReader } from '../db/sql-reader';
import { readCustomerCounts, type ChannelGrouping } from './sales-customer-counts.reader';
import { SalesGroups, type ChannelInfo } from './sales-groups';
import { readSlotFigures } from './sales-slot-figures.reader';
import type { SalesSummaryArgs } from './sales-summary.args';
import { salesSummaryRequest, type SalesSummaryRequest } from './sales-summary.request';
import type { SalesSummaryRow } from './sales-summary-row.type';
import { slotWidthFor, timeBuckets } from './time-buckets';

/** The channels a summary covers, and whether that is fewer than every channel. */
interface ChannelSet {
  readonly byId: ReadonlyMap<number, ChannelInfo>;
  readonly restricted: boolean;
}

/**
 * Per-channel sales performance over a window of placedAt: `Query.salesSummary`.
 *
 * Every figure leaves CANCELLED orders out and never adds amounts of different currencies (every
 * row has one currency). Orders fall into groups by their placedAt: the period is the local day,
 * ISO week (from Monday) or month in the requested IANA zone, DST changes included.
 * - orders: orders placed in the group; units: Σ line quantities;
 * - grossSales: Σ subtotal (Σ unit price × quantity); discounts: Σ discountTotal;
 * - refunds: Σ refundedTotal, counted in the group of the order (not of the refund's date);
 * - netRevenue: Σ (total − refundedTotal); averageOrderValue: netRevenue / orders, rounded half
 *   away from zero to the minor unit (0 without orders);
 * - refundRate: refunds / Σ total to 4 decimals, rounded half away from zero (0 when Σ total is 0);
 * - newCustomers: customers whose first ever non-cancelled order (earliest placedAt, the lowest
 *   order id among orders at that very instant; any channel, any currency, also outside the
 *   window and the caller's scope) is in the group: each customer is new in one group at most;
 * - returningCustomers: distinct customers with an order in the group who are not new in it.
 *   Orders without a customer count in neither.
 *
 * Two statements besides the channel list, both GROUP BY in the database: the additive figures
 * per channel × currency × UTC slot (readSlotFigures), folded into local periods here, the slots
 * as wide as every period edge allows (a day in UTC, an hour in Europe/Berlin, 15 minutes at
 * least: no slot straddles an edge); and the customers per group (readCustomerCounts): distinct
 * customers from the orders, which do not add up across slots, and new ones from their first
 * orders kept at ingest (customer_acquisition).
 */
export class SalesSummaryService {
  /**
   * @param scopeChannelId the one channel a PARTNER caller is confined to; null for every channel.
   * @param options.customers whether to count new and returning customers (left 0 otherwise).
   * @throws GraphQLError BAD_USER_INPUT for a bad window, groupBy or time zone.
   */
  async summarize(
    reader: SqlReader,
    args: SalesSummaryArgs,
    scopeChannelId: number | null,
    options: { customers: boolean } = { customers: true },
  ): Promise<SalesSummaryRow[]> {
    const request = salesSummaryRequest(args);
    const buckets = timeBuckets(request, request.unit, request.timeZone);
    const slotMs = slotWidthFor(buckets);
    if (slotMs === null) {
      throw badUserInput(`${request.timeZone} had a UTC offset in this window that is not a whole multiple of 15 minutes, which salesSummary does not support`, 'timeZone');
    }
    const channels = await this.channels(reader, request, scopeChannelId);
    if (channels.restricted && channels.byId.size === 0) return [];
    const scope = { from: request.from, to: request.to, channelIds: channels.restricted ? [...channels.byId.keys()] : null };
    const grouping: ChannelGrouping = request.byChannel ? 'channel' : request.byKind ? 'kind' : 'none';
    const groups = new SalesGroups(buckets, channels.byId, grouping);
    for (const slot of await readSlotFigures(reader, { ...scope, slotMs })) groups.addSlot(slot);
    if (groups.size === 0) return [];
    // distinct customers are counted from the orders: read only when asked for
    if (options.customers) {
      for (const counts of await readCustomerCounts(reader, { ...scope, buckets, grouping })) groups.addCustomers(counts);
    }
    return groups.rows();
  }

  /** The channels in the caller's scope that pass the filter. */
  private async channels(reader: SqlReader, request: SalesSummaryRequest, scopeChannelId: number | null): Promise<ChannelSet> {
    const clauses = ['1 = 1'];
    const params: unknown[] = [];
    if (scopeChannelId !== null) {
      clauses.push('id = ?');
      params.push(scopeChannelId);
    }
    if (request.channelCodes) {
      clauses.push(`code in (${placeholders(request.channelCodes.length)})`);
      params.push(...request.channelCodes);
    }
    if (request.channelKinds) {
      clauses.push(`kind in (${placeholders(request.channelKinds.length)})`);
      params.push(...request.channelKinds);
    }
    const rows = await reader.all(`select id, code, kind from channel where ${clauses.join(' and ')}`, params);
    const byId = new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), code: String(r.code), kind: r.kind as ChannelKind }]));
    return { byId, restricted: params.length > 0 };
  }
}
