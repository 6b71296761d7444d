import type { PricedCampaign } from './pricing/pricing-types';
import type { Campaign } from './campaign.entity';

/** A stored campaign as the rules engine takes it (its channels and coupons loaded). */
export function pricedCampaign(campaign: Campaign): PricedCampaign {
  return {
    id: campaign.id,
    code: campaign.code,
    rule: campaign.rule,
    startsAt: campaign.startsAt,
    endsAt: campaign.endsAt,
    paused: campaign.pausedAt !== null,
    channelIds: campaign.channelRefs.getItems().map((c) => c.id),
    tiers: campaign.tiers,
    skus: campaign.skus,
    priority: campaign.priority,
    stacking: campaign.stacking,
    budgetMinor: campaign.budgetMinor,
    budgetCurrency: campaign.budgetCurrency,
    coupons: campaign.coupons.getItems().map((c) => ({ code: c.code, usageLimit: c.usageLimit, perCustomerLimit: c.perCustomerLimit })),
  };
}
