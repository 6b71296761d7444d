import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { rowsByIdLoader } from '../db/batch-loaders';
import type { SqlReader } from '../db/sql-reader';
import { Channel } from './channel.entity';

export const createChannelByIdLoader = (em: EntityManager, reader: SqlReader, columns: string) =>
  rowsByIdLoader(em, reader, Channel, 'channel', columns);
