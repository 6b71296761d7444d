/**
 * Seeded fuzzing of the webhook route. The real Shopify fixtures (every one of a kind the plugin
 * takes) and Acme connector pages (built like those of test/webhooks.test.ts) are broken in
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
import { Dice, mutate, seededRandom, type Json, type Mutation, type Path } from './support/fuzz';
import { postRawWebhook, type WebhookAnswer } from './support/raw-webhook';
import { SHOPIFY_SECRET, shopifyHmac, shopifyWebhookFixtures, type ShopifyKind } from './support/shopify';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const CASES = 2400;
const CONCURRENCY = 6;
const HEALTH_EVERY = 40; // batches
const ACME_SECRET = 'acme-webhook-secret';

const RESULTS = ['accepted', 'created', 'updated', 'duplicate', 'stale'];
const ORDER_RESULTS = ['created', 'updated', 'duplicate', 'stale'];

// ---------------------------------------------------------------------------------------------
// The payloads that get broken.

interface Base {
  plugin: 'shopify' | 'acme';
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
  plugin: Base['plugin'];
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

function drawCases(): Case[] {
  const dice = new Dice(seededRandom(SEED));
  const shopifyDeliveries: string[] = [];
  const acmeDeliveries: string[] = [];
  return Array.from({ length: CASES }, (_, n) => (dice.chance(0.6) ? shopifyCase(dice, n, shopifyDeliveries) : acmeCase(dice, n, acmeDeliveries)));
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
          deadLetterMismatches.push(`case ${v.fuzzCase.n}: 422 names dead letter ${body.deadLetterId}, which ${letter ? 'says something else' : 'does not exist'}`);
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
    line('shopify', tally(r.verdicts.filter((v) => v.fuzzCase.plugin === 'shopify'), (v) => v.result)),
    line('acme', tally(r.verdicts.filter((v) => v.fuzzCase.plugin === 'acme'), (v) => v.result)),
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
  ]) {
    const res = await t.gql(CreateChannelDocument, { input });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
  run = await fuzz(drawCases());
  console.log(summary(run));
}, 180_000);

afterAll(() => t?.stop());

describe(`${CASES} broken, correctly signed webhook deliveries`, () => {
  it('cover every Shopify fixture the plugin takes, Acme pages, and every kind of breakage', () => {
    expect(run.verdicts).toHaveLength(CASES);
    expect(new Set(run.verdicts.filter((v) => v.fuzzCase.plugin === 'shopify').map((v) => v.fuzzCase.label))).toEqual(new Set(SHOPIFY_BASES.map((b) => b.label)));
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

  it('store exactly the orders they were answered created for, each created once', () => {
    expect([...run.created.entries()].filter(([, times]) => times > 1)).toEqual([]);
    expect(run.ordersStored).toBe(run.created.size);
  });

  it('leave the gateway up: /healthz answers during and after the run', () => {
    expect(run.healthFailures).toEqual([]);
  });
});
