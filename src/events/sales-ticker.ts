import { moneyOf } from '../money/money.type';
import type { CreatedOrder, LiveEvents } from './live-events';
import type { SalesTickerObject } from './sales-ticker.type';

/** `total ÷ count` to the minor unit, halves away from zero; exact for any safe integer total. */
export function averageMinor(total: number, count: number): number {
  const whole = BigInt(total);
  const n = BigInt(count);
  const quotient = whole / n;
  const remainder = whole % n;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twice < n) return Number(quotient);
  return Number(quotient + (whole < 0n ? -1n : 1n));
}

export interface TickerScope {
  /** Channels counted (null: all), by id, with the code of every channel. */
  channelIds: ReadonlySet<number> | null;
  codes: ReadonlyMap<number, string>;
  /** Channels always listed, with zeros when quiet (those asked for by code). */
  listed: readonly number[];
  windowSeconds: number;
}

/**
 * One `salesTicker` subscription: the orders created in the last `windowSeconds` per channel,
 * kept up to date from the event log's tail, and sent at most once a second, only when the
 * figures changed (the first figures at once).
 */
export class SalesTickerStream implements AsyncIterableIterator<SalesTickerObject> {
  private window: CreatedOrder[] = [];
  private pending: SalesTickerObject | null = null;
  private last = '';
  private waiting: ((result: IteratorResult<SalesTickerObject>) => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopListening: (() => void) | null = null;
  private finished = false;

  constructor(
    private readonly live: LiveEvents,
    private readonly scope: TickerScope,
    private readonly now: () => number = Date.now,
  ) {
    void this.begin();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<SalesTickerObject> {
    return this;
  }

  next(): Promise<IteratorResult<SalesTickerObject>> {
    if (this.pending) {
      const value = this.pending;
      this.pending = null;
      return Promise.resolve({ value, done: false });
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<SalesTickerObject>> {
    this.finished = true;
    if (this.timer) clearInterval(this.timer);
    this.stopListening?.();
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
    return Promise.resolve({ value: undefined, done: true });
  }

  private counts(order: CreatedOrder): boolean {
    return !this.scope.channelIds || this.scope.channelIds.has(order.event.channelId);
  }

  private async begin(): Promise<void> {
    // listen first, so nothing created while the first figures are read is missed
    const early: CreatedOrder[] = [];
    let started = false;
    this.stopListening = this.live.onCreated((orders) => {
      const counted = orders.filter((o) => this.counts(o));
      if (started) this.window.push(...counted);
      else early.push(...counted);
    });
    const since = new Date(this.now() - this.scope.windowSeconds * 1000);
    try {
      const recent = (await this.live.createdSince(since)).filter((o) => this.counts(o));
      const seen = new Set(recent.map((o) => o.event.id));
      this.window = [...recent, ...early.filter((o) => !seen.has(o.event.id))];
    } catch {
      this.window = early;
    }
    started = true;
    if (this.finished) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), 1_000);
  }

  private tick(): void {
    const from = this.now() - this.scope.windowSeconds * 1000;
    this.window = this.window.filter((o) => o.event.occurredAt.getTime() >= from);
    const figures = this.figures();
    const key = JSON.stringify(figures.channels);
    if (key === this.last) return;
    this.last = key;
    if (this.waiting) {
      this.waiting({ value: figures, done: false });
      this.waiting = null;
    } else {
      this.pending = figures; // the newest figures replace any the subscriber has not taken yet
    }
  }

  private figures(): SalesTickerObject {
    const byChannel = new Map<number, Map<string, { orders: number; total: number }>>();
    for (const id of this.scope.listed) byChannel.set(id, new Map());
    for (const order of this.window) {
      let currencies = byChannel.get(order.event.channelId);
      if (!currencies) byChannel.set(order.event.channelId, (currencies = new Map()));
      const sum = currencies.get(order.currency) ?? { orders: 0, total: 0 };
      sum.orders++;
      sum.total += order.totalMinor;
      currencies.set(order.currency, sum);
    }
    const channels = [...byChannel.entries()]
      .map(([id, currencies]) => {
        const sums = [...currencies.entries()].sort(([a], [b]) => a.localeCompare(b));
        return {
          channelCode: this.scope.codes.get(id) ?? String(id),
          orders: sums.reduce((n, [, s]) => n + s.orders, 0),
          revenue: sums.map(([currency, s]) => moneyOf(s.total, currency)),
          averageOrderValue: sums.map(([currency, s]) => moneyOf(averageMinor(s.total, s.orders), currency)),
        };
      })
      .sort((a, b) => a.channelCode.localeCompare(b.channelCode));
    return { at: new Date(this.now()), windowSeconds: this.scope.windowSeconds, channels };
  }
}
