import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import type { Caller } from '../auth/caller';
import { AuditAction, AuditTargetType } from './audit-action';
import { AuditLogEntry } from './audit-log.entity';

/** What a change records about itself; the actor and the time are added when it is written. */
export interface AuditEntry {
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string | number;
  details?: Record<string, unknown>;
}

/**
 * Writes an audit log entry through `em`: inside the transaction of the change when `em` is that
 * transaction's, so that the change and its entry are committed together or not at all.
 */
export async function appendAudit(em: EntityManager, actor: Caller, entry: AuditEntry): Promise<void> {
  const [key] = (await em.execute('select name from api_key where id = ?', [actor.keyId])) as Array<{ name: string }>;
  await em.insert(AuditLogEntry, {
    at: new Date(),
    actorKeyId: actor.keyId,
    actorKeyName: key?.name ?? `key ${actor.keyId}`,
    actorRole: actor.role,
    action: entry.action,
    targetType: entry.targetType,
    targetId: String(entry.targetId),
    details: entry.details ?? {},
  });
}

/**
 * Runs a change and writes its audit log entry in one transaction. `entryOf` describes what the
 * change did from its result (reading through the transaction if it must); null when it changed
 * nothing (an already revoked key).
 */
export async function audited<T>(
  em: EntityManager,
  actor: Caller,
  change: (tx: EntityManager) => Promise<T>,
  entryOf: (result: T, tx: EntityManager) => AuditEntry | null | Promise<AuditEntry | null>,
): Promise<T> {
  return em.transactional(async (tx) => {
    const result = await change(tx);
    const entry = await entryOf(result, tx);
    if (entry) await appendAudit(tx, actor, entry);
    return result;
  });
}
