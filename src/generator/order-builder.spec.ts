import { ChannelKind } from '../channels/channel-kind';
import { OrderStatus } from '../orders/order-status';
import { BENCH_CHANNELS, buildOrder, profileFor, Random, VARIANTS, type GeneratedOrder } from './index';
import { samplePlacedAt } from './timeline';

const NOW = new Date('2026-11-20T12:00:00Z');
const PER_CHANNEL = 3000;

function generate(seed: number): Map<string, GeneratedOrder[]> {
  const rng = new Random(seed);
  const out = new Map<string, GeneratedOrder[]>();
  for (const channel of BENCH_CHANNELS) {
    const profile = profileFor(channel);
    const orders: GeneratedOrder[] = [];
    for (let i = 0; i < PER_CHANNEL; i++) orders.push(buildOrder(rng, { profile, placedAt: samplePlacedAt(rng, profile, NOW, 90), now: NOW }));
    out.set(channel.code, orders);
  }
  return out;
}

const byChannel = generate(42);
const all = [...byChannel.values()].flat();

describe('buildOrder money invariants', () => {
  it('line total = unit price × quantity − discount + tax, for every line', () => {
    const lines = all.flatMap((o) => o.lines);
    expect(lines.filter((l) => l.totalMinor !== l.unitPriceMinor * l.quantity - l.discountMinor + l.taxMinor)).toEqual([]);
  });

  it('subtotal = Σ unit price × quantity; discount, tax totals = Σ of the lines', () => {
    const sum = (o: GeneratedOrder, f: (l: GeneratedOrder['lines'][number]) => number) => o.lines.reduce((s, l) => s + f(l), 0);
    expect(all.filter((o) => o.subtotalMinor !== sum(o, (l) => l.unitPriceMinor * l.quantity))).toEqual([]);
    expect(all.filter((o) => o.discountTotalMinor !== sum(o, (l) => l.discountMinor))).toEqual([]);
    expect(all.filter((o) => o.taxTotalMinor !== sum(o, (l) => l.taxMinor))).toEqual([]);
  });

  it('total = subtotal − discount total + tax total + shipping', () => {
    expect(all.filter((o) => o.totalMinor !== o.subtotalMinor - o.discountTotalMinor + o.taxTotalMinor + o.shippingTotalMinor)).toEqual([]);
  });

  it('every amount is a non-negative safe integer and no discount exceeds its line', () => {
    const ok = (v: number) => Number.isSafeInteger(v) && v >= 0;
    expect(
      all.filter((o) => ![o.subtotalMinor, o.discountTotalMinor, o.taxTotalMinor, o.shippingTotalMinor, o.totalMinor, o.refundedTotalMinor].every(ok)),
    ).toEqual([]);
    const lines = all.flatMap((o) => o.lines);
    expect(lines.filter((l) => ![l.discountMinor, l.taxMinor, l.totalMinor].every(ok) || !(l.unitPriceMinor > 0) || l.discountMinor > l.unitPriceMinor * l.quantity)).toEqual([]);
  });

  it("every line's currency equals its order's, which is the channel's", () => {
    for (const channel of BENCH_CHANNELS) {
      const orders = byChannel.get(channel.code)!;
      expect(orders.filter((o) => o.currencyCode !== channel.currencyCode)).toEqual([]);
      expect(orders.filter((o) => o.lines.some((l) => l.currencyCode !== o.currencyCode))).toEqual([]);
    }
  });
});

describe('buildOrder refunds and statuses', () => {
  it('refunded total is 0 for PAID, FULFILLED and PENDING', () => {
    const unrefunded = all.filter((o) => [OrderStatus.PAID, OrderStatus.FULFILLED, OrderStatus.PENDING].includes(o.status));
    expect(unrefunded.length).toBeGreaterThan(1000);
    expect(unrefunded.filter((o) => o.refundedTotalMinor !== 0)).toEqual([]);
  });

  it('refunded total equals the total for REFUNDED', () => {
    const refunded = all.filter((o) => o.status === OrderStatus.REFUNDED);
    expect(refunded.length).toBeGreaterThan(50);
    expect(refunded.filter((o) => o.refundedTotalMinor !== o.totalMinor)).toEqual([]);
  });

  it('refunded total is strictly between 0 and the total for PARTIALLY_REFUNDED', () => {
    const partial = all.filter((o) => o.status === OrderStatus.PARTIALLY_REFUNDED);
    expect(partial.length).toBeGreaterThan(50);
    expect(partial.filter((o) => !(o.refundedTotalMinor > 0 && o.refundedTotalMinor < o.totalMinor))).toEqual([]);
  });

  it('a CANCELLED order was either never captured (0) or fully refunded', () => {
    const cancelled = all.filter((o) => o.status === OrderStatus.CANCELLED);
    expect(cancelled.filter((o) => o.refundedTotalMinor !== 0 && o.refundedTotalMinor !== o.totalMinor)).toEqual([]);
  });

  it('mixes statuses, mostly PAID or FULFILLED', () => {
    const counts = new Map<OrderStatus, number>();
    for (const order of all) counts.set(order.status, (counts.get(order.status) ?? 0) + 1);
    for (const status of Object.values(OrderStatus)) expect(counts.get(status) ?? 0).toBeGreaterThan(0);
    const paidOrFulfilled = (counts.get(OrderStatus.PAID) ?? 0) + (counts.get(OrderStatus.FULFILLED) ?? 0);
    expect(paidOrFulfilled / all.length).toBeGreaterThan(0.7);
  });

  it('never dates a change after now nor before the order was placed', () => {
    expect(all.filter((o) => o.sourceUpdatedAt > NOW || o.sourceUpdatedAt < o.placedAt)).toEqual([]);
  });
});

