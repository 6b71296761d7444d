import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { decodeCursor, encodeCursor, pageSize, slicePage } from '../common/pagination';
import { parseId } from '../common/ids';
import { mapRows, type MetadataSource } from '../db/row-mapper';
import { placeholders, type SqlReader } from '../db/sql-reader';
import { OrderConnection } from './order-connection.type';
import type { OrderFilter } from './order-filter.input';
import { Order } from './order.entity';

export interface OrderListArgs {
  first?: number | null;
  after?: string | null;
  filter?: OrderFilter | null;
  /** Confine the list to one channel (a PARTNER caller). */
  scopeChannelId: number | null;
  /** The select list over `"order" o` (see selectedColumns); every column when absent. */
  columns?: string;
}

interface Where {
  sql: string;
  params: unknown[];
}

/** The order when the caller's channel scope (null: every channel) covers it. */
function inScope(order: Order | null, scopeChannelId: number | null): Order | null {
  return order && (scopeChannelId === null || order.channel.id === scopeChannelId) ? order : null;
}

export class OrderService {
  /** One order by id, or null when it does not exist or lies outside the caller's channel. */
  async findById(em: EntityManager, id: number, scopeChannelId: number | null): Promise<Order | null> {
    return inScope(await em.findOne(Order, { id }), scopeChannelId);
  }

  /** Orders by id with one statement, in the order of `ids`; null where findById gives null. */
  async findByIds(em: EntityManager, ids: readonly number[], scopeChannelId: number | null): Promise<(Order | null)[]> {
    const byId = new Map((await em.find(Order, { id: { $in: [...ids] } })).map((o) => [o.id, o]));
    return ids.map((id) => inScope(byId.get(id) ?? null, scopeChannelId));
  }

  async findByExternalId(
    em: EntityManager,
    channelCode: string,
    externalId: string,
    scopeChannelId: number | null,
  ): Promise<Order | null> {
    const order = await em.findOne(Order, { channel: { code: channelCode }, externalId });
    return order && (scopeChannelId === null || order.channel.id === scopeChannelId) ? order : null;
  }

  /**
   * A page of orders, newest first (placedAt, then id), after an opaque cursor. Runs through the
   * lean read path: one statement for the page, one more for totalCount only when it is asked for.
   */
  async list(metadata: MetadataSource, reader: SqlReader, args: OrderListArgs): Promise<OrderConnection> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after);
    const where = await this.where(reader, args);
    let rows: Order[] = [];
    if (limit > 0) {
      const clauses = [where.sql];
      const params = [...where.params];
      if (after) {
        const at = reader.date(new Date(after.at));
        clauses.push('(o.placed_at < ? or (o.placed_at = ? and o.id < ?))');
        params.push(at, at, after.id);
      }
      params.push(limit + 1);
      const sql = `select ${args.columns ?? 'o.*'} from "order" o where ${clauses.join(' and ')} order by o.placed_at desc, o.id desc limit ?`;
      rows = mapRows(metadata, Order, await reader.all(sql, params));
    }
    const { edges, pageInfo } = slicePage(rows, limit, after, (o) => encodeCursor(o.placedAt, o.id));
    return new OrderConnection(edges, pageInfo, async () => {
      const [row] = await reader.all(`select count(*) as n from "order" o where ${where.sql}`, where.params);
      return Number(row.n);
    });
  }

  /** The filter as SQL over `"order" o`. */
  private async where(reader: SqlReader, args: OrderListArgs): Promise<Where> {
    const filter = args.filter ?? {};
    const clauses: string[] = ['1 = 1'];
    const params: unknown[] = [];
    if (args.scopeChannelId !== null) {
      clauses.push('o.channel_id = ?');
      params.push(args.scopeChannelId);
    }
    if (filter.channelCodes?.length) {
      const ids = (await reader.all(`select id from channel where code in (${placeholders(filter.channelCodes.length)})`, filter.channelCodes)).map((r) => Number(r.id));
      clauses.push(ids.length ? `o.channel_id in (${placeholders(ids.length)})` : '1 = 0');
      params.push(...ids);
    }
    if (filter.statuses?.length) {
      clauses.push(`o.status in (${placeholders(filter.statuses.length)})`);
      params.push(...filter.statuses);
    }
    if (filter.placedFrom) {
      clauses.push('o.placed_at >= ?');
      params.push(reader.date(filter.placedFrom));
    }
    if (filter.placedTo) {
      clauses.push('o.placed_at < ?');
      params.push(reader.date(filter.placedTo));
    }
    if (filter.customerId) {
      clauses.push('o.customer_id = ?');
      params.push(parseId(filter.customerId, 'filter.customerId'));
    }
    const search = filter.search?.trim();
    if (search) {
      const numbers = search.startsWith('#') ? [search, search.slice(1)] : [search, `#${search}`];
      clauses.push('(o.external_id = ? or o.number in (?, ?) or o.id in (select l.order_id from order_line l where l.sku = ?))');
      params.push(search, ...numbers, search);
    }
    return { sql: clauses.join(' and '), params };
  }
}
