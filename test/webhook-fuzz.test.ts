/**
 * Seeded fuzzing of the webhook route. The real Shopify fixtures (every one of a kind the plugin
 * takes), the shared WooCommerce order samples (signed `X-WC-Webhook-Signature`, topic
 * `order.updated`), the Amazon SP-API samples (v0 getOrder / getOrderItems, 2026 getOrder /
 * searchOrders, ORDER_CHANGE) and Square API responses a connector pushes (`{order}`, `{orders}`,
 * `{payment}`, `{refund}`; not Square webhooks, which fetch the order from Square), all read in
 * place from ../shared/fixtures/channels (test/support/channel-samples.ts), and Acme connector
 * pages (built like those of test/webhooks.test.ts) are broken in
 * every way a channel or a network breaks a body — dropped fields at any depth, values of
 * another JSON type, 100 kB strings, 200 (and 2,000) levels of nesting, truncated bodies, bytes
 * that are not JSON — and each case is sent, correctly signed, through the real route, a few at
 * a time. Whatever arrives, the gateway must answer 200 with an outcome or 422 with a dead
 * letter, never fail, stay up, and store exactly the orders it said it created.
 *
 * The cases come from one seed (FUZZ_SEED to try another): a failing case is found again by its
 * number. The answers may differ between runs only in which of two concurrent deliveries of the
 * same order came first, which none of the properties below depends on.
 */
import { DeadLetter } from '../src/ingest/dead-letter.entity';
import { Order } from '../src/orders/order.entity';
import { CreateChannelDocument } from '../src/testing/generated/graphql';
import { TEST_DIALECT } from '../src/testing/test-database';
import { ACME_PLUGIN, startTestGateway, type TestGateway } from '../src/testing/test-gateway';
import { salesgraphSignature } from '../src/testing/webhooks';
import { amazonSamples, replaceKeys, squareResponseSamples, wooOrderSamples, wooSignature, type Sample } from './support/channel-samples';
import { Dice, mutate, seededRandom, type Json, type Mutation, type Path } from './support/fuzz';
import { postRawWebhook, type WebhookAnswer } from './support/raw-webhook';
import { SHOPIFY_SECRET, shopifyHmac, shopifyWebhookFixtures, type ShopifyKind } from './support/shopify';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const CASES = 2400;
const CONCURRENCY = 6;
const HEALTH_EVERY = 40; // batches
const ACME_SECRET = 'acme-webhook-secret';
const WOO_SECRET = 'woo-webhook-secret';
const AMAZON_SECRET = 'amazon-connector-secret';
const SQUARE_SECRET = 'square-connector-secret';

type Plugin = 'shopify' | 'acme' | 'woocommerce' | 'amazon-sp-api' | 'square-pos';
/** How the cases are shared between the plugins (rebalance here: the total stays CASES). */
const SHARES: Array<[Plugin, number]> = [
  ['shopify', 30],
  ['acme', 15],
  ['woocommerce', 20],
  ['amazon-sp-api', 20],
  ['square-pos', 15],
];
const PLUGINS = SHARES.map(([p]) => p);

const RESULTS = ['accepted', 'created', 'updated', 'duplicate', 'stale'];
const ORDER_RESULTS = ['created', 'updated', 'duplicate', 'stale'];

// ---------------------------------------------------------------------------------------------
// The payloads that get broken.

interface Base {
  plugin: Plugin;
  channel: string;
  label: string;
  kind: ShopifyKind | 'page';
  topic: string | null;
  payload: Json;
}

const SHOPIFY_BASES: Base[] = shopifyWebhookFixtures().flatMap((f) =>
  f.objects.map((o, i) => ({
    plugin: 'shopify' as const,
    channel: 'shop',
    label: f.objects.length > 1 ? `${f.file}[${i}]` : f.file,
    kind: f.kind,
    topic: f.topic,
    payload: o as Json,
  })),
);