describe('buildOrder realism', () => {
  it('has 1–5 lines, about 3 on average', () => {
    const counts = all.map((o) => o.lines.length);
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(5);
    const mean = counts.reduce((s, n) => s + n, 0) / counts.length;
    expect(mean).toBeGreaterThan(2.8);
    expect(mean).toBeLessThan(3.2);
  });

  it('discounts about a fifth of the orders, with coupon codes on storefronts only', () => {
    const discounted = all.filter((o) => o.discountTotalMinor > 0);
    expect(discounted.length / all.length).toBeGreaterThan(0.15);
    expect(discounted.length / all.length).toBeLessThan(0.27);
    const codes = new Set(all.flatMap((o) => o.couponCodes));
    expect(codes).toContain('SPRING10');
    for (const channel of BENCH_CHANNELS) {
      const withCodes = byChannel.get(channel.code)!.filter((o) => o.couponCodes.length > 0).length;
      if (channel.kind === ChannelKind.STOREFRONT) expect(withCodes).toBeGreaterThan(0);
      else expect(withCodes).toBe(0);
    }
    expect([...codes].filter((code) => !/^[A-Z0-9]+$/.test(code))).toEqual([]);
  });

  it('charges shipping on online channels only', () => {
    for (const channel of BENCH_CHANNELS) {
      const shipped = byChannel.get(channel.code)!.filter((o) => o.shippingTotalMinor > 0).length;
      if (channel.kind === ChannelKind.OFFLINE_STORE) expect(shipped).toBe(0);
      else expect(shipped).toBeGreaterThan(0);
    }
  });

  it('prices JPY items as Japanese shops do (whole yen such as 5980)', () => {
    const yen = byChannel.get('amazon-jp')!.flatMap((o) => o.lines.map((l) => l.unitPriceMinor));
    expect(yen.filter((price) => !/^\d+(80|00)$/.test(String(price)))).toEqual([]);
    expect(yen).toContain(5980);
  });

  it('uses catalog SKUs and localized titles', () => {
    const skus = new Set(VARIANTS.map((v) => v.sku));
    expect(all.flatMap((o) => o.lines).filter((l) => !skus.has(l.sku))).toEqual([]);
    expect(byChannel.get('amazon-jp')!.some((o) => o.lines.some((l) => /[\u30a0-\u30ff]/.test(l.title)))).toBe(true);
    expect(byChannel.get('store-cn')!.some((o) => o.lines.some((l) => /[\u4e00-\u9fff]/.test(l.title)))).toBe(true);
  });

  it('places orders inside the window, more of them recently, and store orders in opening hours', () => {
    const placed = all.map((o) => o.placedAt.getTime());
    const start = NOW.getTime() - 90 * 86_400_000;
    expect(placed.filter((t) => t < start || t > NOW.getTime())).toEqual([]);
    const mid = start + 45 * 86_400_000;
    expect(placed.filter((t) => t >= mid).length).toBeGreaterThan(placed.filter((t) => t < mid).length);
    const localHours = byChannel.get('store-cn')!.map((o) => new Date(o.placedAt.getTime() + 8 * 3_600_000).getUTCHours());
    expect(localHours.filter((h) => h < 10 || h >= 22)).toEqual([]);
  });

  it('is deterministic: the same seed builds the same orders', () => {
    const json = (orders: Map<string, GeneratedOrder[]>) => JSON.stringify([...orders.values()].flat());
    const first = JSON.stringify(all);
    expect(json(generate(42)) === first).toBe(true);
    expect(json(generate(43)) === first).toBe(false);
  });
});
