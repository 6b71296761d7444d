import type { QueryBuilder, SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import type { CountryCode } from 'libphonenumber-js';

import { normalizeEmail, normalizePhone } from '../auth/masking';
import { forbidden } from '../common/errors';
import { mapRows } from '../db/row-mapper';
import { decodeCursor, encodeCursor, pageSize, slicePage } from '../common/pagination';
import { CustomerConnection } from './customer-connection.type';
import type { CustomerTier } from './customer-segment';
import { customersInTiers } from './customer-tier-sql';
import { DEFAULT_SEGMENT_RULES, type SegmentRules } from './segment-rules';
import { Customer } from './customer.entity';

export interface CustomerListArgs {
  /** Only customers in these tiers (worked out at `now`). */
  tiers?: readonly CustomerTier[] | null;
  now?: Date;
  first?: number | null;
  after?: string | null;
  search?: string | null;
  /** Confine to customers who have bought on (or are known to) one channel. */
  scopeChannelId: number | null;
  /** Masked callers may search by name or order number only. */
  mayMatchPersonalData: boolean;
}

type CustomerQuery = QueryBuilder<Customer>;

/**
 * What a search string looks like: an e-mail, a phone number, or anything else (a name, an order
 * number). A phone written without its country code ("138 0013 8000") is read as a number of
 * each country the channels are in: every reading is a candidate.
 */
function classify(search: string, countries: readonly string[]): { email?: string; phones?: string[] } {
  if (search.includes('@')) return { email: normalizeEmail(search) ?? search.toLowerCase() };
  if (/^[+()\d\s.-]{6,}$/.test(search) && (search.match(/\d/g)?.length ?? 0) >= 6) {
    const readings = [normalizePhone(search), ...countries.map((country) => normalizePhone(search, country as CountryCode))];
    const phones = [...new Set(readings.filter((p): p is string => p !== null))];
    return { phones: phones.length ? phones : [search.replace(/[^\d+]/g, '')] };
  }
  return {};
}

/** The countries of the channels, for reading phone numbers written without a country code. */
async function channelCountries(em: EntityManager): Promise<string[]> {
  const rows = (await em.execute('select distinct country_code from channel where country_code is not null order by country_code')) as Array<{ country_code: string }>;
  return rows.map((r) => r.country_code);
}

const IN_SCOPE =
  '(exists (select 1 from "order" so where so.customer_id = c.id and so.channel_id = ?) ' +
  'or exists (select 1 from channel_identity si where si.customer_id = c.id and si.channel_id = ?))';

export class CustomerService {
  constructor(readonly segmentRules: SegmentRules = DEFAULT_SEGMENT_RULES) {}

  /** The customer with this id; a merged customer's id finds the customer it was merged into. */
  async findById(em: EntityManager, id: number, scopeChannelId: number | null): Promise<Customer | null> {
    const qb = em
      .createQueryBuilder(Customer, 'c')
      .select('*')
      .where('c.id = coalesce((select m.merged_into_id from customer m where m.id = ?), ?)', [id, id]);
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
    const kind = search ? classify(search, await channelCountries(em)) : {};
    if (!args.mayMatchPersonalData && (kind.email || kind.phones)) {
      throw forbidden('masked roles search customers by name or order number, not by e-mail or phone');
    }
    const build = (): CustomerQuery => {
      // a merged customer lives on in the one it was merged into
      const qb = em.createQueryBuilder(Customer, 'c').select('*').where({ mergedInto: null });
      if (args.scopeChannelId !== null) qb.andWhere(IN_SCOPE, [args.scopeChannelId, args.scopeChannelId]);
      if (args.tiers?.length) {
        const dialect = em.getPlatform() instanceof PostgreSqlPlatform ? 'postgresql' : 'sqlite';
        const inTiers = customersInTiers(args.tiers, this.segmentRules, args.now ?? new Date(), dialect, args.scopeChannelId);
        qb.andWhere(inTiers.sql, inTiers.params);
      }
      if (kind.email) qb.andWhere({ email: kind.email });
      else if (kind.phones) qb.andWhere({ phone: { $in: kind.phones } });
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
