import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { stringify } from 'csv-stringify';
import express, { type Request, type Response, type Router } from 'express';
import { GraphQLError } from 'graphql';

import { channelScope, READERS_OF_CUSTOMERS, READERS_OF_SALES, seesPersonalData, type Caller } from '../auth/caller';
import { maskEmail, maskName, maskPhone } from '../auth/masking';
import type { Role } from '../auth/role';
import { ChannelKind } from '../channels/channel-kind';
import { badUserInput } from '../common/errors';
import { customerSegment, CustomerTier } from '../customers/customer-segment';
import { createStatsByCustomerLoader } from '../customers/stats-by-customer.loader';
import { isUnavailable } from '../db/database-errors';
import type { SqlReader } from '../db/sql-reader';
import type { MoneyObject } from '../money/money.type';
import { bearerSecret } from '../server/context';
import type { Services } from '../server/services';
import { SalesDimension } from './sales-dimension';
import type { SalesSummaryArgs } from './sales-summary.args';

/** Customers read per statement while a segment export streams. */
const EXPORT_PAGE = 500;

class ExportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A comma-separated list parameter (`?groupBy=CHANNEL,DAY`), each value one of `allowed`. */
function listParam<T extends string>(req: Request, name: string, allowed?: readonly T[]): T[] {
  const raw = req.query[name];
  if (raw === undefined || raw === '') return [];
  if (typeof raw !== 'string') throw badUserInput(`${name} must be given once, as a comma-separated list`, name);
  const values = raw.split(',').map((v) => v.trim()).filter(Boolean);
  const wrong = allowed ? values.filter((v) => !allowed.includes(v as T)) : [];
  if (wrong.length) throw badUserInput(`${name}: ${wrong.join(', ')} is not one of ${allowed!.join(', ')}`, name);
  return values as T[];
}

function timeParam(req: Request, name: string): Date {
  const raw = req.query[name];
  const when = typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(raw) ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(when.getTime())) throw badUserInput(`${name} must be an ISO-8601 time with its offset, e.g. 2026-11-01T00:00:00Z`, name);
  return when;
}

const amount = (money: MoneyObject) => money.amount;
const amounts = (list: readonly MoneyObject[]) => list.map((m) => `${m.amount} ${m.currencyCode}`).join('; ');

/**
 * CSV for the spreadsheet users, behind the same keys and roles as the GraphQL queries:
 *
 * - `GET /exports/sales-summary.csv?from=&to=&groupBy=CHANNEL,DAY&timeZone=&channelCodes=&channelKinds=`:
 *   the rows of `salesSummary` with the same arguments (lists comma-separated), amounts as exact
 *   decimals in the row's currency.
 * - `GET /exports/customer-segments.csv?tiers=VIP,LOYAL`: every customer (of those tiers) with
 *   their tier, RFM scores and stats, personal data masked for every role but ADMIN; streamed a
 *   page at a time.
 *
 * Errors are JSON: 401 without a valid key, 403 for a role that may not read it, 400
 * `BAD_USER_INPUT` naming the parameter at fault.
 */
