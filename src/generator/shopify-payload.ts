/**
 * Shopify `orders/create` webhooks as Shopify sends them: the bare order object (no `{order: …}`
 * envelope), ids as 64-bit integers written as JSON numbers, money as decimal strings in the
 * shop currency with `*_set` shop/presentment pairs, times with the shop's UTC offset, and the
 * headers a receiver checks, signed with HMAC-SHA256 over the exact body bytes.
 *
 * @packageDocumentation
 */

import { createHmac } from 'node:crypto';

import { ChannelKind } from '../channels/channel-kind';
import { formatMinor } from '../money/money';
import { normalizeCurrencyCode } from '../money/currency';
import { OrderStatus } from '../orders/order-status';
import { profileFor, type PersonLocale } from './channels';
import { buildOrder, type GeneratedOrder } from './order-builder';
import { PersonFactory, type Person } from './people';
import type { Random } from './random';
import { DAY_MS, isoWithOffset } from './timeline';

/** Options of {@link shopifyOrderWebhook}. */
export interface ShopifyWebhookOptions {
  /** The channel's webhook secret (the app's client secret). */
  secret: string;
  /** Shopify's order number: the order is named "#<orderNumber>". */
  orderNumber: number;
  /** Number of line items (default 1–5, mean ≈ 3). */
  lines?: number;
  /** Shop currency (default USD). */
  currency?: string;
  /** Creation time (default `new Date()`). */
  now?: Date;
  /** The shop's myshopify.com domain (default "salesgraph-demo.myshopify.com"). */
  shopDomain?: string;
  /** Use ids beyond 2^53 (as real large shops have) to test that receivers keep them as strings. */
  largeIds?: boolean;
  /** A guest checkout (customer null, email ""); by default 10 % of orders are. */
  guest?: boolean;
}

/** A webhook delivery: the raw body and the HTTP headers. */
export interface ShopifyWebhook {
  body: string;
  headers: Record<string, string>;
}

const LOCALE_BY_CURRENCY: Record<string, PersonLocale> = { JPY: 'ja', CNY: 'zh_CN', EUR: 'de' };
const COUNTRY_BY_LOCALE: Record<PersonLocale, { code: string; name: string; offset: number }> = {
  en_US: { code: 'US', name: 'United States', offset: -300 },
  ja: { code: 'JP', name: 'Japan', offset: 540 },
  zh_CN: { code: 'CN', name: 'China', offset: 480 },
  de: { code: 'DE', name: 'Germany', offset: 60 },
};

/** Marker for 64-bit integers: stringified as a quoted token, then unquoted in the raw body. */
const INT64 = (digits: string) => `__int64__${digits}__`;
const INT64_PATTERN = /"__int64__(\d+)__"/g;

function idMaker(rng: Random, large: boolean) {
  return (digits = 13): string => (large ? `${rng.int(1, 8)}${rng.digits(18, true)}` : rng.digits(digits));
}

function moneySet(minor: number, currency: string) {
  const amount = formatMinor(minor, currency);
  return {
    shop_money: { amount, currency_code: currency },
    presentment_money: { amount, currency_code: currency },
  };
}

