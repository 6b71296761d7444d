/**
 * A merchandiser keeps the SKU catalog: each SKU's title and what a unit costs the company. Items
 * are set through the API or imported as a CSV file through the real route; analysts read them
 * back, and the price-conflict report shows the catalog's titles.
 */
import net from 'node:net';

import { Role } from '../src/auth/role';
import {
  CatalogItemsDocument,
  PriceConflictTitlesDocument,
  SetCatalogItemsDocument,
  type CatalogItemInput,
} from '../src/testing/generated/graphql';
import { startTestGateway, TEST_ADMIN_KEY, type TestGateway } from '../src/testing/test-gateway';
import { createShopifyChannel, sendShopify } from './support/shopify';
import { shopifyOrderBody } from './support/shopify-order';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
  await createShopifyChannel(t, 'web-us', 'USD');
  await createShopifyChannel(t, 'web-us-outlet', 'USD');
});

afterAll(() => t?.stop());

const setItems = (items: CatalogItemInput[], key?: string) => t.gql(SetCatalogItemsDocument, { items }, key);

/** The stored items of these SKUs, by SKU (nodes as the API gives them). */
async function read(skus: string[], key?: string) {
  const res = await t.gql(CatalogItemsDocument, { skus, first: 500 }, key);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.catalogItems.edges.map((e) => e.node);
}

const upload = (csv: string | Buffer, { key = TEST_ADMIN_KEY as string | null, type = 'text/csv' } = {}) => {
  const req = t.http().post('/catalog/imports').set('content-type', type);
  if (key !== null) req.set('authorization', `Bearer ${key}`);
  return req.send(csv);
};

