/**
 * The baseline of `npm run bench:ingest`: the same normalized orders the gateway receives,
 * written with hand-written prepared statements through the same drivers (libsql; pg Pool),
 * one transaction per order: resolve the customer (identity, then e-mail, then phone, else a
 * new customer), insert the order and its lines, link the identity. No HTTP, no ORM, no JSON
 * parsing or normalization inside the timed part (done beforehand by the Shopify plugin itself).
 */
import Database from 'libsql';
import { Pool, type PoolClient } from 'pg';

import { normalizeEmail, normalizePhone } from '../../src/auth/masking';
import { orderContentHash } from '../../src/ingest/content-hash';
import { parseJsonPayload, type OrderRecord } from '../../src/plugin-sdk';
import shopify from '../../plugins/shopify';
import type { DbTarget } from '../query/common';

/** One order as the baseline writes it: every value already normalized. */
export interface BaselineOrder {
  externalId: string;
  number: string | null;
  status: string;
  placedAt: number;
  currency: string;
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  shippingTotal: number;
  total: number;
  refunded: number;
  taxesIncluded: boolean;
  couponCodes: string;
  sourceUpdatedAt: number | null;
  sourceVersion: number | null;
  contentHash: string;
  lines: { sku: string | null; title: string; quantity: number; unitPrice: number; discount: number; tax: number; total: number }[];
  customer: { externalId: string; email: string | null; rawEmail: string | null; emailMatchable: boolean; phone: string | null; name: string | null } | null;
}

/** Runs the Shopify plugin's normalize over a delivery, as the gateway does, and flattens the result. */
export function normalizeDelivery(body: string, headers: Record<string, string>, channel: { code: string; currencyCode: string; countryCode: string | null }): BaselineOrder {
  const result = shopify.normalize({
    payload: parseJsonPayload(body),
    headers,
    channel: { code: channel.code, currencyCode: channel.currencyCode, settings: {} },
  });
  if (result.outcome !== 'record') throw new Error(`the shopify plugin did not normalize a generated order: ${JSON.stringify(result).slice(0, 300)}`);
  const orders = result.records.filter((r): r is OrderRecord => r.kind === 'order');
  if (orders.length !== 1) throw new Error(`expected one order record, got ${orders.length}`);
  const r = orders[0];
  const c = r.customer;
  return {
    externalId: r.externalId,
    number: r.number,
    status: r.status,
    placedAt: r.placedAt.getTime(),
    currency: r.currency,
    subtotal: r.subtotal.minor,
    discountTotal: r.discountTotal.minor,
    taxTotal: r.taxTotal.minor,
    shippingTotal: r.shippingTotal.minor,
    total: r.total.minor,
    refunded: r.refundedTotal.minor,
    taxesIncluded: r.taxesIncluded,
    couponCodes: JSON.stringify(r.couponCodes),
    sourceUpdatedAt: r.sourceUpdatedAt ? r.sourceUpdatedAt.getTime() : null,
    sourceVersion: r.sourceVersion ?? null,
    contentHash: orderContentHash(r),
    lines: r.lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPrice: l.unitPrice.minor,
      discount: l.discount.minor,
      tax: l.tax.minor,
      total: l.total.minor,
    })),
    customer: c
      ? {
          externalId: c.externalId,
          email: c.emailMatchable && c.email ? normalizeEmail(c.email) : null,
          rawEmail: c.email,
          emailMatchable: c.emailMatchable,
          phone: c.phone ? (normalizePhone(c.phone, (channel.countryCode ?? undefined) as never) ?? null) : null,
          name: c.name?.trim() || null,
        }
      : null,
  };
}

export interface BaselineResult {
  orders: number;
  elapsedSeconds: number;
  ordersPerSecond: number;
  connections: number;
}

