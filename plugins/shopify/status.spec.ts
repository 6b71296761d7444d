import { orderOf, variantOf } from './test-fixtures';

const FOO = 'rest-2026-07-order-create-fulfilled-customer-foo.json';
const TENOFF = 'rest-2026-07-order-get-partially-refunded-3lines-TENOFF.json';

type Json = Record<string, any>;

/** The FOO order (199.00, no refunds) with the given status fields. */
function statusOf(financial: string | null, fulfillment: string | null, cancelledAt: string | null = null): string {
  return orderOf(
    variantOf(FOO, (o) => {
      o.financial_status = financial;
      o.fulfillment_status = fulfillment;
      o.cancelled_at = cancelledAt;
    }),
  ).status;
}

/** The README's status table, row by row. */
describe.each([
  ['pending', null, null, 'PENDING'],
  ['authorized', null, null, 'PENDING'],
  ['partially_paid', null, null, 'PENDING'],
  ['paid', null, null, 'PAID'],
  ['paid', 'partial', null, 'PAID'],
  ['paid', 'fulfilled', null, 'FULFILLED'],
  ['pending', 'fulfilled', null, 'FULFILLED'],
  ['partially_refunded', 'fulfilled', null, 'PARTIALLY_REFUNDED'],
  ['refunded', 'fulfilled', null, 'REFUNDED'],
  ['voided', null, null, 'PENDING'],
  ['voided', null, '2025-04-02T11:31:25-05:00', 'CANCELLED'],
  ['refunded', 'fulfilled', '2025-04-02T11:31:25-05:00', 'CANCELLED'],
  [null, null, null, 'PENDING'],
])('financial_status %s, fulfillment_status %s, cancelled_at %s', (financial, fulfillment, cancelledAt, status) => {
  it(`is ${status}`, () => {
    expect(statusOf(financial, fulfillment, cancelledAt)).toBe(status);
  });
});

describe('refunds decide the status when financial_status lags', () => {
  const refundOf = (value: string) =>
    variantOf(TENOFF, (o: Json) => {
      o.financial_status = 'paid';
      o.refunds[0].transactions[0].amount = value;
    });

  it('a refund of part of the total is PARTIALLY_REFUNDED', () => {
    expect(orderOf(refundOf('100.00')).status).toBe('PARTIALLY_REFUNDED');
  });

  it('a refund of the whole total is REFUNDED', () => {
    expect(orderOf(refundOf('598.94')).status).toBe('REFUNDED');
  });

  it('a failed refund transaction refunds nothing', () => {
    const payload = variantOf(TENOFF, (o: Json) => {
      o.financial_status = 'paid';
      o.refunds[0].transactions[0].status = 'failure';
    });
    expect([orderOf(payload).status, orderOf(payload).refundedTotal.minor]).toEqual(['PAID', 0]);
  });
});