describe('setCatalogItems and catalogItems', () => {
  it('keeps a JPY cost without decimals and an EUR cost with two, read back exactly', async () => {
    const res = await setItems([
      { sku: ' MATCHA-40G ', title: ' Uji matcha, 40 g ', cost: '5980', currencyCode: 'jpy' },
      { sku: 'MUG-L', title: 'Mug, large', cost: '12.50', currencyCode: 'EUR' },
      { sku: 'SAMPLE', title: 'Free sample' },
    ]);
    expect(res.errors).toBeUndefined();
    expect(res.data!.setCatalogItems.map(({ updatedAt: _, ...item }) => item)).toEqual([
      { sku: 'MATCHA-40G', title: 'Uji matcha, 40 g', cost: { amount: '5980', currencyCode: 'JPY' } },
      { sku: 'MUG-L', title: 'Mug, large', cost: { amount: '12.50', currencyCode: 'EUR' } },
      { sku: 'SAMPLE', title: 'Free sample', cost: null },
    ]);
    expect(await read(['SAMPLE', 'MUG-L', 'MATCHA-40G'])).toEqual([
      { sku: 'MATCHA-40G', title: 'Uji matcha, 40 g', cost: { amount: '5980', currencyCode: 'JPY' }, updatedAt: expect.any(String) },
      { sku: 'MUG-L', title: 'Mug, large', cost: { amount: '12.50', currencyCode: 'EUR' }, updatedAt: expect.any(String) },
      { sku: 'SAMPLE', title: 'Free sample', cost: null, updatedAt: expect.any(String) },
    ]);
  });

  it('replaces an item set again: its new title and cost, and no cost when the cost is left out', async () => {
    await setItems([{ sku: 'LAMP', title: 'Lamp', cost: '30.00', currencyCode: 'USD' }, { sku: 'VASE', title: 'Vase', cost: '8.00', currencyCode: 'USD' }]);
    const [before] = await read(['LAMP']);
    const res = await setItems([{ sku: 'LAMP', title: 'Desk lamp', cost: '27.35', currencyCode: 'GBP' }, { sku: 'VASE', title: 'Vase' }]);
    expect(res.errors).toBeUndefined();
    const [lamp, vase] = await read(['LAMP', 'VASE']);
    expect(lamp).toMatchObject({ title: 'Desk lamp', cost: { amount: '27.35', currencyCode: 'GBP' } });
    expect(Date.parse(lamp.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
    expect(vase).toMatchObject({ title: 'Vase', cost: null });
  });

  const good: CatalogItemInput = { sku: 'GOOD-1', title: 'A good item', cost: '1.00', currencyCode: 'USD' };
  it.each<[string, Partial<CatalogItemInput>, string]>([
    ['an empty SKU', { sku: '  ' }, 'items[1].sku'],
    ['a SKU of 201 characters', { sku: 'S'.repeat(201) }, 'items[1].sku'],
    ['an empty title', { title: '' }, 'items[1].title'],
    ['a title of 501 characters', { title: 'T'.repeat(501) }, 'items[1].title'],
    ['a cost without its currency', { currencyCode: null }, 'items[1].currencyCode'],
    ['a currency without a cost', { cost: null }, 'items[1].cost'],
    ['an unknown currency', { currencyCode: 'XYZ' }, 'items[1].currencyCode'],
    ['a cost with more decimals than its currency has', { cost: '980.5', currencyCode: 'JPY' }, 'items[1].cost'],
    ['a negative cost', { cost: '-1.00' }, 'items[1].cost'],
    ['a cost that is not a decimal', { cost: 'twelve' }, 'items[1].cost'],
    ['the SKU of an earlier item', { sku: 'GOOD-1' }, 'items[1].sku'],
  ])('refuses %s, naming the field, and stores nothing of the call', async (_label, change, field) => {
    const res = await setItems([good, { sku: 'BAD-1', title: 'Bad', cost: '2.00', currencyCode: 'USD', ...change }]);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0].message).toContain(field);
    expect(await read(['GOOD-1', 'BAD-1'])).toEqual([]);
  });

  it('sets 1,000 items in one call', async () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ sku: `BULK-${String(i).padStart(4, '0')}`, title: `Bulk ${i}`, cost: `${i}.99`, currencyCode: 'USD' }));
    const res = await setItems(items);
    expect(res.errors).toBeUndefined();
    expect(res.data!.setCatalogItems).toHaveLength(1000);
    expect(res.data!.setCatalogItems[999]).toMatchObject({ sku: 'BULK-0999', cost: { amount: '999.99', currencyCode: 'USD' } });
    const [last] = await read(['BULK-0999']);
    expect(last).toMatchObject({ title: 'Bulk 999', cost: { amount: '999.99', currencyCode: 'USD' } });
  });

  it('refuses an empty list and a list of more than 1,000 items', async () => {
    const empty = await setItems([]);
    expect(empty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items' });
    const many = Array.from({ length: 1001 }, (_, i) => ({ sku: `MANY-${i}`, title: 'Many' }));
    const tooMany = await setItems(many);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items' });
    expect(await read(['MANY-0'])).toEqual([]);
  });

  it('pages through the catalog by SKU with cursors, the count over all pages', async () => {
    const skus = ['PG-c', 'PG-A', 'PG-b', 'PG-B', 'PG-a'];
    await setItems(skus.map((sku) => ({ sku, title: `Item ${sku}` })));
    const first = await t.gql(CatalogItemsDocument, { skus, first: 2 });
    expect(first.data!.catalogItems.edges.map((e) => e.node.sku)).toEqual(['PG-A', 'PG-B']);
    expect(first.data!.catalogItems.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.data!.catalogItems.totalCount).toBe(5);
    const rest = await t.gql(CatalogItemsDocument, { skus, first: 10, after: first.data!.catalogItems.pageInfo.endCursor });
    // code point order: upper case before lower case, on both databases
    expect(rest.data!.catalogItems.edges.map((e) => e.node.sku)).toEqual(['PG-a', 'PG-b', 'PG-c']);
    expect(rest.data!.catalogItems.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('refuses a cursor it did not give out, and a page over 500', async () => {
    const cursor = await t.gql(CatalogItemsDocument, { after: 'not-a-cursor' });
    expect(cursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const big = await t.gql(CatalogItemsDocument, { first: 501 });
    expect(big.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('who may read and set the catalog', () => {
  it('ANALYST and DASHBOARD keys read it, costs included', async () => {
    for (const role of [Role.ANALYST, Role.DASHBOARD]) {
      expect(await read(['MUG-L'], await t.keyFor(role))).toEqual([expect.objectContaining({ cost: { amount: '12.50', currencyCode: 'EUR' } })]);
    }
  });

  it('an ANALYST key may not set items', async () => {
    const res = await setItems([{ sku: 'ANALYST-1', title: 'Nope' }], await t.keyFor(Role.ANALYST));
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await read(['ANALYST-1'])).toEqual([]);
  });

  it('a PARTNER key may not read it: costs are commercial data', async () => {
    const res = await t.gql(CatalogItemsDocument, {}, await t.keyFor(Role.PARTNER, 'web-us'));
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });

  it('no key: 401', async () => {
    const res = await t.gql(CatalogItemsDocument, {}, null);
    expect(res.status).toBe(401);
  });
});

describe('POST /catalog/imports', () => {
  const file = [
    'SKU,Title,Cost,Currency', //                                   line 1
    'CSV-KETTLE,Kettle,24.90,EUR', //                               line 2
    'CSV-TEA,"Tea, green (100 g)",480,JPY', //                      line 3
    'CSV-CUP,Cup,3.999,USD', //                                     line 4: too many decimals
    '', //                                                          line 5: empty, skipped
    'CSV-SPOON,Spoon,1.20,ABC', //                                  line 6: unknown currency
    'CSV-BOARD,,12.00,USD', //                                      line 7: missing title
    'CSV-NOTE,Gift note,,', //                                      line 8: no cost
    'CSV-KETTLE,Kettle again,25.00,EUR', //                         line 9: the SKU of line 2
    'CSV-PLATE,Plate,4.00', //                                      line 10: a field short
  ].join('\r\n');

  it('stores the good lines and reports each bad one with its line', async () => {
    const res = await upload(file);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accepted: 3,
      rejected: [
        { line: 4, code: 'INVALID_COST', message: 'cost: "3.999" has more decimals than USD allows (2)' },
        { line: 6, code: 'INVALID_CURRENCY', message: 'currency: "ABC" is not an ISO-4217 currency code' },
        { line: 7, code: 'INVALID_TITLE', message: 'title: must not be empty' },
        { line: 9, code: 'DUPLICATE_SKU', message: expect.stringContaining('already on line 2') },
        { line: 10, code: 'INVALID_LINE', message: expect.stringMatching(/Invalid Record Length/) },
      ],
    });
    const stored = await read(['CSV-KETTLE', 'CSV-TEA', 'CSV-CUP', 'CSV-SPOON', 'CSV-BOARD', 'CSV-NOTE', 'CSV-PLATE']);
    expect(stored.map(({ updatedAt: _, ...item }) => item)).toEqual([
      { sku: 'CSV-KETTLE', title: 'Kettle', cost: { amount: '24.90', currencyCode: 'EUR' } },
      { sku: 'CSV-NOTE', title: 'Gift note', cost: null },
      { sku: 'CSV-TEA', title: 'Tea, green (100 g)', cost: { amount: '480', currencyCode: 'JPY' } },
    ]);
  });

  it('changes nothing but updatedAt when the same file is imported again', async () => {
    const skus = ['CSV-KETTLE', 'CSV-NOTE', 'CSV-TEA'];
    const before = await read(skus);
    const res = await upload(file);
    expect(res.body.accepted).toBe(3);
    expect(res.body.rejected.map((r: { line: number }) => r.line)).toEqual([4, 6, 7, 9, 10]);
    const after = await read(skus);
    expect(after.map(({ updatedAt: _, ...item }) => item)).toEqual(before.map(({ updatedAt: _, ...item }) => item));
    after.forEach((item, i) => expect(Date.parse(item.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before[i].updatedAt)));
  });

  it('takes a file of SKUs and titles only', async () => {
    const res = await upload('title,sku\nPencil,CSV-PENCIL\n');
    expect(res.body).toEqual({ accepted: 1, rejected: [] });
    expect(await read(['CSV-PENCIL'])).toEqual([expect.objectContaining({ title: 'Pencil', cost: null })]);
  });

  it('reports where a file stops being readable, keeping the lines before it', async () => {
    const res = await upload('sku,title\nCSV-OK,Fine\nCSV-X,"Broken"x\nCSV-AFTER,Never read\n');
    expect(res.body).toEqual({ accepted: 1, rejected: [{ line: 3, code: 'UNREADABLE', message: expect.stringMatching(/cannot be read from here on/) }] });
    expect((await read(['CSV-OK', 'CSV-X', 'CSV-AFTER'])).map((i) => i.sku)).toEqual(['CSV-OK']);
  });

  it('refuses a header with a column it does not take, storing nothing', async () => {
    const res = await upload('sku,title,price\nCSV-PRICED,Priced,1.00\n');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'INVALID_HEADER', message: expect.stringContaining('"price", which the catalog does not take') });
    expect(await read(['CSV-PRICED'])).toEqual([]);
  });

  it('refuses a file over 100,000 data lines with 413, storing nothing', async () => {
    const lines = Array.from({ length: 100_001 }, (_, i) => `BIG-${i},Big ${i}`);
    const res = await upload(['sku,title', ...lines].join('\n'));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('TOO_MANY_LINES');
    expect(await read(['BIG-0', 'BIG-99999'])).toEqual([]);
  });

  it('stores nothing of an upload the client cuts short', async () => {
    const socket = net.connect(t.gateway.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const head = `POST /catalog/imports HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer ${TEST_ADMIN_KEY}\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\n`;
    await new Promise((resolve) => socket.write(`${head}sku,title\nCUT-1,Never stored\nCUT-2,Nor this\n`, resolve));
    // time for the gateway to read both lines (the answer is the same without it, the test only weaker)
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    const cutShort = () => t.logs.some((line) => line.msg === 'catalog import cut short by the client; nothing stored');
    for (let i = 0; i < 100 && !cutShort(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(cutShort()).toBe(true);
    expect(await read(['CUT-1', 'CUT-2'])).toEqual([]);
  });

  it('needs a key (401), an ADMIN key (403) and a CSV body (415)', async () => {
    expect((await upload(file, { key: null })).status).toBe(401);
    const analyst = await upload(file, { key: await t.keyFor(Role.ANALYST) });
    expect(analyst.status).toBe(403);
    expect(analyst.body.error.code).toBe('FORBIDDEN');
    const json = await upload(JSON.stringify({ sku: 'X' }), { type: 'application/json' });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('priceConflicts with the catalog', () => {
  it("shows the catalog's title of each conflicting SKU, null where the catalog has none, read with one statement", async () => {
    const placedAt = '2026-05-10T12:00:00Z';
    const orders: Array<[string, number, string, string]> = [
      ['web-us', 9_100_001, 'PC-KETTLE', '30.00'],
      ['web-us-outlet', 9_100_002, 'PC-KETTLE', '24.00'],
      ['web-us', 9_100_003, 'PC-MYSTERY', '10.00'],
      ['web-us-outlet', 9_100_004, 'PC-MYSTERY', '9.00'],
    ];
    for (const [channel, id, sku, price] of orders) {
      const answer = await sendShopify(t, channel, shopifyOrderBody({ id, placedAt, currency: 'USD', lines: [{ sku, price, quantity: 1 }] }), { topic: 'orders/create' });
      expect(answer.status).toBe(200);
    }
    await setItems([{ sku: 'PC-KETTLE', title: 'Kettle, 1.7 l', cost: '11.00', currencyCode: 'USD' }]);
    const variables = { from: '2026-05-01T00:00:00Z', to: '2026-06-01T00:00:00Z' };
    await t.gql(PriceConflictTitlesDocument, variables); // the key's last-used time is written on its first request of the minute
    t.sql.length = 0;
    const res = await t.gql(PriceConflictTitlesDocument, variables);
    expect(res.errors).toBeUndefined();
    // 30.00 against 24.00: 25 %; 10.00 against 9.00: 11.11 %
    expect(res.data!.priceConflicts).toEqual([
      { sku: 'PC-KETTLE', title: 'Kettle, 1.7 l', currencyCode: 'USD', spreadPercent: 25 },
      { sku: 'PC-MYSTERY', title: null, currencyCode: 'USD', spreadPercent: 11.11 },
    ]);
    expect(t.sql.filter((sql) => sql.includes('catalog_item'))).toHaveLength(1);
  });
});