/** The fields the Shopify plugin reads: half of the mutations aim at one of them. */
const SHOPIFY_READS = new Set([
  'id', 'order_id', 'name', 'email', 'contact_email', 'currency', 'total_price', 'total_price_set', 'shop_money', 'amount',
  'currency_code', 'financial_status', 'fulfillment_status', 'cancelled_at', 'processed_at', 'created_at', 'updated_at',
  'taxes_included', 'line_items', 'quantity', 'price', 'price_set', 'sku', 'title', 'variant_title', 'discount_allocations',
  'amount_set', 'tax_lines', 'shipping_lines', 'total_shipping_price_set', 'total_discounts', 'total_discounts_set', 'total_tax',
  'total_tax_set', 'total_line_items_price', 'discount_codes', 'code', 'refunds', 'transactions', 'kind', 'status', 'customer',
  'first_name', 'last_name', 'phone', 'refund_line_items', 'subtotal_set',
]);

function readByShopify(path: Path): boolean {
  const last = path[path.length - 1];
  const key = typeof last === 'number' ? path[path.length - 2] : last;
  return typeof key === 'string' && SHOPIFY_READS.has(key);
}

const ACME_STATUSES = ['PENDING', 'PAID', 'FULFILLED', 'CANCELLED', 'PARTIALLY_REFUNDED', 'REFUNDED'];

/** An Acme order as test/webhooks.test.ts builds one, varied by the dice. */
function acmeOrder(dice: Dice, id: string): Json {
  const jpy = dice.chance(0.15);
  const order: Record<string, Json> = {
    id,
    number: `A-${id}`,
    status: dice.pick(ACME_STATUSES),
    placed_at: '2026-11-20T10:00:00+09:00',
    updated_at: `2026-11-${String(dice.int(20, 29))}T10:00:00+09:00`,
    currency: jpy ? 'JPY' : 'USD',
    total: jpy ? '3000' : '30.00',
    lines: [
      { sku: 'MUG', title: 'Mug', qty: 2, price: jpy ? '1000' : '10.00' },
      { sku: 'TEA', title: 'Tea', qty: 1, price: jpy ? '1000' : '10.00' },
    ],
    buyer: { id: `b-${id}`, email: `buyer-${id}@example.com`, name: 'Ana Buyer' },
  };
  if (dice.chance(0.3)) order.coupons = ['WELCOME10', 'FREESHIP'];
  if (dice.chance(0.2)) order.refunded = jpy ? '1000' : '5.00';
  if (dice.chance(0.2)) order.version = dice.int(1, 5);
  if (dice.chance(0.15)) order.buyer = { id: `r-${id}`, email: 'relay-abc@marketplace.example', relay: true };
  if (dice.chance(0.1)) delete order.buyer;
  return order;
}

// ---------------------------------------------------------------------------------------------
// The cases, all drawn from the seed before anything is sent.

interface Case {
  n: number;
  plugin: Plugin;
  channel: string;
  label: string;
  mutation: Mutation;
  what: string[];
  body: Buffer;
  headers: Record<string, string>;
}

const MUTATIONS: Array<[Mutation, number]> = [
  ['none', 4],
  ['drop', 18],
  ['swap', 26],
  ['huge', 8],
  ['deep', 8],
  ['truncate', 10],
  ['bytes', 10],
  ['several', 16],
];

function weighted<T>(dice: Dice, items: Array<[T, number]>): T {
  let roll = dice.random() * items.reduce((sum, [, w]) => sum + w, 0);
  for (const [item, weight] of items) if ((roll -= weight) < 0) return item;
  return items[items.length - 1][0];
}

/** Shopify ids from a small pool, so that cases meet the same order again (updates, duplicates, stale versions, races). */
function reidentify(dice: Dice, base: Base): Json {
  const payload = structuredClone(base.payload) as Record<string, Json>;
  if (dice.chance(0.5)) {
    if (base.kind === 'refund') {
      payload.order_id = dice.pick([450789469, 1073459963, 1073459972, 9000 + dice.int(0, 39)]);
      payload.id = 800000 + dice.int(0, 59);
    } else {
      payload.id = 9000 + dice.int(0, 39);
    }
  }
  return payload;
}

