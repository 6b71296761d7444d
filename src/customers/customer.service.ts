import type { QueryBuilder, SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { normalizeEmail, normalizePhone } from '../auth/masking';
import { forbidden } from '../common/errors';
import { mapRows } from '../db/row-mapper';
import { decodeCursor, encodeCursor, pageSize, slicePage } from '../common/pagination';
import { CustomerConnection } from './customer-connection.type';
import { Customer } from './customer.entity';

export interface CustomerListArgs {
  first?: number | null;
  after?: string | null;
  search?: string | null;
  /** Confine to customers who have bought on (or are known to) one channel. */
  scopeChannelId: number | null;
  /** Masked callers may search by name or order number only. */
  mayMatchPersonalData: boolean;
}

type CustomerQuery = QueryBuilder<Customer>;

/** What a search string looks like: an e-mail, a phone number, or anything else (a name, an order number). */
function classify(search: string): { email?: string; phone?: string } {
  if (search.includes('@')) return { email: normalizeEmail(search) ?? search.toLowerCase() };
  if (/^[+()\d\s.-]{6,}$/.test(search) && (search.match(/\d/g)?.length ?? 0) >= 6) {
    return { phone: normalizePhone(search) ?? search.replace(/[^\d+]/g, '') };
  }
  return {};
}

const IN_SCOPE =
  '(exists (select 1 from "order" so where so.customer_id = c.id and so.channel_id = ?) ' +
  'or exists (select 1 from channel_identity si where si.customer_id = c.id and si.channel_id = ?))';

export class CustomerService {
  async findById(em: EntityManager, id: number, scopeChannelId: number | null): Promise<Customer | null> {
    const qb = em.createQueryBuilder(Customer, 'c').select('*').where({ id });
    if (scopeChannelId !== null) qb.andWhere(IN_SCOPE, [scopeChannelId, scopeChannelId]);
    return qb.getSingleResult();
  }

  /**
   * Customers newest first. `search` finds by e-mail or phone (exact, normalized; ADMIN only),
   * by name (contains, case-insensitive) or by the number or channel id of one of their orders:
   * a store clerk finds the online buyer from the order number on the receipt.
   */
  async list(em: EntityManager, args: CustomerListArgs): Promise<CustomerConnection> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after);
    const search = args.search?.trim() || null;
    const kind = search ? classify(search) : {};
    if (!args.mayMatchPersonalData && (kind.email || kind.phone)) {
      throw forbidden('masked roles search customers by name or order number, not by e-mail or phone');
    }
    const build = (): CustomerQuery => {
      const qb = em.createQueryBuilder(Customer, 'c').select('*');
      if (args.scopeChannelId !== null) qb.andWhere(IN_SCOPE, [args.scopeChannelId, args.scopeChannelId]);
      if (kind.email) qb.andWhere({ email: kind.email });
      else if (kind.phone) qb.andWhere({ phone: kind.phone });
      else if (search) {
        const numbers = search.startsWith('#') ? [search, search.slice(1)] : [search, `#${search}`];
        qb.andWhere(
          '(lower(c.name) like ? escape \'\\\' or exists (select 1 from "order" no where no.customer_id = c.id ' +
            'and (no.number in (?, ?) or no.external_id = ?)))',
          [`%${search.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`, ...numbers, search],
        );
      }
      return qb;
    };
    const page = build();
    if (after) page.andWhere({ id: { $lt: after.id } });
    const rows =
      limit === 0 ? [] : mapRows(em, Customer, await page.orderBy({ id: 'desc' }).limit(limit + 1).execute('all', false));
    const { edges, pageInfo } = slicePage(rows, limit, after, (c) => encodeCursor(new Date(0), c.id));
    return new CustomerConnection(
      edges,
      pageInfo,
      () => build().getCount(),
    );
  }
}
