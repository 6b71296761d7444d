import { formatMinor, type RefundRecord } from '../../src/plugin-sdk';
import { bareObject, deliver, recordsOf, variantOf } from './test-fixtures';

function refundOf(payload: unknown): RefundRecord {
  const [record] = recordsOf(deliver(payload, 'refunds/create'));
  if (record.kind !== 'refund') throw new Error(`expected a refund, got a ${record.kind}`);
  return record;
}

describe.each([
  ['rest-2026-07-refund-create-1line-restock.json', '41.94', '2025-04-02T16:38:34.000Z'],
  ['rest-2026-07-refund-get-2lines.json', '209.00', '2025-04-02T16:38:15.000Z'],
  ['pyapi-fixture-refund.json', '209.00', '2016-06-20T17:35:06.000Z'],
])('%s', (file, amount, occurredAt) => {
  const source = bareObject(file) as Record<string, any>;
  const refund = refundOf(source);

  it(`returned ${amount} USD, the sum of its successful refund transactions`, () => {
    expect([formatMinor(refund.amount.minor, refund.amount.currency), refund.amount.currency]).toEqual([amount, 'USD']);
  });

  it('belongs to its order, by the order id as a string', () => {
    expect(refund.orderExternalId).toBe(String(source.order_id));
    expect(refund.refundId).toBe(String(source.id));
  });

  it('happened when it was processed (else created)', () => {
    expect(refund.occurredAt.toISOString()).toBe(occurredAt);
  });
});

describe('refund transactions', () => {
  const FILE = 'rest-2026-07-refund-get-2lines.json';

  it('a pending one returns nothing yet', () => {
    expect(refundOf(variantOf(FILE, (r: any) => (r.transactions[0].status = 'pending'))).amount.minor).toBe(0);
  });

  it('several successful ones add up', () => {
    const payload = variantOf(FILE, (r: any) => r.transactions.push({ ...r.transactions[0], id: 2, amount: '1.00' }));
    expect(refundOf(payload).amount.minor).toBe(21000);
  });

  it('one in another currency is left out, with a warning', () => {
    const payload = variantOf(FILE, (r: any) => r.transactions.push({ ...r.transactions[0], id: 2, amount: '1.00', currency: 'EUR' }));
    expect(deliver(payload, 'refunds/create')).toMatchObject({ warnings: ['transactions[1] refunds EUR, not USD: left out'] });
    expect(refundOf(payload).amount.minor).toBe(20900);
  });
});
