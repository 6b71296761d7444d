import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { rowsByParentLoader } from '../db/batch-loaders';
import type { SqlReader } from '../db/sql-reader';
import { ChannelIdentity } from './channel-identity.entity';

/** A customer's channel identities; a channel-scoped caller sees only its own channel's. */
export const createIdentitiesByCustomerLoader = (em: EntityManager, reader: SqlReader, scopeChannelId: number | null, columns: string) =>
  rowsByParentLoader(
    em,
    reader,
    ChannelIdentity,
    {
      table: 'channel_identity',
      columns,
      parentColumn: 'customer_id',
      orderBy: 'id',
      extra: scopeChannelId === null ? undefined : { sql: 'channel_id = ?', params: [scopeChannelId] },
    },
    (identity) => identity.customer.id,
  );
