
import { rowsByIdLoader } from '../db/batch-loaders';
import type { MetadataSource } from '../db/row-mapper';
import type { SqlReader } from '../db/sql-reader';
import { Channel } from './channel.entity';

export const createChannelByIdLoader = (metadata: MetadataSource, reader: SqlReader, columns: string) =>
  rowsByIdLoader(metadata, reader, Channel, 'channel', columns);
