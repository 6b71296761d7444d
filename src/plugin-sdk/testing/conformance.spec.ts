import { defineChannelPlugin, multiply, PayloadReader, record, skip, zero, type ChannelPlugin, type OrderRecord } from '../index';
import { checkConformance, describeConformance, type ConformanceCase, type ConformanceReport } from './index';

/** A toy channel: one line of `quantity` × `price`, total as stated; `tweak` breaks it on purpose. */
function toyPlugin(tweak: (order: OrderRecord, payload: Record<string, unknown>) => void = () => {}): ChannelPlugin {
  return defineChannelPlugin({
    name: 'toy',
    kind: 'STOREFRONT',
    version: '0.1.0',
    sdk: '^1.0.0',
    description: 'a toy channel for the kit’s own tests',
    normalize({ payload, headers }) {
      if (headers['x-toy-topic'] === 'ping') return skip('pings carry no order');
      const p = PayloadReader.of(payload);
      const currency = p.string('currency');
      const price = p.money('price', currency);
      const quantity = p.int('quantity');
      if (quantity <= 0) p.reject('expected a positive quantity', 'quantity');
      const none = zero(currency);
      const order: OrderRecord = {
        kind: 'order', externalId: p.id('id'), number: null, status: 'PAID', placedAt: p.date('placed_at'), currency,
        subtotal: multiply(price, quantity), discountTotal: none, taxTotal: none, shippingTotal: none, total: p.money('total', currency),
        refundedTotal: none, taxesIncluded: false, couponCodes: [], customer: null, sourceUpdatedAt: null, sourceVersion: null,
        lines: [{ sku: null, title: 'Toy', quantity, unitPrice: price, discount: none, tax: none, total: multiply(price, quantity) }],
      };
      tweak(order, payload as Record<string, unknown>);
      return record(order);
    },
  });
}

const ORDER = { id: 'A1', currency: 'USD', price: '5.00', quantity: 2, total: '10.00', placed_at: '2025-01-01T00:00:00Z' };
const toyCase = (payload: Record<string, unknown> = ORDER): ConformanceCase => ({ name: 'a toy order', payload, headers: { 'X-Toy-Topic': 'order' } });

function failing(report: ConformanceReport): Record<string, string[]> {
  return Object.fromEntries(report.checks.filter((c) => c.problems.length > 0).map((c) => [c.id, c.problems]));
}

const check = (plugin: ChannelPlugin, testCase = toyCase(), tolerance = 0) => checkConformance(plugin, [testCase], { balanceToleranceMinor: tolerance })[0];

describe('checkConformance', () => {
  it('passes a conforming plugin and reports a zero balance difference', () => {
    const report = check(toyPlugin());
    expect(failing(report)).toEqual({});
    expect(report.balances).toEqual([{ externalId: 'A1', currency: 'USD', differenceMinor: 0, difference: '0.00 USD', withinTolerance: true }]);
  });

  it('reports an order whose total is off the sum of its parts, in the check title too', () => {
    const report = check(toyPlugin(), toyCase({ ...ORDER, total: '10.01' }));
    expect(failing(report)).toEqual({ 'money-balances': ['order A1: total is off the sum of its parts by 0.01 USD'] });
    expect(report.checks.find((c) => c.id === 'money-balances')?.title).toContain('difference 0.01 USD on order A1');
  });

  it('lets a difference within the tolerance pass, still reporting it', () => {
    const report = check(toyPlugin(), toyCase({ ...ORDER, total: '10.01' }), 1);
    expect([report.ok, report.balances[0].differenceMinor]).toEqual([true, 1]);
  });

  it('catches a line total that is not unitPrice × quantity', () => {
    expect(Object.keys(failing(check(toyPlugin((o) => (o.lines[0].total = { minor: 999, currency: 'USD' })))))).toEqual(['line-totals']);
  });

  it('catches Money in another currency than the order’s', () => {
    const report = check(toyPlugin((o) => (o.refundedTotal = zero('EUR'))));
    expect(failing(report)['money-currency']).toEqual(["records[0].refundedTotal is in EUR, not the order's USD"]);
  });

  it('catches a quantity that is not a positive integer and an unknown status', () => {
    const report = check(toyPlugin((o) => ((o.lines[0].quantity = 0), (o.status = 'SHIPPED' as never))));
    expect(Object.keys(failing(report))).toEqual(expect.arrayContaining(['quantities', 'status']));
  });

  it('catches a normalize that mutates its input', () => {
    expect(failing(check(toyPlugin((_o, payload) => (payload.seen = true))))).toEqual({ pure: ['normalize changed its input at payload.seen'] });
  });

  it('catches a normalize that is not deterministic, and ids that move', () => {
    let calls = 0;
    const report = check(toyPlugin((o) => (o.externalId = `A${++calls}`)));
    expect(failing(report)).toMatchObject({ deterministic: ['two runs differ at result.records[0].externalId'], 'stable-ids': [expect.any(String)] });
  });

  it('reports an invalid case with its path and reason', () => {
    const report = check(toyPlugin(), toyCase({ ...ORDER, price: 'twelve' }));
    expect(report.outcome).toBe('invalid');
    expect(failing(report).normalizes).toEqual(['invalid at "price": "twelve" is not a decimal amount']);
  });

  it('runs no order checks on a skip', () => {
    const report = check(toyPlugin(), { name: 'a ping', payload: {}, headers: { 'x-toy-topic': 'ping' } });
    expect([report.outcome, report.ok, report.checks.some((c) => c.id === 'money-balances')]).toEqual(['skip', true, false]);
  });

  it('accepts order parts (OrderPartRecord) and checks their fields', () => {
    const parts = (orderExternalId: string) =>
      defineChannelPlugin({
        name: 'toy-parts',
        kind: 'MARKETPLACE',
        version: '0.1.0',
        sdk: '^1.0.0',
        description: 'a toy channel sending its orders in parts',
        normalize: () => record({ kind: 'orderPart', orderExternalId, part: 'items', data: { lines: 1 } }),
      });
    const partCase: ConformanceCase = { name: 'a part', payload: { id: 'A1' } };
    expect(failing(check(parts('A1'), partCase))).toEqual({});
    expect(failing(check(parts(''), partCase)).records).toEqual(['records[0].orderExternalId is empty']);
  });

  it('catches a plugin that throws on bad input', () => {
    const toy = toyPlugin();
    const throwing: ChannelPlugin = {
      ...toy,
      normalize(input) {
        if (input.payload === null) throw new TypeError('cannot read the order of null');
        return toy.normalize(input);
      },
    };
    expect(failing(check(throwing))['survives-non-objects']).toEqual([expect.stringMatching(/^payload null: threw TypeError/)]);
  });

  it('catches a crash that defineChannelPlugin turned into invalid', () => {
    const careless = toyPlugin((o, payload) => {
      o.number = (payload.number as { text: string }).text.trim(); // a TypeError when number is {}
    });
    const report = check(careless, toyCase({ ...ORDER, number: { text: '#1' } }));
    expect(failing(report)['survives-key-empty-object']).toEqual([expect.stringMatching(/^"number" set to \{\}: crashed instead of rejecting/)]);
  });

  it('mutates every top-level key seven ways', () => {
    const ids = check(toyPlugin()).checks.filter((c) => c.id.startsWith('survives-key-')).map((c) => c.title);
    expect(ids).toHaveLength(7);
    expect(ids.every((title) => title.endsWith('(6 keys)'))).toBe(true);
  });
});

describeConformance(toyPlugin(), [toyCase(), { name: 'a ping', payload: {}, headers: { 'x-toy-topic': 'ping' } }]);
