import type { QueryBuilder, SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { Channel } from '../channels/channel.entity';
import { decodeCursor, encodeCursor, pageSize, slicePage, type KeysetCursor } from '../common/pagination';
import { parseId } from '../common/ids';
import { mapRows } from '../db/row-mapper';
import { OrderConnection } from './order-connection.type';
import type { OrderFilter } from './order-filter.input';
import { Order } from './order.entity';

export interface OrderListArgs {
  first?: number | null;
  after?: string | null;
  filter?: OrderFilter | null;
  /** Confine the list to one channel (a PARTNER caller). */
  scopeChannelId: number | null;
}

type OrderQuery = QueryBuilder<Order>;

export class OrderService {
  /** One order by id, or null when it does not exist or lies outside the caller's channel. */
  async findById(em: EntityManager, id: number, scopeChannelId: number | null): Promise<Order | null> {
    const order = await em.findOne(Order, { id });
    return order && (scopeChannelId === null || order.channel.id === scopeChannelId) ? order : null;
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

  /** A page of orders, newest first (placedAt, then id), after an opaque cursor. */
  async list(em: EntityManager, args: OrderListArgs): Promise<OrderConnection> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after);
    const build = await this.filtered(em, args);
    const rows =
      limit === 0
        ? []
        : mapRows(
            em,
            Order,
            await this.keysetAfter(build(), after)
              .orderBy({ placedAt: 'desc', id: 'desc' })
              .limit(limit + 1)
              .execute('all', false),
          );
    const { nodes, cursors, pageInfo } = slicePage(rows, limit, after, (o) => encodeCursor(o.placedAt, o.id));
    const edges = nodes.map((node, i) => ({ node, cursor: cursors[i] }));
    return new OrderConnection(edges, pageInfo, () => build().getCount());
  }

  private keysetAfter(qb: OrderQuery, after: KeysetCursor | null): OrderQuery {
    if (!after) return qb;
    const at = new Date(after.at);
    return qb.andWhere({ $or: [{ placedAt: { $lt: at } }, { placedAt: at, id: { $lt: after.id } }] });
  }

  /** Returns a factory of query builders with the filter applied (one for the page, one for the count). */
  private async filtered(em: EntityManager, args: OrderListArgs): Promise<() => OrderQuery> {
    const filter = args.filter ?? {};
    const channelIds = filter.channelCodes?.length
      ? (await em.find(Channel, { code: { $in: filter.channelCodes } }, { fields: ['id'] })).map((c) => c.id)
      : null;
    const customerId = filter.customerId ? parseId(filter.customerId, 'filter.customerId') : null;
    const search = filter.search?.trim() || null;
    return () => {
      const qb = em.createQueryBuilder(Order, 'o').select('*');
      if (args.scopeChannelId !== null) qb.andWhere({ channel: args.scopeChannelId });
      if (channelIds) qb.andWhere({ channel: { $in: channelIds } });
      if (filter.statuses?.length) qb.andWhere({ status: { $in: filter.statuses } });
      if (filter.placedFrom) qb.andWhere({ placedAt: { $gte: filter.placedFrom } });
      if (filter.placedTo) qb.andWhere({ placedAt: { $lt: filter.placedTo } });
      if (customerId !== null) qb.andWhere({ customer: customerId });
      if (search) {
        const numbers = search.startsWith('#') ? [search, search.slice(1)] : [search, `#${search}`];
        qb.andWhere(
          '(o.external_id = ? or o.number in (?, ?) or o.id in (select l.order_id from order_line l where l.sku = ?))',
          [search, ...numbers, search],
        );
      }
      return qb;
    };
  }
}
