import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import { PostgreSqlPlatform } from '@mikro-orm/postgresql';

import { badUserInput } from '../common/errors';
import { AuditAction, AuditTargetType } from '../audit/audit-action';
import { appendAudit } from '../audit/audit-trail';
import type { Caller } from '../auth/caller';
import { EVENT_LOG_LOCKED } from '../events/event-log';
import { Customer } from './customer.entity';
import { recountCustomerStats } from './customer-stats.recount';
import { IdentityMatch } from './identity-match';
import { lockIngestionOf } from './ingestion-lock';

interface MergeRow {
  id: number;
  merged_into_id: number | null;
  erased_at: unknown;
}

/**
 * Merges one customer into another, in one transaction: the source's orders and channel
 * identities move to the target (the identities recorded as linked by MERGE), the target keeps
 * its own e-mail, phone and name and takes the source's where it has none, both customers' stats
 * are recounted, and the source stays as a tombstone that resolves to the target (its personal
 * fields cleared, so that ingestion never matches it again). Customers merged into the source
 * before now point at the target too. Each moved order gets an UPDATED event: live subscribers
 * see its new customer. An erased customer is never merged, either way: that would tie their
 * orders to a person again. With an actor, the merge is in the audit log, written in the same
 * transaction.
 */
export class CustomerMergeService {
  /** @param onCommitted called after a merge committed (it appended events: the log's tails read). */
  constructor(private readonly onCommitted: () => void = () => {}) {}

  async merge(em: EntityManager, sourceId: number, targetId: number, actor?: Caller): Promise<Customer> {
    if (sourceId === targetId) throw badUserInput('a customer cannot be merged into itself', 'targetId');
    const merged = await em.transactional(async (tx) => {
      const postgres = tx.getPlatform() instanceof PostgreSqlPlatform;
      if (postgres) await lockIngestionOf(tx, sourceId);
      // both rows locked for the merge: a second merge of either waits, then sees this one
      const rows = (await tx.execute(
        `select id, merged_into_id, erased_at from customer where id in (?, ?) order by id${postgres ? ' for update' : ''}`,
        [sourceId, targetId],
      )) as MergeRow[];
      const source = rows.find((r) => Number(r.id) === sourceId);
      const target = rows.find((r) => Number(r.id) === targetId);
      if (!source) throw badUserInput(`no customer ${sourceId}`, 'sourceId');
      if (!target) throw badUserInput(`no customer ${targetId}`, 'targetId');
      if (source.merged_into_id !== null) {
        throw badUserInput(`customer ${sourceId} was already merged into customer ${source.merged_into_id}`, 'sourceId');
      }
      if (target.merged_into_id !== null) {
        throw badUserInput(`customer ${targetId} was merged into customer ${target.merged_into_id}: merge into that one`, 'targetId');
      }
      for (const [row, field] of [[source, 'sourceId'], [target, 'targetId']] as const) {
        if (row.erased_at !== null) throw badUserInput(`customer ${row.id} was erased: its orders stay with it`, field);
      }
      // as each dialect stores a time (SQLite: epoch milliseconds)
      const now = postgres ? new Date() : Date.now();
      // each moved order changed: an UPDATED event for it, numbered in commit order (see EVENT_LOG_LOCKED)
      await tx.execute(
        'insert into order_event (type, order_id, channel_id, occurred_at) select ?, id, channel_id, ? from "order" ' +
          `where customer_id = ?${postgres ? ` and ${EVENT_LOG_LOCKED}` : ''} order by id`,
        ['UPDATED', now, sourceId],
        'run',
      );
      await tx.execute('update "order" set customer_id = ? where customer_id = ?', [targetId, sourceId], 'run');
      await tx.execute('update channel_identity set customer_id = ?, matched_by = ? where customer_id = ?', [targetId, IdentityMatch.MERGE, sourceId], 'run');
      await tx.execute('update customer set merged_into_id = ? where merged_into_id = ?', [targetId, sourceId], 'run');
      await tx.execute(
        'update customer set email = coalesce(email, (select email from customer where id = ?)), ' +
          'phone = coalesce(phone, (select phone from customer where id = ?)), name = coalesce(name, (select name from customer where id = ?)), ' +
          'updated_at = ? where id = ?',
        [sourceId, sourceId, sourceId, now, targetId],
        'run',
      );
      await tx.execute('update customer set email = null, phone = null, name = null, merged_into_id = ?, updated_at = ? where id = ?', [targetId, now, sourceId], 'run');
      await recountCustomerStats(tx, [sourceId, targetId]);
      if (actor) {
        await appendAudit(tx, actor, {
          action: AuditAction.CUSTOMERS_MERGED,
          targetType: AuditTargetType.CUSTOMER,
          targetId,
          details: { sourceId: String(sourceId), targetId: String(targetId) },
        });
      }
      return tx.findOneOrFail(Customer, { id: targetId }, { refresh: true });
    });
    this.onCommitted();
    return merged;
  }
}