function shopifyCase(dice: Dice, n: number, deliveries: string[]): Case {
  const base = dice.pick(SHOPIFY_BASES);
  const mutation = weighted(dice, MUTATIONS);
  const { body, what } = mutate(dice, reidentify(dice, base), mutation, readByShopify);
  let topic: string | null = base.topic;
  if (dice.chance(0.05)) {
    topic = dice.pick([null, 'orders/delete', 'products/update', 'ORDERS/UPDATED', 'refunds/create', 'customers/update', 'orders/create']);
    what.push(`topic ${topic ?? '(none)'}`);
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-shopify-hmac-sha256': shopifyHmac(SHOPIFY_SECRET, body),
    'x-request-id': `fuzz-${n}`,
  };
  if (topic !== null) headers['x-shopify-topic'] = topic;
  const delivery = dice.chance(0.05) && deliveries.length ? dice.pick(deliveries) : dice.chance(0.95) ? `fz-${SEED}-${n}` : null;
  if (delivery) {
    headers['x-shopify-webhook-id'] = delivery;
    deliveries.push(delivery);
  }
  return { n, plugin: 'shopify', channel: base.channel, label: base.label, mutation, what, body, headers };
}

function acmeCase(dice: Dice, n: number, deliveries: string[]): Case {
  const orders = Array.from({ length: dice.int(1, 3) }, () => acmeOrder(dice, `A-${dice.int(0, 59)}`));
  const mutation = weighted(dice, MUTATIONS);
  const { body, what } = mutate(dice, { orders }, mutation, () => true);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-salesgraph-signature': salesgraphSignature(ACME_SECRET, body),
    'x-request-id': `fuzz-${n}`,
  };
  const delivery = dice.chance(0.05) && deliveries.length ? dice.pick(deliveries) : dice.chance(0.4) ? `acme-${SEED}-${n}` : null;
  if (delivery) {
    headers['x-acme-delivery'] = delivery;
    deliveries.push(delivery);
  }
  return { n, plugin: 'acme', channel: 'acme', label: `page of ${orders.length}`, mutation, what, body, headers };
}

const WOO_SAMPLES = wooOrderSamples();
const AMAZON_SAMPLES = amazonSamples();
const SQUARE_SAMPLES = squareResponseSamples();

/** The last key of a path (the array's key for an index): what a plugin reads there. */
function keyOf(path: Path): string | undefined {
  const last = path[path.length - 1];
  const key = typeof last === 'number' ? path[path.length - 2] : last;
  return typeof key === 'string' ? key : undefined;
}

const reads = (fields: string[]) => {
  const set = new Set(fields);
  return (path: Path) => set.has(keyOf(path) ?? '');
};

/** The fields the WooCommerce plugin reads (README "The order", "Money", "Customer"). */
const WOO_READS = reads([
  'id', 'number', 'status', 'currency', 'date_created_gmt', 'date_modified_gmt', 'date_paid_gmt', 'date_paid', 'discount_total', 'discount_tax',
  'shipping_total', 'shipping_tax', 'total', 'total_tax', 'prices_include_tax', 'customer_id', 'billing', 'email', 'phone', 'first_name',
  'last_name', 'line_items', 'quantity', 'subtotal', 'subtotal_tax', 'sku', 'name', 'fee_lines', 'coupon_lines', 'code', 'refunds',
]);

/** The fields the Amazon plugin reads (README "The v0 order", "The 2026 order", "Cancellations"). */
const AMAZON_READS = reads([
  'payload', 'AmazonOrderId', 'OrderStatus', 'PurchaseDate', 'LastUpdateDate', 'OrderTotal', 'CurrencyCode', 'Amount', 'OrderItems',
  'QuantityOrdered', 'ItemPrice', 'ItemTax', 'PromotionDiscount', 'ShippingPrice', 'ShippingTax', 'ShippingDiscount', 'GiftWrapPrice',
  'GiftWrapTax', 'CODFee', 'CODFeeDiscount', 'PromotionIds', 'SellerSKU', 'Title', 'BuyerRequestedCancel', 'IsBuyerRequestedCancel',
  'order', 'orders', 'orderId', 'createdTime', 'lastUpdatedTime', 'fulfillment', 'fulfillmentStatus', 'proceeds', 'grandTotal',
  'breakdowns', 'type', 'amount', 'currencyCode', 'orderItems', 'product', 'sellerSku', 'title', 'quantityOrdered', 'price', 'unitPrice',
  'cancellation', 'promotion', 'promotionId', 'buyer', 'buyerEmail', 'buyerName', 'NotificationType', 'Payload', 'OrderChangeNotification',
  'Summary', 'OrderChangeType', 'NotificationMetadata', 'NotificationId',
]);