const ORDER_COLUMNS =
  'channel_id, external_id, number, status, placed_at, customer_id, currency_code, subtotal_minor, discount_total_minor, tax_total_minor, ' +
  'shipping_total_minor, total_minor, refunded_total_minor, taxes_included, coupon_codes, source_updated_at, source_version, content_hash, created_at, updated_at';
const LINE_COLUMNS = 'order_id, position, sku, title, quantity, currency_code, unit_price_minor, discount_minor, tax_minor, total_minor';

// ---------------------------------------------------------------- SQLite (libsql)

/** One connection (SQLite has one writer), WAL and the gateway's pragmas; datetimes as epoch ms like MikroORM. */
export function sqliteBaseline(file: string, channelId: number, orders: BaselineOrder[]): BaselineResult {
  const db = new Database(file);
  try {
    db.exec('pragma journal_mode = wal');
    db.exec('pragma busy_timeout = 5000');
    db.exec('pragma foreign_keys = on');
    const byIdentity = db.prepare('select customer_id from channel_identity where channel_id = ? and external_id = ?');
    const byEmail = db.prepare('select id from customer where email = ? order by id limit 1');
    const byPhone = db.prepare('select id from customer where phone = ? order by id limit 1');
    const insertCustomer = db.prepare('insert into customer (email, phone, name, created_at, updated_at) values (?, ?, ?, ?, ?)');
    const insertIdentity = db.prepare(
      'insert into channel_identity (customer_id, channel_id, external_id, email, email_matchable, created_at) values (?, ?, ?, ?, ?, ?)',
    );
    const insertOrder = db.prepare(`insert into "order" (${ORDER_COLUMNS}) values (${Array(20).fill('?').join(', ')})`);
    const insertLine = db.prepare(`insert into order_line (${LINE_COLUMNS}) values (${Array(10).fill('?').join(', ')})`);
    const begin = db.prepare('begin immediate');
    const commit = db.prepare('commit');

    const started = process.hrtime.bigint();
    for (const o of orders) {
      const now = Date.now();
      begin.run();
      let customerId: number | null = null;
      const c = o.customer;
      if (c) {
        const known = byIdentity.get(channelId, c.externalId) as { customer_id: number } | undefined;
        if (known) customerId = Number(known.customer_id);
        if (customerId === null && c.email) customerId = Number((byEmail.get(c.email) as { id: number } | undefined)?.id ?? NaN) || null;
        if (customerId === null && c.phone) customerId = Number((byPhone.get(c.phone) as { id: number } | undefined)?.id ?? NaN) || null;
        if (customerId === null) customerId = Number(insertCustomer.run(c.email, c.phone, c.name, now, now).lastInsertRowid);
        if (!known) insertIdentity.run(customerId, channelId, c.externalId, c.rawEmail, c.emailMatchable ? 1 : 0, now);
      }
      const orderId = Number(
        insertOrder.run(
          channelId, o.externalId, o.number, o.status, o.placedAt, customerId, o.currency, o.subtotal, o.discountTotal, o.taxTotal,
          o.shippingTotal, o.total, o.refunded, o.taxesIncluded ? 1 : 0, o.couponCodes, o.sourceUpdatedAt, o.sourceVersion, o.contentHash, now, now,
        ).lastInsertRowid,
      );
      o.lines.forEach((l, position) =>
        insertLine.run(orderId, position, l.sku, l.title, l.quantity, o.currency, l.unitPrice, l.discount, l.tax, l.total),
      );
      commit.run();
    }
    const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { orders: orders.length, elapsedSeconds: round3(elapsedSeconds), ordersPerSecond: Math.round((orders.length / elapsedSeconds) * 10) / 10, connections: 1 };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------- PostgreSQL (pg Pool)

/** A pg Pool of `connections`, as many workers, named prepared statements, lines in one multi-row insert. */
export async function postgresBaseline(url: string, channelId: number, orders: BaselineOrder[], connections: number): Promise<BaselineResult> {
  const pool = new Pool({ connectionString: url, max: connections });
  pool.on('error', () => undefined);
  try {
    const lineStatement = (count: number) => ({
      name: `bench_lines_${count}`,
      text:
        `insert into order_line (${LINE_COLUMNS}) values ` +
        Array.from({ length: count }, (_, i) => `(${Array.from({ length: 10 }, (_, j) => `$${i * 10 + j + 1}`).join(', ')})`).join(', '),
    });
    const write = async (client: PoolClient, o: BaselineOrder) => {
      const now = new Date();
      await client.query('begin');
      try {
        let customerId: number | null = null;
        const c = o.customer;
        if (c) {
          const known = await client.query({
            name: 'bench_identity',
            text: 'select customer_id from channel_identity where channel_id = $1 and external_id = $2',
            values: [channelId, c.externalId],
          });
          if (known.rows.length) customerId = Number(known.rows[0].customer_id);
          if (customerId === null && c.email) {
            const r = await client.query({ name: 'bench_by_email', text: 'select id from customer where email = $1 order by id limit 1', values: [c.email] });
            if (r.rows.length) customerId = Number(r.rows[0].id);
          }
          if (customerId === null && c.phone) {
            const r = await client.query({ name: 'bench_by_phone', text: 'select id from customer where phone = $1 order by id limit 1', values: [c.phone] });
            if (r.rows.length) customerId = Number(r.rows[0].id);
          }
          if (customerId === null) {
            const r = await client.query({
              name: 'bench_customer',
              text: 'insert into customer (email, phone, name, created_at, updated_at) values ($1, $2, $3, $4, $4) returning id',
              values: [c.email, c.phone, c.name, now],
            });
            customerId = Number(r.rows[0].id);
          }
          if (!known.rows.length) {
            await client.query({
              name: 'bench_insert_identity',
              text: 'insert into channel_identity (customer_id, channel_id, external_id, email, email_matchable, created_at) values ($1, $2, $3, $4, $5, $6)',
              values: [customerId, channelId, c.externalId, c.rawEmail, c.emailMatchable, now],
            });
          }
        }
        const inserted = await client.query({
          name: 'bench_order',
          text: `insert into "order" (${ORDER_COLUMNS}) values (${Array.from({ length: 20 }, (_, i) => `$${i + 1}`).join(', ')}) returning id`,
          values: [
            channelId, o.externalId, o.number, o.status, new Date(o.placedAt), customerId, o.currency, o.subtotal, o.discountTotal, o.taxTotal,
            o.shippingTotal, o.total, o.refunded, o.taxesIncluded, o.couponCodes, o.sourceUpdatedAt === null ? null : new Date(o.sourceUpdatedAt),
            o.sourceVersion, o.contentHash, now, now,
          ],
        });
        const orderId = Number(inserted.rows[0].id);
        if (o.lines.length) {
          await client.query({
            ...lineStatement(o.lines.length),
            values: o.lines.flatMap((l, position) => [orderId, position, l.sku, l.title, l.quantity, o.currency, l.unitPrice, l.discount, l.tax, l.total]),
          });
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    };
    let next = 0;
    const worker = async () => {
      const client = await pool.connect();
      try {
        for (;;) {
          const i = next++;
          if (i >= orders.length) return;
          await write(client, orders[i]);
        }
      } finally {
        client.release();
      }
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: connections }, worker));
    const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { orders: orders.length, elapsedSeconds: round3(elapsedSeconds), ordersPerSecond: Math.round((orders.length / elapsedSeconds) * 10) / 10, connections };
  } finally {
    await pool.end();
  }
}

export async function runBaseline(db: DbTarget, channelId: number, orders: BaselineOrder[], pgConnections: number): Promise<BaselineResult> {
  return db.dialect === 'sqlite' ? sqliteBaseline(db.file, channelId, orders) : postgresBaseline(db.url, channelId, orders, pgConnections);
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
