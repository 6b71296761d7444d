import { createHmac, timingSafeEqual } from 'node:crypto';

import { parseMoney } from '../money/money';
import { Random, shopifyOrderWebhook } from './index';

const SECRET = 'shpss_test_secret_0123456789';
const NOW = new Date('2026-11-20T15:30:00Z');

interface MoneyPair {
  shop_money: { amount: string; currency_code: string };
  presentment_money: { amount: string; currency_code: string };
}
interface LineItem {
  id: number;
  price: string;
  price_set: MoneyPair;
  quantity: number;
  sku: string;
  title: string;
  discount_allocations: Array<{ amount: string }>;
  tax_lines: Array<{ price: string; rate: number }>;
}
interface ShopifyOrder {
  id: number;
  name: string;
  order_number: number;
  currency: string;
  created_at: string;
  updated_at: string;
  financial_status: string;
  fulfillment_status: string | null;
  total_price: string;
  total_price_set: MoneyPair;
  subtotal_price: string;
  total_line_items_price: string;
  total_discounts: string;
  total_tax: string;
  line_items: LineItem[];
  tax_lines: Array<{ price: string }>;
  shipping_lines: Array<{ price: string }>;
  discount_codes: Array<{ code: string; amount: string; type: string }>;
  customer: { id: number; email: string | null; phone: string | null; first_name: string; last_name: string } | null;
  email: string;
}

