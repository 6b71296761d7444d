/** Square's money rules: minor units, quantities as strings, inclusive taxes, service charges and tips, JPY. */
import { describeConformance } from '../../src/plugin-sdk/testing';
import plugin from './index';
import { CREATE_ORDER, deliver, type Json, orderOf, RETRIEVE_ORDER, show, variant } from './test-fixtures';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/** The RetrieveOrder sample with a 10% INCLUSIVE tax: Item 1 2.50 holds 0.23 of tax, Item 2 3.00 holds 0.27. */
const inclusive = variant(RETRIEVE_ORDER, ({ order }) => {
  order.taxes = [{ uid: 'vat', name: 'VAT', percentage: '10', scope: 'ORDER', type: 'INCLUSIVE', applied_money: usd(50) }];
  order.line_items[0].total_tax_money = usd(23);
  order.line_items[1].total_tax_money = usd(27);
  order.total_tax_money = usd(50);
});

/** The RetrieveOrder sample with a 1.00 service charge and a 0.75 tip on top. */
const charged = variant(RETRIEVE_ORDER, ({ order }) => {
  order.service_charges = [{ uid: 'sc', name: 'Delivery', amount_money: usd(100), applied_money: usd(100), total_money: usd(100), calculation_phase: 'TOTAL_PHASE' }];
  order.total_service_charge_money = usd(100);
  order.total_tip_money = usd(75);
  order.total_money = usd(725);
});

/** A JPY order: no minor unit. */
const yen = variant(RETRIEVE_ORDER, ({ order }) => {
  const jpy = (amount: number) => ({ amount, currency: 'JPY' });
  const walk = (node: Json): void => {
    for (const value of Object.values(node)) {
      if (value && typeof value === 'object') {
        if (typeof value.amount === 'number' && value.currency === 'USD') Object.assign(value, jpy(value.amount));
        else walk(value);
      }
    }
  };
  walk(order);
});

describeConformance(plugin, [
  { name: 'taxes INCLUSIVE', payload: inclusive },
  { name: 'a service charge and a tip', payload: charged },
  { name: 'JPY', payload: yen },
]);

describe('money', () => {
  it('reads integer minor units: 1599 is 15.99 USD', () => {
    expect(show(orderOf(deliver(variant(CREATE_ORDER, () => {}))).lines[0].unitPrice)).toBe('15.99 USD');
  });

  it('reads JPY amounts as whole yen', () => {
    expect(show(orderOf(deliver(yen)).total)).toBe('550 JPY');
  });

  it('sets taxesIncluded when every tax is INCLUSIVE: the tax is inside the line total, not added to the order', () => {
    const order = orderOf(deliver(inclusive));
    expect([order.taxesIncluded, show(order.taxTotal), show(order.total), order.lines.map((l) => show(l.tax))]).toEqual([true, '0.50 USD', '5.50 USD', ['0.23 USD', '0.27 USD']]);
  });

  it('puts service charges and tips into shippingTotal', () => {
    expect(show(orderOf(deliver(charged)).shippingTotal)).toBe('1.75 USD');
  });

  it('takes "2.000" as 2 units', () => {
    expect(orderOf(deliver(variant(RETRIEVE_ORDER, ({ order }) => (order.line_items[1].quantity = '2.000')))).lines[1].quantity).toBe(2);
  });

  it('leaves a line service charge out of the line total (it is in shippingTotal)', () => {
    const order = orderOf(
      deliver(
        variant(RETRIEVE_ORDER, ({ order }) => {
          order.line_items[0].total_service_charge_money = usd(40);
          order.line_items[0].total_money = usd(290);
          order.total_service_charge_money = usd(40);
          order.total_money = usd(590);
        }),
      ),
    );
    expect([show(order.lines[0].total), show(order.shippingTotal), show(order.total)]).toEqual(['2.50 USD', '0.40 USD', '5.90 USD']);
  });

  it('has no coupon codes: Square discounts are named price adjustments, not codes a buyer types', () => {
    expect(orderOf(deliver(variant(CREATE_ORDER, () => {}))).couponCodes).toEqual([]);
  });
});
