import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';

import { Channel } from './channel.entity';

export function createChannelByIdLoader(em: EntityManager): DataLoader<number, Channel | null> {
  return new DataLoader(async (ids) => {
    const channels = await em.find(Channel, { id: { $in: [...ids] } });
    const byId = new Map(channels.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
