import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';

import { mapRows } from '../db/row-mapper';

import { Channel } from './channel.entity';

export function createChannelByIdLoader(em: EntityManager): DataLoader<number, Channel | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.createQueryBuilder(Channel).select('*').where({ id: { $in: [...ids] } }).execute('all', false);
    const channels = mapRows(em, Channel, rows);
    const byId = new Map(channels.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