function verify(body: string, header: string, secret: string): boolean {
  const expected = createHmac('sha256', secret).update(body, 'utf8').digest();
  const given = Buffer.from(header, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function sumMinor(amounts: string[], currency: string): number {
  return amounts.reduce((s, a) => s + parseMoney(a, currency).minor, 0);
}

describe('shopifyOrderWebhook', () => {
  const hooks = Array.from({ length: 200 }, (_, i) =>
    shopifyOrderWebhook(new Random(1000 + i), { secret: SECRET, orderNumber: 1001 + i, now: NOW, currency: ['USD', 'JPY', 'EUR'][i % 3] }),
  );
  const orders = hooks.map((h) => JSON.parse(h.body) as ShopifyOrder);

  it('signs the raw body: the HMAC verifies with node:crypto and fails with another secret or body', () => {
    for (const hook of hooks) expect(verify(hook.body, hook.headers['x-shopify-hmac-sha256'], SECRET)).toBe(true);
    const hook = hooks[0];
    expect(verify(hook.body, hook.headers['x-shopify-hmac-sha256'], 'wrong')).toBe(false);
    expect(verify(hook.body.replace('"#1001"', '"#1002"'), hook.headers['x-shopify-hmac-sha256'], SECRET)).toBe(false);
  });

  it('sends the webhook headers Shopify sends', () => {
    const { headers } = hooks[0];
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-shopify-topic']).toBe('orders/create');
    expect(headers['x-shopify-hmac-sha256']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(headers['x-shopify-webhook-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(headers['x-shopify-shop-domain']).toMatch(/\.myshopify\.com$/);
    expect(new Set(hooks.map((h) => h.headers['x-shopify-webhook-id'])).size).toBe(hooks.length);
  });

  it('is the bare order object, named "#<orderNumber>", with ids as JSON integers', () => {
    const order = orders[0];
    expect(order).not.toHaveProperty('order');
    expect(order.name).toBe('#1001');
    expect(order.order_number).toBe(1001);
    expect(hooks[0].body).toMatch(/^\{"id":\d{13},/);
    expect(typeof order.id).toBe('number');
    expect(typeof order.line_items[0].id).toBe('number');
  });

  it('total_price equals the sum of its parts, and each part the sum of its lines', () => {
    for (const order of orders) {
      const c = order.currency;
      const minor = (a: string) => parseMoney(a, c).minor;
      const lineGross = order.line_items.reduce((s, l) => s + minor(l.price) * l.quantity, 0);
      const lineDiscounts = sumMinor(order.line_items.flatMap((l) => l.discount_allocations.map((d) => d.amount)), c);
      const lineTaxes = sumMinor(order.line_items.flatMap((l) => l.tax_lines.map((t) => t.price)), c);
      const shipping = sumMinor(order.shipping_lines.map((s) => s.price), c);
      expect(minor(order.total_line_items_price)).toBe(lineGross);
      expect(minor(order.total_discounts)).toBe(lineDiscounts);
      expect(minor(order.total_tax)).toBe(lineTaxes);
      expect(minor(order.total_tax)).toBe(sumMinor(order.tax_lines.map((t) => t.price), c));
      expect(minor(order.subtotal_price)).toBe(lineGross - lineDiscounts);
      expect(minor(order.total_price)).toBe(lineGross - lineDiscounts + lineTaxes + shipping);
      expect(order.total_price_set.shop_money).toEqual({ amount: order.total_price, currency_code: c });
      expect(order.total_price_set.presentment_money).toEqual({ amount: order.total_price, currency_code: c });
    }
  });

  it("writes money as decimal strings with the currency's decimals (JPY none)", () => {
    for (const order of orders) {
      const pattern = order.currency === 'JPY' ? /^\d+$/ : /^\d+\.\d{2}$/;
      expect(order.total_price).toMatch(pattern);
      for (const line of order.line_items) expect(line.price).toMatch(pattern);
    }
  });

  it('records coupon codes in discount_codes with the discounted amount', () => {
    const withCodes = orders.filter((o) => o.discount_codes.length > 0);
    expect(withCodes.length).toBeGreaterThan(0);
    for (const order of withCodes) {
      expect(order.discount_codes[0].amount).toBe(order.total_discounts);
      expect(['percentage', 'fixed_amount']).toContain(order.discount_codes[0].type);
    }
  });

  it('dates with the shop offset, and sets financial and fulfillment status', () => {
    const usd = orders.find((o) => o.currency === 'USD')!;
    expect(usd.created_at).toBe('2026-11-20T10:30:00-05:00');
    const jpy = orders.find((o) => o.currency === 'JPY')!;
    expect(jpy.created_at).toBe('2026-11-21T00:30:00+09:00');
    for (const order of orders) {
      expect(['paid', 'pending', 'authorized']).toContain(order.financial_status);
      expect(order.fulfillment_status).toBeNull();
    }
  });

  it('has a customer with id, email, phone and names, or none for a guest checkout', () => {
    const withCustomer = orders.filter((o) => o.customer);
    expect(withCustomer.length).toBeGreaterThan(100);
    for (const order of withCustomer) {
      expect(typeof order.customer!.id).toBe('number');
      expect(order.customer!.first_name).toBeTruthy();
      expect(order.customer!.last_name).toBeTruthy();
    }
    const guest = JSON.parse(shopifyOrderWebhook(new Random(5), { secret: SECRET, orderNumber: 2000, guest: true, now: NOW }).body) as ShopifyOrder;
    expect(guest.customer).toBeNull();
    expect(guest.email).toBe('');
  });

  it('honours the number of lines asked for', () => {
    const order = JSON.parse(shopifyOrderWebhook(new Random(3), { secret: SECRET, orderNumber: 1500, lines: 4, now: NOW }).body) as ShopifyOrder;
    expect(order.line_items).toHaveLength(4);
  });

  it('writes ids beyond 2^53 as exact integer literals with largeIds', () => {
    const { body } = shopifyOrderWebhook(new Random(9), { secret: SECRET, orderNumber: 1001, largeIds: true, now: NOW });
    const id = /^\{"id":(\d+),/.exec(body)![1];
    expect(id).toHaveLength(19);
    expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(body).toContain(`"admin_graphql_api_id":"gid://shopify/Order/${id}"`);
  });

  it('is deterministic for the same generator state', () => {
    const a = shopifyOrderWebhook(new Random(77), { secret: SECRET, orderNumber: 1001, now: NOW });
    const b = shopifyOrderWebhook(new Random(77), { secret: SECRET, orderNumber: 1001, now: NOW });
    expect(a).toEqual(b);
  });
});
