import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { pricedCampaign } from './campaign-pricing';
import { Campaign } from './campaign.entity';
import type { PricedCampaign } from './pricing/pricing-types';

/** Campaigns as the engine takes them, beside the stored ones they came from. */
export interface CampaignSet {
  readonly campaigns: readonly Campaign[];
  /** The same campaigns by id. */
  readonly byId: ReadonlyMap<number, Campaign>;
  readonly priced: readonly PricedCampaign[];
}

/**
 * The campaigns, read once and kept until one changes: every quote would otherwise load and
 * hydrate them all. A quote first reads the campaigns' version (their count and latest
 * `updatedAt`, in the statement that reads its channel), so a change made through any gateway is
 * seen by the next quote everywhere. What changes without touching a campaign (coupon uses, budget given) is not
 * kept here: quotes read it each time. The kept entities are read-only: they belong to no request.
 */
export class CampaignCache {
  private kept: { version: string; set: CampaignSet } | null = null;
  private loading: Promise<{ version: string; set: CampaignSet }> | null = null;

  constructor(private readonly fork: () => EntityManager) {}

  /** The campaigns as of `version` (their count and latest `updatedAt`, which the caller reads). */
  async current(version: string): Promise<CampaignSet> {
    if (this.kept?.version === version) return this.kept.set;
    this.loading ??= this.load(version).finally(() => {
      this.loading = null;
    });
    const loaded = await this.loading;
    // loaded for another version meanwhile: load again for this one
    return loaded.version === version ? loaded.set : this.current(version);
  }

  private async load(version: string): Promise<{ version: string; set: CampaignSet }> {
    const campaigns = await this.fork().find(Campaign, {}, { populate: ['channelRefs', 'coupons'], orderBy: { id: 'asc' } });
    const kept = { version, set: { campaigns, byId: new Map(campaigns.map((c) => [c.id, c])), priced: campaigns.map(pricedCampaign) } };
    this.kept = kept;
    return kept;
  }
}
