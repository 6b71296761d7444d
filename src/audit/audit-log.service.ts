import type { FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { decodeCursor, encodeCursor, pageSize, slicePage } from '../common/pagination';
import type { AuditAction, AuditTargetType } from './audit-action';
import { AuditLogConnection } from './audit-log-connection.type';
import { AuditLogEntry } from './audit-log.entity';

export interface AuditLogArgs {
  first?: number | null;
  after?: string | null;
  action?: AuditAction | null;
  targetType?: AuditTargetType | null;
  targetId?: string | null;
}

/** Reads the audit log (entries are written with their change, see audit-trail.ts). */
export class AuditLogService {
  /** Entries newest first, optionally of one action and about one target. */
  async list(em: EntityManager, args: AuditLogArgs): Promise<AuditLogConnection> {
    const limit = pageSize(args.first);
    const after = decodeCursor(args.after);
    const where: FilterQuery<AuditLogEntry> = {
      ...(args.action ? { action: args.action } : {}),
      ...(args.targetType ? { targetType: args.targetType } : {}),
      ...(args.targetId ? { targetId: args.targetId } : {}),
    };
    const rows =
      limit === 0
        ? []
        : await em.find(AuditLogEntry, after ? { ...where, id: { $lt: after.id } } : where, { orderBy: { id: 'desc' }, limit: limit + 1 });
    const { edges, pageInfo } = slicePage(rows, limit, after, (entry) => encodeCursor(entry.at, entry.id));
    return new AuditLogConnection(edges, pageInfo, () => em.count(AuditLogEntry, where));
  }
}