/** The fields the Square plugin reads (README "The order", "Payments, refunds, customers"). */
const SQUARE_READS = reads([
  'order', 'orders', 'payment', 'refund', 'id', 'order_id', 'reference_id', 'tenders', 'payment_id', 'created_at', 'updated_at', 'version',
  'state', 'status', 'total_money', 'total_discount_money', 'total_tax_money', 'total_service_charge_money', 'total_tip_money', 'amount',
  'currency', 'line_items', 'quantity', 'gross_sales_money', 'base_price_money', 'modifiers', 'total_price_money', 'catalog_object_id', 'name',
  'variation_name', 'taxes', 'type', 'refunds', 'amount_money', 'customer_id', 'fulfillments', 'returns',
]);

const AMAZON_IDS = ['902-3159896-1390916', ...Array.from({ length: 12 }, (_, i) => `902-0000000-${String(1000000 + i)}`)];

/** A WooCommerce order delivery, as WooCommerce signs it. */
function wooCase(dice: Dice, n: number, deliveries: string[]): Case {
  const base = dice.pick(WOO_SAMPLES);
  const payload = structuredClone(base.payload);
  // ids from a small pool (the page's orders may come out the same: one order twice in a page)
  if (dice.chance(0.6)) for (const o of Array.isArray(payload) ? payload : [payload]) (o as Record<string, Json>).id = 7000 + dice.int(0, 29);
  const mutation = weighted(dice, MUTATIONS);
  const { body, what } = mutate(dice, payload, mutation, WOO_READS);
  let topic: string | null = 'order.updated';
  if (dice.chance(0.05)) {
    topic = dice.pick([null, 'order.created', 'order.deleted', 'order.restored', 'customer.updated', 'product.updated', 'ORDER.UPDATED', 'action.woocommerce_x']);
    what.push(`topic ${topic ?? '(none)'}`);
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-wc-webhook-signature': wooSignature(WOO_SECRET, body),
    'x-request-id': `fuzz-${n}`,
  };
  if (topic !== null) headers['x-wc-webhook-topic'] = topic;
  const delivery = dice.chance(0.05) && deliveries.length ? dice.pick(deliveries) : dice.chance(0.8) ? `wc-${SEED}-${n}` : null;
  if (delivery) {
    headers['x-wc-webhook-delivery-id'] = delivery;
    deliveries.push(delivery);
  }
  return { n, plugin: 'woocommerce', channel: 'woo', label: base.label, mutation, what, body, headers };
}

/**
 * An Amazon SP-API response (or notification) pushed by the connector. The order ids come from a
 * small pool shared by all samples, so that getOrder and getOrderItems parts meet and assemble.
 */
function amazonCase(dice: Dice, n: number, deliveries: string[]): Case {
  const base = dice.pick(AMAZON_SAMPLES);
  const payload = structuredClone(base.payload);
  if (dice.chance(0.7)) {
    const id = dice.pick(AMAZON_IDS);
    replaceKeys(payload, ['AmazonOrderId', 'orderId'], () => id);
  }
  const what: string[] = [];
  if (base.label.startsWith('notification') && dice.chance(0.8)) {
    // a fresh NotificationId mostly, a repeated one sometimes
    const id = dice.chance(0.1) && deliveries.length ? dice.pick(deliveries) : `amzn-${SEED}-${n}`;
    replaceKeys(payload, ['NotificationId'], () => id);
    deliveries.push(id);
  }
  const mutation = weighted(dice, MUTATIONS);
  const mutated = mutate(dice, payload, mutation, AMAZON_READS);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-salesgraph-signature': salesgraphSignature(AMAZON_SECRET, mutated.body),
    'x-request-id': `fuzz-${n}`,
  };
  return { n, plugin: 'amazon-sp-api', channel: 'amazon', label: base.label, mutation, what: [...what, ...mutated.what], body: mutated.body, headers };
}

