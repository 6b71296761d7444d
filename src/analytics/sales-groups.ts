import type { ChannelKind } from '../channels/channel-kind';
import { fromMinor } from '../money/money';
import { moneyOf } from '../money/money.type';
import type { ChannelGrouping, CustomerCounts } from './sales-customer-counts.reader';
import { addFigures, averageOrderValue, netRevenue, noFigures, refundRate, type AdditiveFigures } from './sales-figures';
import type { SlotFigures } from './sales-slot-figures.reader';
import { SalesSummaryRow } from './sales-summary-row.type';
import { bucketIndexOf, type TimeBucket } from './time-buckets';

/** A channel as a summary groups and sorts by it. */
export interface ChannelInfo {
  readonly id: number;
  readonly code: string;
  readonly kind: ChannelKind;
}

interface Group {
  readonly bucket: number;
  readonly channel: ChannelInfo | null;
  readonly kind: ChannelKind | null;
  readonly currency: string;
  readonly figures: AdditiveFigures;
  customers: number;
  newCustomers: number;
}

/** Minor units summed as bigints, back to a safe number (MoneyError OUT_OF_RANGE past 2^53). */
const money = (minor: bigint, currency: string) => moneyOf(fromMinor(minor, currency).minor, currency);

/**
 * The groups of one summary (period × channel or kind × currency), folded from slot figures and
 * completed with customer counts, then presented as sorted rows.
 */
export class SalesGroups {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly buckets: readonly TimeBucket[],
    private readonly channels: ReadonlyMap<number, ChannelInfo>,
    private readonly grouping: ChannelGrouping,
  ) {}

  get size(): number {
    return this.groups.size;
  }

  /** Adds one slot into its group. A channel not in `channels` (created during the request) is left out. */
  addSlot(slot: SlotFigures): void {
    const channel = this.channels.get(slot.channelId);
    if (!channel) return;
    // the window's first slot may start before the window: its orders are all inside it, in the first bucket
    const bucket = bucketIndexOf(this.buckets, Math.max(slot.slotStart, this.buckets[0].from));
    const key = this.keyOf(bucket, this.grouping === 'channel' ? channel.id : this.grouping === 'kind' ? channel.kind : null, slot.currencyCode);
    let group = this.groups.get(key);
    if (!group) {
      group = {
        bucket,
        channel: this.grouping === 'channel' ? channel : null,
        kind: this.grouping === 'none' ? null : channel.kind,
        currency: slot.currencyCode,
        figures: noFigures(),
        customers: 0,
        newCustomers: 0,
      };
      this.groups.set(key, group);
    }
    addFigures(group.figures, slot);
  }

  /**
   * Sets a group's customer counts. Counts of a group without figures (an order committed between
   * the two reads) are left out, so no row shows customers without orders.
   */
  addCustomers(counts: CustomerCounts): void {
    const group = this.groups.get(this.keyOf(counts.bucket, counts.channelId ?? counts.kind, counts.currencyCode));
    if (!group) return;
    group.customers = counts.customers;
    group.newCustomers = counts.newCustomers;
  }

  /** The rows by period, then channel code (or kind), then currency. */
  rows(): SalesSummaryRow[] {
    const sortKey = (g: Group) => g.channel?.code ?? g.kind ?? '';
    return [...this.groups.values()]
      .sort((a, b) => a.bucket - b.bucket || compare(sortKey(a), sortKey(b)) || compare(a.currency, b.currency))
      .map((g) => this.rowOf(g));
  }

  private rowOf(g: Group): SalesSummaryRow {
    const { figures: f, currency } = g;
    const bucket = this.buckets[g.bucket];
    return new SalesSummaryRow(g.channel?.id ?? null, {
      channelKind: g.kind,
      periodStart: bucket.periodStart,
      period: bucket.period,
      currencyCode: currency,
      orders: Number(f.orders),
      units: Number(f.units),
      grossSales: money(f.grossSales, currency),
      discounts: money(f.discounts, currency),
      refunds: money(f.refunds, currency),
      netRevenue: money(netRevenue(f), currency),
      averageOrderValue: money(averageOrderValue(f), currency),
      refundRate: refundRate(f),
      newCustomers: g.newCustomers,
      returningCustomers: g.customers - g.newCustomers,
    });
  }

  private keyOf(bucket: number, channel: number | string | null, currency: string): string {
    return `${bucket}|${channel ?? ''}|${currency}`;
  }
}

/** Code-point order, the same on every machine (no locale). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