export function exportRouter(orm: MikroORM, reader: SqlReader, services: Services): Router {
  const router = express.Router();

  const caller = async (req: Request, roles: readonly Role[], what: string): Promise<Caller> => {
    const secret = bearerSecret(req.headers.authorization);
    const found = secret ? await services.apiKeys.authenticate(reader, orm, secret) : null;
    if (!found) throw new ExportError(401, 'UNAUTHENTICATED', 'a valid API key is required: Authorization: Bearer <key>');
    if (!roles.includes(found.role)) throw new ExportError(403, 'FORBIDDEN', `${found.role} keys may not export ${what}; needs ${roles.join(' or ')}`);
    return found;
  };

  const send = (res: Response, file: string) => {
    res.status(200).set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${file}"` });
  };

  const handle = (run: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response, next: express.NextFunction) => {
    try {
      await run(req, res);
    } catch (error) {
      if (res.headersSent) return res.destroy(error as Error);
      if (error instanceof ExportError) return void res.status(error.status).json({ error: { code: error.code, message: error.message } });
      if (error instanceof GraphQLError) {
        return void res.status(400).json({ error: { code: error.extensions.code ?? 'BAD_USER_INPUT', message: error.message, field: error.extensions.field } });
      }
      if (isUnavailable(error)) {
        return void res.status(503).set('retry-after', '5').json({ error: { code: 'UNAVAILABLE', message: 'the database is unavailable; retry later' } });
      }
      next(error);
    }
  };

  router.get(
    '/exports/sales-summary.csv',
    handle(async (req, res) => {
      const who = await caller(req, READERS_OF_SALES, 'sales figures');
      const args: SalesSummaryArgs = {
        from: timeParam(req, 'from'),
        to: timeParam(req, 'to'),
        groupBy: listParam(req, 'groupBy', Object.values(SalesDimension)),
        timeZone: typeof req.query.timeZone === 'string' && req.query.timeZone ? req.query.timeZone : 'UTC',
        filter: { channelCodes: listParam(req, 'channelCodes'), channelKinds: listParam(req, 'channelKinds', Object.values(ChannelKind)) },
      };
      const rows = await services.salesSummary.summarize(reader, args, channelScope(who));
      const codes = new Map((await reader.all('select id, code from channel')).map((c) => [Number(c.id), String(c.code)]));
      send(res, 'sales-summary.csv');
      const records = rows.map((r) => [
        r.period ?? '',
        r.periodStart?.toISOString() ?? '',
        r.channelId === null ? '' : codes.get(r.channelId) ?? '',
        r.channelKind ?? '',
        r.currencyCode,
        r.orders,
        r.units,
        amount(r.grossSales),
        amount(r.discounts),
        amount(r.refunds),
        amount(r.netRevenue),
        amount(r.averageOrderValue),
        r.refundRate,
        r.newCustomers,
        r.returningCustomers,
      ]);
      const columns = ['period', 'period_start', 'channel', 'channel_kind', 'currency', 'orders', 'units', 'gross_sales', 'discounts', 'refunds', 'net_revenue', 'average_order_value', 'refund_rate', 'new_customers', 'returning_customers'];
      await pipeline(Readable.from(records), stringify({ header: true, columns }), res);
    }),
  );

  router.get(
    '/exports/customer-segments.csv',
    handle(async (req, res) => {
      const who = await caller(req, READERS_OF_CUSTOMERS, 'customers');
      const tiers = listParam(req, 'tiers', Object.values(CustomerTier));
      const scope = channelScope(who);
      const personal = seesPersonalData(who);
      const em = orm.em.fork() as SqlEntityManager;
      const now = new Date();
      const rules = services.customers.segmentRules;
      // the first page is read before the answer starts, so that a bad request is still a 400
      let page = await services.customers.list(em, { first: EXPORT_PAGE, tiers, now, scopeChannelId: scope, mayMatchPersonalData: personal });
      send(res, 'customer-segments.csv');
      async function* records() {
        for (;;) {
          const stats = await createStatsByCustomerLoader(orm, reader, scope).loadMany(page.edges.map((e) => e.node.id));
          for (const [i, { node: customer }] of page.edges.entries()) {
            const s = stats[i];
            if (s instanceof Error) throw s;
            const segment = customerSegment(s, rules, now);
            yield [
              customer.id,
              personal ? customer.name : maskName(customer.name),
              personal ? customer.email : maskEmail(customer.email),
              personal ? customer.phone : maskPhone(customer.phone),
              segment?.tier ?? '',
              segment?.recency ?? '',
              segment?.frequency ?? '',
              segment?.monetary ?? '',
              segment?.daysSinceLastOrder ?? '',
              s.orderCount,
              amounts(s.lifetimeValue),
              amounts(s.averageOrderValue),
              s.firstOrderAt?.toISOString() ?? '',
              s.lastOrderAt?.toISOString() ?? '',
            ];
          }
          if (!page.pageInfo.hasNextPage) return;
          page = await services.customers.list(em, {
            first: EXPORT_PAGE,
            after: page.pageInfo.endCursor,
            tiers,
            now,
            scopeChannelId: scope,
            mayMatchPersonalData: personal,
          });
        }
      }
      const columns = ['customer_id', 'name', 'email', 'phone', 'tier', 'recency', 'frequency', 'monetary', 'days_since_last_order', 'orders', 'lifetime_value', 'average_order_value', 'first_order_at', 'last_order_at'];
      await pipeline(Readable.from(records()), stringify({ header: true, columns }), res);
    }),
  );

  return router;
}
