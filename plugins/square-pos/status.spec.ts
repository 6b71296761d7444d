/** The status table of the README, on variants of the RetrieveOrder sample (total 5.50 USD). */
import { describeConformance } from '../../src/plugin-sdk/testing';
import plugin from './index';
import { deliver, type Json, orderOf, RETRIEVE_ORDER, variant } from './test-fixtures';

const money = (amount: number) => ({ amount, currency: 'USD' });
const tender = (amount: number, cardStatus = 'CAPTURED') => ({ id: 'hYy9pRFVxpDsO1FB05SunFWUe9JZY', type: 'CARD', amount_money: money(amount), card_details: { status: cardStatus } });
const refund = (amount: number, status = 'COMPLETED') => ({ id: `rf-${amount}-${status}`, tender_id: 't', amount_money: money(amount), status, reason: 'x', created_at: '2020-05-19T10:00:00.000Z' });

const order = (change: (o: Json) => void) => variant(RETRIEVE_ORDER, (copy) => change(copy.order));

const CASES: Array<[string, (o: Json) => void, string]> = [
  ['DRAFT', (o) => (o.state = 'DRAFT'), 'PENDING'],
  ['OPEN, no tender', () => {}, 'PENDING'],
  ['OPEN, tenders short of the total', (o) => (o.tenders = [tender(500)]), 'PENDING'],
  ['OPEN, tenders cover the total', (o) => (o.tenders = [tender(300), tender(250)]), 'PAID'],
  ['OPEN, the only card tender VOIDED', (o) => (o.tenders = [tender(550, 'VOIDED')]), 'PENDING'],
  ['OPEN, paid, every live fulfillment COMPLETED', (o) => ((o.tenders = [tender(550)]), (o.fulfillments = [{ state: 'COMPLETED' }, { state: 'CANCELED' }])), 'FULFILLED'],
  ['OPEN, paid, a fulfillment still PREPARED', (o) => ((o.tenders = [tender(550)]), (o.fulfillments = [{ state: 'COMPLETED' }, { state: 'PREPARED' }])), 'PAID'],
  ['COMPLETED', (o) => ((o.state = 'COMPLETED'), (o.tenders = [tender(550)])), 'FULFILLED'],
  ['COMPLETED, refunded in part', (o) => ((o.state = 'COMPLETED'), (o.refunds = [refund(100)])), 'PARTIALLY_REFUNDED'],
  ['COMPLETED, refunded in full (two refunds)', (o) => ((o.state = 'COMPLETED'), (o.refunds = [refund(500), refund(50, 'PENDING')])), 'REFUNDED'],
  ['COMPLETED, a FAILED and a REJECTED refund', (o) => ((o.state = 'COMPLETED'), (o.refunds = [refund(550, 'FAILED'), refund(550, 'REJECTED')])), 'FULFILLED'],
  ['CANCELED', (o) => (o.state = 'CANCELED'), 'CANCELLED'],
  ['CANCELED, refunded in full', (o) => ((o.state = 'CANCELED'), (o.refunds = [refund(550)])), 'CANCELLED'],
];

describe('status', () => {
  it.each(CASES)('%s → %s', (_name, change, expected) => {
    expect(orderOf(deliver(order(change))).status).toBe(expected);
  });

  it('counts live refunds in refundedTotal, also on a cancelled order', () => {
    expect(orderOf(deliver(order((o) => ((o.state = 'CANCELED'), (o.refunds = [refund(200), refund(100, 'APPROVED'), refund(50, 'FAILED')]))))).refundedTotal).toEqual({
      minor: 300,
      currency: 'USD',
    });
  });

  it('reads an unknown state like OPEN, with a warning', () => {
    const result = deliver(order((o) => ((o.state = 'ON_HOLD'), (o.tenders = [tender(550)]))));
    expect(result).toMatchObject({ outcome: 'record', records: [{ status: 'PAID' }], warnings: ['unknown Square order state "ON_HOLD": read by its tenders and fulfillments'] });
  });

  it('leaves out a refund in another currency, with a warning', () => {
    const result = deliver(order((o) => ((o.state = 'COMPLETED'), (o.refunds = [{ ...refund(100), amount_money: { amount: 100, currency: 'EUR' } }]))));
    expect(result).toMatchObject({ outcome: 'record', records: [{ status: 'FULFILLED', refundedTotal: { minor: 0 } }], warnings: ['order.refunds[0].amount_money is in EUR, not USD: left out'] });
  });

  it('numbers a paid order without reference_id by its receipt code: the first 4 characters of the payment id', () => {
    expect(orderOf(deliver(order((o) => (o.tenders = [tender(550)])))).number).toBe('hYy9');
  });

  it('keeps the buyer identity of customer_id', () => {
    expect(orderOf(deliver(order((o) => (o.customer_id = 'JDKYHBWT1D4F8MFH63DBMEN8Y4')))).customer).toEqual({
      externalId: 'JDKYHBWT1D4F8MFH63DBMEN8Y4', email: null, emailMatchable: true, phone: null, name: null,
    });
  });
});

describeConformance(
  plugin,
  CASES.map(([name, change]) => ({ name: `status: ${name}`, payload: order(change) })),
);