/** The order object of the webhook body. */
function orderObject(rng: Random, order: GeneratedOrder, person: Person | null, options: ShopifyWebhookOptions, offset: number, country: { code: string; name: string }) {
  const currency = order.currencyCode;
  const money = (minor: number) => formatMinor(minor, currency);
  const set = (minor: number) => moneySet(minor, currency);
  const nextId = idMaker(rng, options.largeIds ?? false);
  const orderId = nextId(13);
  const created = isoWithOffset(order.placedAt, offset);
  const updated = isoWithOffset(order.sourceUpdatedAt, offset);
  const taxTitle = country.code === 'US' ? 'State Tax' : country.code === 'JP' ? '消費税' : 'VAT';
  const rate = order.taxRateBps / 10_000; // a rate, not money: Shopify sends it as a JSON number
  const paid = order.status !== OrderStatus.PENDING;
  const token = rng.hex(32);
  const discount = order.discount;
  const lineItems = order.lines.map((line) => {
    const lineId = nextId(14);
    const gross = line.unitPriceMinor * line.quantity;
    return {
      id: INT64(lineId),
      admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`,
      attributed_staffs: [],
      current_quantity: line.quantity,
      fulfillable_quantity: line.quantity,
      fulfillment_service: 'manual',
      fulfillment_status: null,
      gift_card: false,
      grams: line.grams,
      name: line.title,
      price: money(line.unitPriceMinor),
      price_set: set(line.unitPriceMinor),
      product_exists: true,
      product_id: INT64(nextId(13)),
      properties: [],
      quantity: line.quantity,
      requires_shipping: true,
      sku: line.sku,
      taxable: true,
      title: line.productTitle,
      total_discount: money(0),
      total_discount_set: set(0),
      variant_id: INT64(nextId(14)),
      variant_inventory_management: 'shopify',
      variant_title: line.variantTitle,
      vendor: 'Salesgraph Demo Co.',
      tax_lines: line.taxMinor > 0 || order.taxRateBps > 0 ? [{ channel_liable: false, price: money(line.taxMinor), price_set: set(line.taxMinor), rate, title: taxTitle }] : [],
      duties: [],
      discount_allocations: line.discountMinor > 0 ? [{ amount: money(line.discountMinor), amount_set: set(line.discountMinor), discount_application_index: 0 }] : [],
      pre_tax_price: money(gross - line.discountMinor),
      pre_tax_price_set: set(gross - line.discountMinor),
    };
  });
  const address = person
    ? {
        first_name: person.firstName,
        last_name: person.lastName,
        name: person.name,
        address1: person.address.line1,
        address2: '',
        city: person.address.city,
        province: person.address.province,
        province_code: null,
        zip: person.address.zip,
        country: country.name,
        country_code: country.code,
        phone: person.phone,
        company: null,
        latitude: null,
        longitude: null,
      }
    : null;
  const customerId = nextId(13);
  const customerCreated = isoWithOffset(new Date(order.placedAt.getTime() - rng.int(0, 400) * DAY_MS), offset);
  return {
    id: INT64(orderId),
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    app_id: 580111,
    browser_ip: `203.0.113.${rng.int(1, 254)}`,
    buyer_accepts_marketing: rng.chance(0.3),
    cancel_reason: null,
    cancelled_at: null,
    cart_token: rng.hex(32),
    checkout_id: INT64(nextId(14)),
    checkout_token: rng.hex(32),
    closed_at: null,
    confirmation_number: rng.upperAlnum(9),
    confirmed: true,
    contact_email: person?.email ?? null,
    created_at: created,
    currency,
    current_subtotal_price: money(order.subtotalMinor - order.discountTotalMinor),
    current_subtotal_price_set: set(order.subtotalMinor - order.discountTotalMinor),
    current_total_discounts: money(order.discountTotalMinor),
    current_total_discounts_set: set(order.discountTotalMinor),
    current_total_price: money(order.totalMinor),
    current_total_price_set: set(order.totalMinor),
    current_total_tax: money(order.taxTotalMinor),
    current_total_tax_set: set(order.taxTotalMinor),
    customer_locale: person ? { en_US: 'en-US', ja: 'ja', zh_CN: 'zh-CN', de: 'de' }[person.locale] : 'en-US',
    discount_codes: discount?.code ? [{ code: discount.code, amount: money(order.discountTotalMinor), type: discount.type }] : [],
    email: person?.email ?? '',
    estimated_taxes: false,
    financial_status: paid ? 'paid' : rng.chance(0.5) ? 'pending' : 'authorized',
    fulfillment_status: null,
    landing_site: '/',
    name: `#${options.orderNumber}`,
    note: null,
    note_attributes: [],
    number: options.orderNumber - 1000,
    order_number: options.orderNumber,
    order_status_url: `https://${options.shopDomain ?? 'salesgraph-demo.myshopify.com'}/${rng.digits(11)}/orders/${token}/authenticate?key=${rng.hex(32)}`,
    payment_gateway_names: [rng.pick(['shopify_payments', 'paypal', 'shop_pay'])],
    phone: person?.phone ?? null,
    presentment_currency: currency,
    processed_at: created,
    source_name: 'web',
    subtotal_price: money(order.subtotalMinor - order.discountTotalMinor),
    subtotal_price_set: set(order.subtotalMinor - order.discountTotalMinor),
    tags: '',
    tax_lines: order.taxRateBps > 0 ? [{ price: money(order.taxTotalMinor), rate, title: taxTitle, price_set: set(order.taxTotalMinor), channel_liable: false }] : [],
    taxes_included: false,
    test: false,
    token,
    total_discounts: money(order.discountTotalMinor),
    total_discounts_set: set(order.discountTotalMinor),
    total_line_items_price: money(order.subtotalMinor),
    total_line_items_price_set: set(order.subtotalMinor),
    total_outstanding: paid ? money(0) : money(order.totalMinor),
    total_price: money(order.totalMinor),
    total_price_set: set(order.totalMinor),
    total_shipping_price_set: set(order.shippingTotalMinor),
    total_tax: money(order.taxTotalMinor),
    total_tax_set: set(order.taxTotalMinor),
    total_tip_received: money(0),
    total_weight: order.lines.reduce((g, l) => g + l.grams * l.quantity, 0),
    updated_at: updated,
    user_id: null,
    billing_address: address,
    customer: person
      ? {
          id: INT64(customerId),
          email: person.email,
          created_at: customerCreated,
          updated_at: created,
          first_name: person.firstName,
          last_name: person.lastName,
          state: 'enabled',
          note: null,
          verified_email: true,
          multipass_identifier: null,
          tax_exempt: false,
          phone: person.phone,
          tags: '',
          currency,
          admin_graphql_api_id: `gid://shopify/Customer/${customerId}`,
        }
      : null,
    discount_applications: discount
      ? [
          {
            target_type: 'line_item',
            type: discount.code ? 'discount_code' : 'automatic',
            value: discount.type === 'fixed_amount' ? money(discount.value) : `${discount.value}.0`,
            value_type: discount.type === 'fixed_amount' ? 'fixed_amount' : 'percentage',
            allocation_method: discount.singleLine ? 'each' : 'across',
            target_selection: discount.singleLine ? 'entitled' : 'all',
            ...(discount.code ? { code: discount.code } : { title: discount.title }),
          },
        ]
      : [],
    fulfillments: [],
    line_items: lineItems,
    payment_terms: null,
    refunds: [],
    shipping_address: address,
    shipping_lines: order.shippingTitle
      ? [
          {
            id: INT64(nextId(11)),
            carrier_identifier: null,
            code: order.shippingTitle,
            discounted_price: money(order.shippingTotalMinor),
            discounted_price_set: set(order.shippingTotalMinor),
            is_removed: false,
            phone: null,
            price: money(order.shippingTotalMinor),
            price_set: set(order.shippingTotalMinor),
            requested_fulfillment_service_id: null,
            source: 'shopify',
            title: order.shippingTitle,
            tax_lines: [],
            discount_allocations: [],
          },
        ]
      : [],
  };
}

/**
 * A signed Shopify `orders/create` webhook with a realistic random order.
 *
 * The body is the bare order object; `id`, line item, product, variant and customer ids are
 * JSON integers (beyond 2^53 with `largeIds`). `total_price` = `total_line_items_price` −
 * `total_discounts` + `total_tax` + Σ `shipping_lines[].price`, exactly. Headers:
 * `content-type`, `x-shopify-topic`, `x-shopify-hmac-sha256` (base64 HMAC-SHA256 of the raw body
 * keyed with `secret`), `x-shopify-webhook-id`, `x-shopify-shop-domain`,
 * `x-shopify-api-version`, `x-shopify-triggered-at`, `x-shopify-event-id`.
 *
 * @throws MoneyError for an unknown currency.
 */
export function shopifyOrderWebhook(rng: Random, options: ShopifyWebhookOptions): ShopifyWebhook {
  const currency = normalizeCurrencyCode(options.currency ?? 'USD');
  const now = options.now ?? new Date();
  const locale = LOCALE_BY_CURRENCY[currency] ?? 'en_US';
  const country = COUNTRY_BY_LOCALE[locale];
  const profile = profileFor({
    code: 'shopify-webhook',
    name: 'Shopify',
    kind: ChannelKind.STOREFRONT,
    plugin: 'shopify',
    currencyCode: currency,
    countryCode: country.code,
  });
  const status = rng.chance(0.8) ? OrderStatus.PAID : OrderStatus.PENDING;
  const order = buildOrder(rng, { profile, placedAt: now, now, status, lineCount: options.lines, currencyCode: currency });
  const guest = options.guest ?? rng.chance(0.1);
  const person = guest ? null : new PersonFactory(rng).person(locale, { emailShare: 0.98, phoneShare: 0.5 });
  const object = orderObject(rng, order, person, options, country.offset, country);
  const body = JSON.stringify(object).replace(INT64_PATTERN, '$1');
  const hmac = createHmac('sha256', options.secret).update(body, 'utf8').digest('base64');
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-hmac-sha256': hmac,
      'x-shopify-webhook-id': rng.uuid(),
      'x-shopify-event-id': rng.uuid(),
      'x-shopify-shop-domain': options.shopDomain ?? 'salesgraph-demo.myshopify.com',
      'x-shopify-api-version': '2026-07',
      'x-shopify-triggered-at': now.toISOString(),
    },
  };
}
