import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

import { AuditAction, AuditTargetType } from '../audit/audit-action';
import { appendAudit } from '../audit/audit-trail';
import type { Caller } from '../auth/caller';
import { badUserInput } from '../common/errors';
import { Customer } from '../customers/customer.entity';
import { lockIngestionOf } from '../customers/ingestion-lock';
import { PersonalData } from './personal-data';
import { StoredPayloads } from './stored-payloads';

interface CustomerRow {
  id: number;
  email: string | null;
  phone: string | null;
  name: string | null;
  merged_into_id: number | null;
  erased_at: unknown;
}

/**
 * Erases a customer's personal data, in one transaction with its audit log entry: their name,
 * e-mail and phone (so nobody finds them by those, and ingestion never matches them on them
 * again), the e-mails their channel identities had, and their personal data in what is stored of
 * the payloads: archived deliveries and dead letters lose their body, kept order parts their
 * personal fields. Their orders, lines, refunds, statuses, stats, sales figures and campaign
 * attribution stay exactly as they were (orders hold no personal data), and so do their channel
 * ids, which are not personal data: a later order from one of those ids is still theirs, and
 * brings no personal data back. Erasing again is harmless and takes whatever arrived since.
 * A merged customer's id erases the customer it was merged into.
 */
export class CustomerErasureService {
  async erase(em: EntityManager, customerId: number, actor: Caller): Promise<Customer> {
    return em.transactional(async (tx) => {
      const postgres = tx.getPlatform() instanceof PostgreSqlPlatform;
      const [named] = (await tx.execute('select id, merged_into_id from customer where id = ?', [customerId])) as CustomerRow[];
      if (!named) throw badUserInput(`no customer ${customerId}`, 'id');
      const id = named.merged_into_id === null ? customerId : Number(named.merged_into_id);
      // ingestion of their orders waits for the erasure, then finds nothing to match on
      if (postgres) await lockIngestionOf(tx, id);
      const [customer] = (await tx.execute(
        `select id, email, phone, name, merged_into_id, erased_at from customer where id = ?${postgres ? ' for update' : ''}`,
        [id],
      )) as CustomerRow[];
      const identities = (await tx.execute('select channel_id, external_id, email from channel_identity where customer_id = ?', [id])) as Array<{
        channel_id: number;
        external_id: string;
        email: string | null;
      }>;
      const orders = ((await tx.execute('select id, channel_id, external_id from "order" where customer_id = ?', [id])) as Array<{
        id: number;
        channel_id: number;
        external_id: string;
      }>).map((o) => ({ id: Number(o.id), channelId: Number(o.channel_id), externalId: o.external_id }));
      const channels = (await tx.execute('select id, country_code from channel')) as Array<{ id: number; country_code: string | null }>;
      const person = new PersonalData({
        emails: [customer.email, ...identities.map((i) => i.email)],
        phone: customer.phone,
        name: customer.name,
        orders,
        identities: identities.map((i) => ({ channelId: Number(i.channel_id), externalId: i.external_id })),
      });

      const at = new Date();
      // as each dialect stores a time (SQLite: epoch milliseconds)
      const now = postgres ? at : at.getTime();
      await tx.execute(
        'update customer set email = null, phone = null, name = null, erased_at = coalesce(erased_at, ?), updated_at = ? where id = ?',
        [now, now, id],
        'run',
      );
      await tx.execute('update channel_identity set email = null where customer_id = ?', [id], 'run');
      const payloads = new StoredPayloads(tx, person, new Map(channels.map((c) => [Number(c.id), c.country_code])), now);
      const archivedPayloads = await payloads.redactArchive();
      const deadLetters = await payloads.redactDeadLetters();
      const orderParts = await payloads.redactOrderParts(orders);

      await appendAudit(tx, actor, {
        action: AuditAction.CUSTOMER_ERASED,
        targetType: AuditTargetType.CUSTOMER,
        targetId: id,
        details: {
          ...(id !== customerId ? { requestedId: String(customerId) } : {}),
          alreadyErased: customer.erased_at !== null,
          orders: orders.length,
          channelIdentities: identities.length,
          archivedPayloads,
          deadLetters,
          orderParts,
        },
      });
      return tx.findOneOrFail(Customer, { id }, { refresh: true });
    });
  }
}
