/**
 * What the engine is called with outside the gateway, for the direct call and the skeleton
 * server: the campaigns and channel read from the benchmark's database as the gateway reads them
 * (all campaigns, none ended), and the cart of a priceCart input in the channel's minor units.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';

import { pricedCampaign } from '../../src/campaigns/campaign-pricing';
import { Campaign } from '../../src/campaigns/campaign.entity';
import type { Cart, CampaignUsage } from '../../src/campaigns/pricing/pricing-types';
import { Channel } from '../../src/channels/channel.entity';
import type { DatabaseConfig } from '../../src/config/config';
import { parseMoney } from '../../src/money/money';
import type { DbTarget } from '../query/common';

export interface EngineInputs {
  channel: { id: number; currencyCode: string };
  campaigns: ReturnType<typeof pricedCampaign>[];
}

export async function readEngineInputs(em: SqlEntityManager, channelCode: string): Promise<EngineInputs> {
  const channel = (await em.findOneOrFail(Channel, { code: channelCode })) as Channel;
  const campaigns = (await em.find(Campaign, {}, { populate: ['channelRefs', 'coupons'] })).map(pricedCampaign);
  return { channel: { id: channel.id, currencyCode: channel.currencyCode }, campaigns };
}

export interface BenchCartInput {
  couponCodes?: string[];
  lines: Array<{ sku: string; quantity: number; unitPrice: string }>;
}

/** A priceCart input (no customer) as the engine's cart on `channel`, priced at `at`. */
export function engineCart(input: BenchCartInput, channel: EngineInputs['channel'], at: Date): Cart {
  return {
    channelId: channel.id,
    currency: channel.currencyCode,
    customerTier: null,
    customerKnown: false,
    couponCodes: input.couponCodes ?? [],
    lines: input.lines.map((l) => ({ sku: l.sku, title: null, quantity: l.quantity, unitPriceMinor: parseMoney(l.unitPrice, channel.currencyCode).minor })),
    at,
  };
}

/** No coupon used, no budget given, no flash unit sold: the benchmark's database has no orders. */
export function noUsage(): CampaignUsage {
  return { discountGivenMinor: new Map(), flashUnitsSold: new Map(), couponUses: new Map(), customerCouponUses: new Map() };
}

/** The database a benchmark child opens, as the gateway's config names it. */
export function benchDatabaseConfig(db: DbTarget): DatabaseConfig {
  return db.dialect === 'sqlite' ? { dialect: 'sqlite', file: db.file, url: `file:${db.file}` } : { dialect: 'postgresql', url: db.url, dbName: db.dbName };
}