const SQUARE_ORDER_IDS = ['CAISENgvlJ6jLWAzERDzjyHVybY', ...Array.from({ length: 15 }, (_, i) => `FUZZSQORDER${String(i).padStart(2, '0')}`)];

/** A Square API response pushed by the connector (not a Square webhook: those fetch the order from Square). */
function squareCase(dice: Dice, n: number): Case {
  const base = dice.pick(SQUARE_SAMPLES);
  const payload = structuredClone(base.payload) as Record<string, Json>;
  if (dice.chance(0.7)) {
    for (const o of (payload.orders as Json[] | undefined) ?? (payload.order ? [payload.order] : [])) {
      const order = o as Record<string, Json>;
      order.id = dice.pick(SQUARE_ORDER_IDS);
      order.version = dice.int(1, 6);
    }
    for (const key of ['payment', 'refund']) {
      const resource = payload[key] as Record<string, Json> | undefined;
      if (resource) {
        resource.order_id = dice.pick(SQUARE_ORDER_IDS);
        resource.id = `${key}-${dice.int(0, 29)}`;
      }
    }
  }
  const mutation = weighted(dice, MUTATIONS);
  const { body, what } = mutate(dice, payload, mutation, SQUARE_READS);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-salesgraph-signature': salesgraphSignature(SQUARE_SECRET, body),
    'x-request-id': `fuzz-${n}`,
  };
  return { n, plugin: 'square-pos', channel: 'square', label: base.label, mutation, what, body, headers };
}

/** Every sample label of each plugin, which the run must cover. */
const LABELS: Partial<Record<Plugin, string[]>> = {
  woocommerce: WOO_SAMPLES.map((s: Sample) => s.label),
  'amazon-sp-api': AMAZON_SAMPLES.map((s) => s.label),
  'square-pos': SQUARE_SAMPLES.map((s) => s.label),
};

