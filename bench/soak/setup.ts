/**
 * What a soak stands on: a fresh database seeded by the generator, the gateway's channels (a
 * Shopify storefront for the webhooks, a pos-csv store for the imports), a DASHBOARD key for the
 * subscribers, a check that every query of the mix returns rows, and the row counts read back at
 * the end.
 */
import Database from 'libsql';
import { Client } from 'pg';

import type { DbTarget } from '../query/common';
import { QUERY_KINDS, rowsOf, type QueryKind } from './queries';

export const CHANNELS = {
  webhooks: { code: 'soak-shopify', name: 'Soak Shopify', kind: 'STOREFRONT', plugin: 'shopify', currencyCode: 'USD', countryCode: 'US' },
  imports: { code: 'soak-pos', name: 'Soak tills', kind: 'OFFLINE_STORE', plugin: 'pos-csv', currencyCode: 'EUR', countryCode: 'DE' },
} as const;

async function gql(baseUrl: string, key: string, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (response.status !== 200 || json.errors || !json.data) throw new Error(`GraphQL failed (${response.status}): ${JSON.stringify(json).slice(0, 800)}`);
  return json.data;
}

/** Both channels, made through the API; resolves with a DASHBOARD key for the subscribers. */
export async function prepareGateway(baseUrl: string, adminKey: string, webhookSecret: string): Promise<string> {
  const create = 'mutation C($input: CreateChannelInput!) { createChannel(input: $input) { id } }';
  await gql(baseUrl, adminKey, create, { input: { ...CHANNELS.webhooks, webhookSecret } });
  await gql(baseUrl, adminKey, create, { input: { ...CHANNELS.imports } });
  const data = await gql(baseUrl, adminKey, 'mutation K($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }', {
    input: { name: 'bench-soak dashboard', role: 'DASHBOARD' },
  });
  return (data.createApiKey as { key: string }).key;
}

/** Rows each query of the mix returns; throws when one fails or returns none. */
export async function verifyQueries(baseUrl: string, key: string, bodies: Record<QueryKind, string>): Promise<Record<QueryKind, number>> {
  const rows = {} as Record<QueryKind, number>;
  for (const kind of QUERY_KINDS) {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: bodies[kind],
    });
    const checked = rowsOf(kind, await response.text());
    if (response.status !== 200 || !('rows' in checked)) throw new Error(`${kind}: ${response.status} ${'message' in checked ? checked.message : ''}`);
    if (checked.rows === 0) throw new Error(`${kind} returned no rows: seed some orders (BENCH_ORDERS)`);
    rows[kind] = checked.rows;
  }
  return rows;
}

/** Orders stored for each channel code. */
export async function ordersByChannel(db: DbTarget): Promise<Record<string, number>> {
  const sql = 'select c.code as code, count(o.id) as n from channel c left join "order" o on o.channel_id = c.id group by c.code';
  let rows: { code: string; n: number | string }[];
  if (db.dialect === 'sqlite') {
    const conn = new Database(db.file);
    try {
      rows = conn.prepare(sql).all() as typeof rows;
    } finally {
      conn.close();
    }
  } else {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      rows = (await client.query(sql)).rows as typeof rows;
    } finally {
      await client.end();
    }
  }
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]));
}
