import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';

import type { SqlReader } from '../db/sql-reader';
import { Campaign } from './campaign.entity';

/**
 * Orders' campaigns (order_campaign, kept by the attribution job): two statements per batch of
 * orders, their links then the campaigns with their channels, priority first, then by code.
 */
export const createCampaignsByOrderLoader = (reader: SqlReader, em: EntityManager) =>
  new DataLoader<number, Campaign[]>(async (orderIds) => {
    const links = await reader.all(
      `select order_id, campaign_id from order_campaign where order_id in (${orderIds.map(() => '?').join(', ')})`,
      [...orderIds],
    );
    const ids = [...new Set(links.map((l) => Number(l.campaign_id)))];
    const campaigns = ids.length ? await em.find(Campaign, { id: { $in: ids } }, { populate: ['channelRefs'], orderBy: { priority: 'desc', code: 'asc' } }) : [];
    const byOrder = new Map<number, Set<number>>();
    for (const link of links) {
      const set = byOrder.get(Number(link.order_id)) ?? new Set<number>();
      set.add(Number(link.campaign_id));
      byOrder.set(Number(link.order_id), set);
    }
    return orderIds.map((id) => campaigns.filter((c) => byOrder.get(id)?.has(c.id)));
  });
