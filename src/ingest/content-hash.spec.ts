import type { OrderRecord } from '../plugin-sdk';
import { orderContentHash } from './content-hash';

const usd = (minor: number) => ({ minor, currency: 'USD' });

function order(overrides: Partial<OrderRecord> = {}): OrderRecord {
  return {
    kind: 'order',
    externalId: '1001',
    number: '#1001',
    status: 'PAID',
    placedAt: new Date('2026-11-01T10:00:00Z'),
    currency: 'USD',
    subtotal: usd(2000),
    discountTotal: usd(0),
    taxTotal: usd(160),
    shippingTotal: usd(0),
    total: usd(2160),
    refundedTotal: usd(0),
    taxesIncluded: false,
    couponCodes: [],
    lines: [{ sku: 'TEA', title: 'Tea', quantity: 2, unitPrice: usd(1000), discount: usd(0), tax: usd(160), total: usd(2160) }],
    customer: { externalId: 'c1', email: 'a@example.com', emailMatchable: true, phone: null, name: 'Ann' },
    sourceUpdatedAt: new Date('2026-11-01T10:00:00Z'),
    sourceVersion: null,
    ...overrides,
  };
}

describe('orderContentHash', () => {
  it('ignores when the channel last touched the order', () => {
    expect(orderContentHash(order({ sourceUpdatedAt: new Date('2026-11-02T00:00:00Z'), sourceVersion: 7 }))).toBe(orderContentHash(order()));
  });

  it('changes with a refund the order lists', () => {
    expect(orderContentHash(order({ refunds: [{ refundId: 'r1', amount: usd(100), occurredAt: new Date('2026-11-02T00:00:00Z') }] }))).not.toBe(
      orderContentHash(order()),
    );
  });

  it('ignores the order in which a plugin wrote the keys', () => {
    const { lines, customer, ...rest } = order();
    const reordered = { customer, ...rest, lines: lines.map(({ total, sku, ...line }) => ({ total, ...line, sku })) } as OrderRecord;
    expect(orderContentHash(reordered)).toBe(orderContentHash(order()));
  });

  it.each([
    ['the status', { status: 'FULFILLED' as const }],
    ['the total', { total: usd(2161) }],
    ['a coupon', { couponCodes: ['TEN'] }],
    ['the placed time', { placedAt: new Date('2026-11-01T10:00:01Z') }],
    ['the customer', { customer: null }],
    ["the customer's phone", { customer: { externalId: 'c1', email: 'a@example.com', emailMatchable: true, phone: '+15550100', name: 'Ann' } }],
    ['the number', { number: '#1002' }],
    ['prices including tax', { taxesIncluded: true }],
  ])('changes with %s', (_what, change) => {
    expect(orderContentHash(order(change))).not.toBe(orderContentHash(order()));
  });

  it('changes with a line', () => {
    const changed = order();
    changed.lines[0] = { ...changed.lines[0], quantity: 3 };
    expect(orderContentHash(changed)).not.toBe(orderContentHash(order()));
  });
});
