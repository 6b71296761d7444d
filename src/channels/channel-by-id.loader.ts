import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';

import { mapRows } from '../db/row-mapper';
import { placeholders, type SqlReader } from '../db/sql-reader';
import { Channel } from './channel.entity';

export function createChannelByIdLoader(em: EntityManager, reader: SqlReader): DataLoader<number, Channel | null> {
  return new DataLoader(async (ids) => {
    const rows = await reader.all(`select * from channel where id in (${placeholders(ids.length)})`, ids);
    const byId = new Map(mapRows(em, Channel, rows).map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
