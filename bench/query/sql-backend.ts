/**
 * The hand-written data access of the two baselines: one statement for the page of orders, then
 * one batched `in (...)` statement each for channels, customers, identities and lines, made by
 * per-request DataLoaders exactly where the gateway's own loaders make theirs. Same drivers as
 * the gateway: `libsql` (synchronous, better-sqlite3 API) for SQLite, a `pg` Pool for PostgreSQL.
 */
import DataLoader from 'dataloader';
import Database from 'libsql';
import { Pool } from 'pg';

import type { DbTarget } from './common';

export interface OrderRow {
  id: number;
  number: string | null;
  channel_id: number;
  customer_id: number | null;
}
export interface ChannelRow {
  id: number;
  code: string;
}
export interface CustomerRow {
  id: number;
  name: string | null;
}
export interface IdentityRow {
  customer_id: number;
  externalId: string;
}
export interface LineRow {
  order_id: number;
  sku: string | null;
}

export interface SqlBackend {
  orders(first: number): Promise<OrderRow[]>;
  channels(ids: readonly number[]): Promise<ChannelRow[]>;
  customers(ids: readonly number[]): Promise<CustomerRow[]>;
  identities(customerIds: readonly number[]): Promise<IdentityRow[]>;
  lines(orderIds: readonly number[]): Promise<LineRow[]>;
  close(): Promise<void>;
}

/** `?, ?, ?` for SQLite, `$1, $2, $3` for PostgreSQL. */
type Placeholders = (n: number) => string;

function statements(ph: Placeholders) {
  return {
    orders: `select id, number, channel_id, customer_id from "order" order by placed_at desc, id desc limit ${ph(1)}`,
    channels: (n: number) => `select id, code from channel where id in (${ph(n)})`,
    customers: (n: number) => `select id, name from customer where id in (${ph(n)})`,
    identities: (n: number) =>
      `select customer_id, external_id as "externalId" from channel_identity where customer_id in (${ph(n)}) order by id`,
    lines: (n: number) => `select order_id, sku from order_line where order_id in (${ph(n)}) order by order_id, position`,
  };
}

export function createSqlBackend(db: DbTarget, poolMax: number): SqlBackend {
  return db.dialect === 'sqlite' ? sqliteBackend(db.file) : postgresBackend(db.url, poolMax);
}

function sqliteBackend(file: string): SqlBackend {
  const conn = new Database(file);
  conn.pragma('busy_timeout = 5000');
  const sql = statements((n) => Array.from({ length: n }, () => '?').join(', '));
  // Prepared once per distinct text (the in-list length varies), like a statement cache would.
  const prepared = new Map<string, { all(...params: unknown[]): unknown[] }>();
  const all = <T>(text: string, params: readonly unknown[]): Promise<T[]> => {
    let stmt = prepared.get(text);
    if (!stmt) {
      stmt = conn.prepare<unknown[]>(text);
      prepared.set(text, stmt);
    }
    return Promise.resolve(stmt.all(...(params as unknown[])) as T[]);
  };
  return {
    orders: (first) => all<OrderRow>(sql.orders, [first]),
    channels: (ids) => all<ChannelRow>(sql.channels(ids.length), ids),
    customers: (ids) => all<CustomerRow>(sql.customers(ids.length), ids),
    identities: (ids) => all<IdentityRow>(sql.identities(ids.length), ids),
    lines: (ids) => all<LineRow>(sql.lines(ids.length), ids),
    close: async () => {
      conn.close();
    },
  };
}

function postgresBackend(url: string, poolMax: number): SqlBackend {
  const pool = new Pool({ connectionString: url, max: poolMax });
  const sql = statements((n) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', '));
  const all = async <T>(text: string, params: readonly unknown[]): Promise<T[]> =>
    (await pool.query(text, params as unknown[])).rows as T[];
  return {
    orders: (first) => all<OrderRow>(sql.orders, [first]),
    channels: (ids) => all<ChannelRow>(sql.channels(ids.length), ids),
    customers: (ids) => all<CustomerRow>(sql.customers(ids.length), ids),
    identities: (ids) => all<IdentityRow>(sql.identities(ids.length), ids),
    lines: (ids) => all<LineRow>(sql.lines(ids.length), ids),
    close: () => pool.end(),
  };
}

export interface BaselineLoaders {
  channelById: DataLoader<number, ChannelRow | null>;
  customerById: DataLoader<number, CustomerRow | null>;
  linesByOrder: DataLoader<number, LineRow[]>;
  identitiesByCustomer: DataLoader<number, IdentityRow[]>;
}

function byKey<T, K>(rows: T[], key: (row: T) => K): Map<K, T> {
  return new Map(rows.map((row) => [key(row), row]));
}

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Per-request loaders, as the gateway makes them (one batch per loader per tick). */
export function createBaselineLoaders(backend: SqlBackend): BaselineLoaders {
  return {
    channelById: new DataLoader(async (ids) => {
      const found = byKey(await backend.channels(ids), (c) => c.id);
      return ids.map((id) => found.get(id) ?? null);
    }),
    customerById: new DataLoader(async (ids) => {
      const found = byKey(await backend.customers(ids), (c) => c.id);
      return ids.map((id) => found.get(id) ?? null);
    }),
    linesByOrder: new DataLoader(async (ids) => {
      const found = groupBy(await backend.lines(ids), (l) => l.order_id);
      return ids.map((id) => found.get(id) ?? []);
    }),
    identitiesByCustomer: new DataLoader(async (ids) => {
      const found = groupBy(await backend.identities(ids), (i) => i.customer_id);
      return ids.map((id) => found.get(id) ?? []);
    }),
  };
}

export interface BaselineContext {
  loaders: BaselineLoaders;
}

/** The schema of the baselines: only the fields the benchmark query asks for, same nullability as ours. */
export const BASELINE_SDL = /* GraphQL */ `
  type Query {
    orders(first: Int): OrderConnection!
  }
  type OrderConnection {
    edges: [OrderEdge!]!
  }
  type OrderEdge {
    node: Order!
  }
  type Order {
    id: ID!
    number: String
    channel: Channel!
    customer: Customer
    lines: [OrderLine!]!
  }
  type Channel {
    id: ID!
    code: String!
  }
  type Customer {
    id: ID!
    name: String
    identities: [ChannelIdentity!]!
  }
  type ChannelIdentity {
    externalId: String!
  }
  type OrderLine {
    sku: String
  }
`;

/** Field resolvers (fields not listed use the default property resolver). */
export function baselineResolvers(backend: SqlBackend) {
  return {
    Query: {
      orders: async (_root: unknown, args: { first?: number | null }) => {
        const rows = await backend.orders(args.first ?? 20);
        return { edges: rows.map((node) => ({ node })) };
      },
    },
    Order: {
      channel: (order: OrderRow, _args: unknown, ctx: BaselineContext) => ctx.loaders.channelById.load(order.channel_id),
      customer: (order: OrderRow, _args: unknown, ctx: BaselineContext) =>
        order.customer_id === null ? null : ctx.loaders.customerById.load(order.customer_id),
      lines: (order: OrderRow, _args: unknown, ctx: BaselineContext) => ctx.loaders.linesByOrder.load(order.id),
    },
    Customer: {
      identities: (customer: CustomerRow, _args: unknown, ctx: BaselineContext) =>
        ctx.loaders.identitiesByCustomer.load(customer.id),
    },
  };
}
