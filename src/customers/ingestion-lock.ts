import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { advisoryKeys } from '../ingest/store/advisory-locks';
import { emptyFootprint } from '../ingest/store/session';

/**
 * PostgreSQL: takes the ingestion path's locks on everything a customer could be found by (their
 * channel identities, e-mail and phone), until the transaction ends. A group already writing an
 * order of the customer commits first; a group after it sees what the transaction changed.
 */
export async function lockIngestionOf(tx: EntityManager, customerId: number): Promise<void> {
  const identities = (await tx.execute('select channel_id, external_id from channel_identity where customer_id = ?', [customerId])) as Array<{
    channel_id: number;
    external_id: string;
  }>;
  const [customer] = (await tx.execute('select email, phone from customer where id = ?', [customerId])) as Array<{ email: string | null; phone: string | null }>;
  const footprint = emptyFootprint();
  footprint.identities = identities.map((i) => [Number(i.channel_id), i.external_id]);
  if (customer?.email) footprint.emails.push(customer.email);
  if (customer?.phone) footprint.phones.push(customer.phone);
  const keys = advisoryKeys([footprint]);
  if (!keys.length) return;
  await tx.execute(
    'select count(pg_advisory_xact_lock(k)) as locked from (select distinct value::bigint as k from jsonb_array_elements_text(?::jsonb) order by k) as keys',
    [JSON.stringify(keys)],
  );
}
