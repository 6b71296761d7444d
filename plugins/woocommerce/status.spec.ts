/** The status table of README.md, on variants of the shared order sample. */
import { deliver, ORDER_CREATED, orderOf, variant } from './test-fixtures';

const PAID_AT = '2017-03-22T19:28:08';

function statusOf(status: string, paid: boolean, refunds: string[] = []): string {
  const payload = variant(ORDER_CREATED, (o) => {
    Object.assign(o, { status, date_paid: paid ? '2017-03-22T16:28:08' : null, date_paid_gmt: paid ? PAID_AT : null });
    o.refunds = refunds.map((total, i) => ({ id: 800 + i, refund: '', total }));
  });
  return orderOf(deliver(payload)).status;
}

describe.each([
  // status, date_paid set?, refunds[].total, expected
  ['pending', false, [], 'PENDING'],
  ['pending', true, [], 'PAID'],
  ['on-hold', false, [], 'PENDING'],
  ['on-hold', true, [], 'PAID'],
  ['failed', false, [], 'PENDING'],
  ['checkout-draft', false, [], 'PENDING'],
  ['processing', false, [], 'PAID'],
  ['processing', true, [], 'PAID'],
  ['completed', false, [], 'FULFILLED'],
  ['completed', true, ['-10.00'], 'PARTIALLY_REFUNDED'],
  ['processing', true, ['-20.00', '-9.35'], 'REFUNDED'],
  ['refunded', true, ['-29.35'], 'REFUNDED'],
  ['refunded', true, [], 'REFUNDED'],
  ['cancelled', false, [], 'CANCELLED'],
  ['cancelled', true, ['-10.00'], 'CANCELLED'],
  ['shipped-custom', true, [], 'PAID'],
  ['shipped-custom', false, [], 'PENDING'],
] as Array<[string, boolean, string[], string]>)('status %s, paid %s, refunds %j', (status, paid, refunds, expected) => {
  it(`is ${expected}`, () => {
    expect(statusOf(status, paid, refunds)).toBe(expected);
  });
});

it('a cancelled order still shows its refunds in refundedTotal', () => {
  const payload = variant(ORDER_CREATED, (o) => {
    o.status = 'cancelled';
    o.refunds = [{ id: 801, refund: '', total: '-10.00' }];
  });
  expect(orderOf(deliver(payload)).refundedTotal).toEqual({ minor: 1000, currency: 'USD' });
});

it('a status of another plugin is read by date_paid, with a warning', () => {
  const result = deliver(variant(ORDER_CREATED, (o) => (o.status = 'wc-awaiting-shipment')));
  expect(result).toMatchObject({ outcome: 'record', warnings: ['order 727: status "wc-awaiting-shipment" is not WooCommerce\'s own: read by date_paid'] });
});
