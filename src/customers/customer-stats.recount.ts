import type { SqlEntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

import {
  CUSTOMER_ACQUISITION_COLUMNS,
  CUSTOMER_STATS_COLUMNS,
  CUSTOMER_STATS_LOCK_CLASS,
  customerAcquisitionsOf,
  customerStatsOf,
} from '../ingest/store/customer-stats-sql';

const IDS_SQLITE = 'in (select value from json_each(?))';
const IDS_POSTGRES = 'in (select value::int from jsonb_array_elements_text(?::jsonb))';

/**
 * Recounts the stats and first orders of these customers from their orders (customer_stats,
 * customer_acquisition) inside the entity manager's transaction, for writers outside the
 * ingestion path (the data generator, merges): the same count the ingestion write path keeps
 * (see CustomerStats and CustomerAcquisition).
 */
export async function recountCustomerStats(em: SqlEntityManager, customerIds: readonly number[]): Promise<void> {
  if (!customerIds.length) return;
  const ids = JSON.stringify([...new Set(customerIds)].sort((a, b) => a - b));
  const postgres = em.getPlatform() instanceof PostgreSqlPlatform;
  const of = postgres ? IDS_POSTGRES : IDS_SQLITE;
  if (postgres) {
    // one recount of a customer at a time, as on the ingestion path (see batch-postgres)
    await em.execute(
      `select count(pg_advisory_xact_lock(${CUSTOMER_STATS_LOCK_CLASS}, id)) as locked ` +
        'from (select distinct value::int as id from jsonb_array_elements_text(?::jsonb) order by id) as ids',
      [ids],
    );
  }
  await em.execute(`delete from customer_stats where customer_id ${of}`, [ids], 'run');
  await em.execute(`insert into customer_stats (${CUSTOMER_STATS_COLUMNS}) ${customerStatsOf(of)}`, [ids], 'run');
  await em.execute(`delete from customer_acquisition where customer_id ${of}`, [ids], 'run');
  await em.execute(`insert into customer_acquisition (${CUSTOMER_ACQUISITION_COLUMNS}) ${customerAcquisitionsOf(of)}`, [ids], 'run');
}
