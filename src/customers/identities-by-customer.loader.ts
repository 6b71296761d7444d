
import { rowsByParentLoader } from '../db/batch-loaders';
import type { MetadataSource } from '../db/row-mapper';
import type { SqlReader } from '../db/sql-reader';
import { ChannelIdentity } from './channel-identity.entity';

/** A customer's channel identities; a channel-scoped caller sees only its own channel's. */
export const createIdentitiesByCustomerLoader = (metadata: MetadataSource, reader: SqlReader, scopeChannelId: number | null, columns: string) =>
  rowsByParentLoader(
    metadata,
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