function drawCases(): Case[] {
  const dice = new Dice(seededRandom(SEED));
  const deliveries: Record<Plugin, string[]> = { shopify: [], acme: [], woocommerce: [], 'amazon-sp-api': [], 'square-pos': [] };
  return Array.from({ length: CASES }, (_, n) => {
    const plugin = weighted(dice, SHARES);
    switch (plugin) {
      case 'shopify':
        return shopifyCase(dice, n, deliveries.shopify);
      case 'acme':
        return acmeCase(dice, n, deliveries.acme);
      case 'woocommerce':
        return wooCase(dice, n, deliveries.woocommerce);
      case 'amazon-sp-api':
        return amazonCase(dice, n, deliveries['amazon-sp-api']);
      case 'square-pos':
        return squareCase(dice, n);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The run.

interface Verdict {
  fuzzCase: Case;
  status: number;
  result: string;
  problem: string | null;
}

interface Run {
  verdicts: Verdict[];
  /** Dead letters counted around each batch, against the batch's 422 answers. */
  deadLetterMismatches: string[];
  healthFailures: string[];
  created: Map<string, number>;
  ordersStored: number;
  deadLettersBefore: number;
  deadLettersAfter: number;
  seconds: number;
}

let t: TestGateway;
let run: Run;

/** What a case's answer is, or what is wrong with it. */
function judge(fuzzCase: Case, answer: WebhookAnswer | Error): Omit<Verdict, 'fuzzCase'> {
  if (answer instanceof Error) return { status: 0, result: 'no answer', problem: `no answer: ${answer.message}` };
  const { status, body } = answer;
  if (status === 200) {
    const wellFormed =
      body && RESULTS.includes(body.result) && Array.isArray(body.orderIds) && Array.isArray(body.outcomes) &&
      body.outcomes.every((o: { externalId: unknown; result: string }) => typeof o.externalId === 'string' && ORDER_RESULTS.includes(o.result));
    return { status, result: wellFormed ? body.result : '200 ?', problem: wellFormed ? null : `200 with an answer outside the contract: ${answer.text.slice(0, 200)}` };
  }
  if (status === 422) {
    const wellFormed = body?.error?.code === 'INVALID_PAYLOAD' && typeof body.error.path === 'string' && typeof body.deadLetterId === 'string';
    return { status, result: '422', problem: wellFormed ? null : `422 without a dead letter: ${answer.text.slice(0, 200)}` };
  }
  return { status, result: String(status), problem: `${status}: ${serverError(fuzzCase) ?? answer.text.slice(0, 200)}` };
}

/**
 * The error the gateway logged for a case, shortened to what tells failures apart: the error
 * type, the first words of the driver's reason, and the statement it refused.
 */
function serverError(fuzzCase: Case): string | null {
  const logged = t.logs.find((l) => l.requestId === `fuzz-${fuzzCase.n}` && Number(l.level) >= 50) as { err?: { type?: string; message?: string } } | undefined;
  if (!logged?.err?.message) return null;
  const message = logged.err.message;
  const statement = /^(insert into|update|delete from|select .*? from) [`"]?(\w+)/s.exec(message);
  const reason = / returning [`"]id[`"] - (.*)$/s.exec(message)?.[1] ?? (statement ? message.slice(message.lastIndexOf(' - ') + 3) : message);
  const words = reason.split(/[:"'(]/)[0].trim().slice(0, 80);
  return `${logged.err.type ?? 'Error'}: ${words}${statement ? ` [${statement[1]} ${statement[2]}]` : ''} (${JSON.stringify(reason.slice(0, 60))}…)`;
}

async function healthy(): Promise<string | null> {
  try {
    const res = await fetch(`${t.url}/healthz`);
    const body = (await res.json()) as { status?: string };
    return res.status === 200 && body.status === 'ok' ? null : `/healthz answered ${res.status} ${JSON.stringify(body)}`;
  } catch (e) {
    return `/healthz did not answer: ${(e as Error).message}`;
  }
}

async function fuzz(cases: Case[]): Promise<Run> {
  const started = Date.now();
  const em = () => t.em();
  const verdicts: Verdict[] = [];
  const deadLetterMismatches: string[] = [];
  const healthFailures: string[] = [];
  const created = new Map<string, number>();
  const deadLettersBefore = await em().count(DeadLetter, {});
  let deadLetters = deadLettersBefore;

  for (let start = 0, batch = 0; start < cases.length; start += CONCURRENCY, batch++) {
    const slice = cases.slice(start, start + CONCURRENCY);
    const answers = await Promise.all(slice.map((c) => postRawWebhook(t, c.channel, c.body, c.headers).catch((e: Error) => e)));
    const judged = slice.map((fuzzCase, i) => ({ fuzzCase, ...judge(fuzzCase, answers[i]) }));
    verdicts.push(...judged);

    for (const [i, v] of judged.entries()) {
      const answer = answers[i] as WebhookAnswer;
      if (v.status === 200 && !v.problem) {
        for (const o of answer.body.outcomes) {
          if (o.result === 'created') created.set(`${v.fuzzCase.channel} ${o.externalId}`, (created.get(`${v.fuzzCase.channel} ${o.externalId}`) ?? 0) + 1);
        }
      }
    }

    // every 422 of the batch left exactly one dead letter, the one it named, with its reason
    const rejected = judged.flatMap((v, i) => (v.status === 422 && !v.problem ? [{ v, body: (answers[i] as WebhookAnswer).body }] : []));
    const after = await em().count(DeadLetter, {});
    if (after - deadLetters !== rejected.length) {
      deadLetterMismatches.push(`cases ${slice[0].n}–${slice[slice.length - 1].n}: ${rejected.length} answered 422, ${after - deadLetters} dead letters written`);
    }
    deadLetters = after;
    if (rejected.length) {
      const letters = await em().find(DeadLetter, { id: { $in: rejected.map((r) => Number(r.body.deadLetterId)) } }, { populate: ['channel'] });
      for (const { v, body } of rejected) {
        const letter = letters.find((l) => String(l.id) === body.deadLetterId);
        if (!letter || letter.reason !== body.error.message || letter.channel.code !== v.fuzzCase.channel) {
          const differs = !letter
            ? 'does not exist'
            : letter.channel.code !== v.fuzzCase.channel
              ? `is of channel ${letter.channel.code}`
              : `says ${JSON.stringify(letter.reason.slice(0, 160))}, the answer ${JSON.stringify(String(body.error.message).slice(0, 160))}`;
          deadLetterMismatches.push(`case ${v.fuzzCase.n} (${v.fuzzCase.plugin} ${v.fuzzCase.label}: ${v.fuzzCase.what.join(' + ')}): 422 names dead letter ${body.deadLetterId}, which ${differs}`);
        }
      }
    }

    if (batch % HEALTH_EVERY === 0) {
      const problem = await healthy();
      if (problem) healthFailures.push(`after case ${slice[slice.length - 1].n}: ${problem}`);
    }
  }
  const finalHealth = await healthy();
  if (finalHealth) healthFailures.push(`at the end: ${finalHealth}`);
  return {
    verdicts,
    deadLetterMismatches,
    healthFailures,
    created,
    ordersStored: await em().count(Order, {}),
    deadLettersBefore,
    deadLettersAfter: await em().count(DeadLetter, {}),
    seconds: (Date.now() - started) / 1000,
  };
}

function tally<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function summary(r: Run): string {
  const line = (label: string, counts: Record<string, number>) => `  ${label.padEnd(22)} ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}`;
  return [
    `webhook fuzz on ${TEST_DIALECT}: seed ${SEED}, ${r.verdicts.length} cases in ${r.seconds.toFixed(1)} s (${CONCURRENCY} at a time)`,
    line('answers', tally(r.verdicts, (v) => v.result)),
    ...PLUGINS.map((p) => line(p, tally(r.verdicts.filter((v) => v.fuzzCase.plugin === p), (v) => v.result))),
    ...Object.entries(tally(r.verdicts, (v) => v.fuzzCase.mutation)).map(([m]) =>
      line(`mutation ${m}`, tally(r.verdicts.filter((v) => v.fuzzCase.mutation === m), (v) => v.result)),
    ),
    `  orders answered created ${r.created.size} (distinct channel + externalId), orders stored ${r.ordersStored}`,
    `  dead letters ${r.deadLettersBefore} → ${r.deadLettersAfter}`,
    `  problems ${r.verdicts.filter((v) => v.problem).length}`,
  ].join('\n');
}

/** The problems, grouped by what went wrong (the first three cases of each kind shown). */
function problems(r: Run): Array<{ problem: string; cases: number; examples: string[] }> {
  const groups = new Map<string, Verdict[]>();
  for (const v of r.verdicts.filter((x) => x.problem)) {
    const key = v.problem!.replace(/ \(".*$/s, '');
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  return [...groups.entries()].map(([, vs]) => ({
    problem: vs[0].problem!,
    cases: vs.length,
    examples: vs.slice(0, 3).map((v) => `#${v.fuzzCase.n} ${v.fuzzCase.plugin} ${v.fuzzCase.label}: ${v.fuzzCase.what.join(' + ')}`),
  }));
}

beforeAll(async () => {
  t = await startTestGateway({ plugins: [ACME_PLUGIN] });
  for (const input of [
    { code: 'shop', name: 'Shop', kind: 'STOREFRONT' as const, plugin: 'shopify', currencyCode: 'USD', webhookSecret: SHOPIFY_SECRET },
    { code: 'acme', name: 'Acme', kind: 'MARKETPLACE' as const, plugin: 'acme-connector', currencyCode: 'USD', webhookSecret: ACME_SECRET, settings: { apiBaseUrl: 'https://api.acme.example' } },
    { code: 'woo', name: 'Woo shop', kind: 'STOREFRONT' as const, plugin: 'woocommerce', currencyCode: 'USD', webhookSecret: WOO_SECRET },
    { code: 'amazon', name: 'Amazon.com', kind: 'MARKETPLACE' as const, plugin: 'amazon-sp-api', currencyCode: 'USD', webhookSecret: AMAZON_SECRET },
    // pushed API responses only: nothing is fetched, so the API base is a port nothing listens on
    { code: 'square', name: 'Square', kind: 'OFFLINE_STORE' as const, plugin: 'square-pos', currencyCode: 'USD', webhookSecret: SQUARE_SECRET, settings: { apiBaseUrl: 'http://127.0.0.1:9' } },
  ]) {
    const res = await t.gql(CreateChannelDocument, { input: input as never });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
  run = await fuzz(drawCases());
  console.log(summary(run));
}, 180_000);

afterAll(() => t?.stop());

describe(`${CASES} broken, correctly signed webhook deliveries`, () => {
  it('cover every Shopify fixture the plugin takes, the WooCommerce, Amazon and Square samples, Acme pages, and every kind of breakage', () => {
    expect(run.verdicts).toHaveLength(CASES);
    expect(new Set(run.verdicts.filter((v) => v.fuzzCase.plugin === 'shopify').map((v) => v.fuzzCase.label))).toEqual(new Set(SHOPIFY_BASES.map((b) => b.label)));
    for (const [plugin, labels] of Object.entries(LABELS)) {
      expect([plugin, new Set(run.verdicts.filter((v) => v.fuzzCase.plugin === plugin).map((v) => v.fuzzCase.label))]).toEqual([plugin, new Set(labels)]);
    }
    for (const plugin of PLUGINS) expect([plugin, run.verdicts.filter((v) => v.fuzzCase.plugin === plugin).length >= 200]).toEqual([plugin, true]);
    expect(new Set(run.verdicts.map((v) => v.fuzzCase.mutation))).toEqual(new Set(MUTATIONS.map(([m]) => m)));
    expect(run.verdicts.some((v) => v.fuzzCase.plugin === 'acme')).toBe(true);
  });

  it('are each answered 200 with an outcome or 422 with a dead letter, never a 5xx', () => {
    expect(problems(run)).toEqual([]);
  });

  it('leave one dead letter per 422, the one the answer names', () => {
    expect(run.deadLetterMismatches).toEqual([]);
    const rejected = run.verdicts.filter((v) => v.status === 422 && !v.problem).length;
    expect(run.deadLettersAfter - run.deadLettersBefore).toBe(rejected);
  });

  // Found by FUZZ_SEED=1 (cases 448, 1390, 1546) and 777, on every plugin: a lone surrogate quoted
  // in the reason is answered as is, but stored (UTF-8) as U+FFFD, so the dead letter the 422 names
  // says something else than the answer. Kept as a fixed case until the gateway makes the reason
  // well-formed before it stores and answers it.
  it('keep in the dead letter the reason the 422 gave, even when it quotes a lone surrogate', async () => {
    const order = structuredClone(WOO_SAMPLES[0].payload) as Record<string, Json>;
    (order.line_items as Json[])[0] = '\ud800';
    const body = Buffer.from(JSON.stringify(order));
    const answer = await postRawWebhook(t, 'woo', body, {
      'content-type': 'application/json',
      'x-wc-webhook-signature': wooSignature(WOO_SECRET, body),
      'x-wc-webhook-topic': 'order.updated',
    });
    expect(answer.status).toBe(422);
    const letter = await t.em().findOneOrFail(DeadLetter, { id: Number(answer.body.deadLetterId) });
    expect(letter.reason).toBe(answer.body.error.message);
  });

  it('store exactly the orders they were answered created for, each created once', () => {
    expect([...run.created.entries()].filter(([, times]) => times > 1)).toEqual([]);
    expect(run.ordersStored).toBe(run.created.size);
  });

  it('leave the gateway up: /healthz answers during and after the run', () => {
    expect(run.healthFailures).toEqual([]);
  });
});
