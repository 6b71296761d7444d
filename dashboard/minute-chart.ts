import uPlot from 'uplot';

import { cell } from './dom';
import { addAmounts, amountToNumber, formatAmount, parseAmount, type Amount } from './money';
import type { OrderEvent } from './operations';

const MINUTE = 60_000;
const COLORS = ['#1f6feb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626'];

/** Orders created in one minute for one channel in one currency. */
interface Bucket {
  orders: number;
  revenue: Amount;
}

/**
 * Revenue and orders per channel per minute over the last `minutes` minutes, counted in the page
 * from the CREATED events it receives. One series per channel and currency: amounts in
 * different currencies are never added together.
 */
export class MinuteChart {
  /** minute start (ms) → "channel\tcurrency" → bucket */
  private readonly minutes = new Map<number, Map<string, Bucket>>();
  private readonly plots: uPlot[] = [];
  private plottedSeries = '';
  private pending = false;

  constructor(
    private readonly revenueElement: HTMLElement,
    private readonly ordersElement: HTMLElement,
    private readonly totalsBody: HTMLTableSectionElement,
    private readonly minutesShown = 30,
  ) {
    setInterval(() => this.schedule(), 15_000); // the window slides even when no order comes
    new ResizeObserver(() => this.plots.forEach((plot) => plot.setSize(this.size(plot.root.parentElement!)))).observe(revenueElement);
    this.schedule();
  }

  add(event: OrderEvent): void {
    if (event.type !== 'CREATED') return;
    const minute = Math.floor(Date.parse(event.occurredAt) / MINUTE) * MINUTE;
    if (minute < this.lastMinute() - (this.minutesShown - 1) * MINUTE) return;
    const { channel, total } = event.order;
    const key = `${channel.code}\t${total.currencyCode}`;
    const buckets = this.minutes.get(minute) ?? new Map<string, Bucket>();
    const bucket = buckets.get(key);
    const amount = parseAmount(total.amount);
    buckets.set(key, bucket ? { orders: bucket.orders + 1, revenue: addAmounts(bucket.revenue, amount) } : { orders: 1, revenue: amount });
    this.minutes.set(minute, buckets);
    this.schedule();
  }

  private lastMinute(): number {
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    return Math.max(now, ...this.minutes.keys());
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.render();
    });
  }

  private render(): void {
    const last = this.lastMinute();
    const first = last - (this.minutesShown - 1) * MINUTE;
    for (const minute of this.minutes.keys()) if (minute < first) this.minutes.delete(minute);
    const keys = [...new Set([...this.minutes.values()].flatMap((buckets) => [...buckets.keys()]))].sort();
    const xs = Array.from({ length: this.minutesShown }, (_, i) => (first + i * MINUTE) / 1000);
    const column = (key: string, value: (bucket: Bucket) => number) =>
      xs.map((x) => {
        const bucket = this.minutes.get(x * 1000)?.get(key);
        return bucket ? value(bucket) : 0;
      });
    const revenue: uPlot.AlignedData = [xs, ...keys.map((key) => column(key, (b) => amountToNumber(b.revenue)))];
    const orders: uPlot.AlignedData = [xs, ...keys.map((key) => column(key, (b) => b.orders))];
    if (keys.join('|') !== this.plottedSeries) {
      this.plottedSeries = keys.join('|');
      this.plots.splice(0).forEach((plot) => plot.destroy());
      this.plots.push(this.plot(this.revenueElement, 'Revenue', keys, revenue), this.plot(this.ordersElement, 'Orders', keys, orders));
    } else {
      this.plots[0].setData(revenue);
      this.plots[1].setData(orders);
    }
    this.renderTotals(keys);
  }

  private plot(element: HTMLElement, title: string, keys: string[], data: uPlot.AlignedData): uPlot {
    const label = (key: string) => key.replace('\t', ' · ');
    return new uPlot(
      {
        ...this.size(element),
        title: `${title} per minute`,
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
        series: [
          { label: 'minute' },
          ...keys.map((key, i) => ({ label: label(key), stroke: COLORS[i % COLORS.length], width: 2, points: { show: true, size: 5 } })),
        ],
        axes: [{}, { size: 60 }],
      },
      data,
      element,
    );
  }

  private size(element: HTMLElement): { width: number; height: number } {
    return { width: Math.max(280, element.clientWidth), height: 200 };
  }

  /** The charted window's sums, per channel and currency, as exact amounts. */
  private renderTotals(keys: string[]): void {
    const rows = keys.map((key) => {
      const [channel, currency] = key.split('\t');
      let orders = 0;
      let revenue: Amount = { minor: 0n, decimals: 0 };
      for (const buckets of this.minutes.values()) {
        const bucket = buckets.get(key);
        if (!bucket) continue;
        orders += bucket.orders;
        revenue = addAmounts(revenue, bucket.revenue);
      }
      const row = document.createElement('tr');
      row.dataset.testid = 'minute-total';
      row.dataset.channel = channel;
      row.dataset.currency = currency;
      row.append(cell(channel), cell(currency), cell(String(orders), 'count'), cell(formatAmount(revenue), 'amount'));
      return row;
    });
    this.totalsBody.replaceChildren(...rows);
  }
}
