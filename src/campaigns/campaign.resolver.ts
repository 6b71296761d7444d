import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';

import { ADMIN_ONLY, channelScope, READERS_OF_SALES, requireRole } from '../auth/caller';
import { Role } from '../auth/role';
import { Channel } from '../channels/channel.entity';
import { parseId, parseIdOrNull } from '../common/ids';
import { CustomerTier } from '../customers/customer-segment';
import { MoneyObject, moneyOf } from '../money/money.type';
import type { RequestContext } from '../server/request-context';
import { CampaignCoupon } from './campaign-coupon.entity';
import { CampaignRuleObject, ruleObject } from './campaign-rule.type';
import { CampaignStatus, campaignStatus } from './campaign-status';
import { Campaign } from './campaign.entity';
import { CreateCampaignInput, UpdateCampaignInput } from './campaign.inputs';
import { CampaignPerformance } from './performance/campaign-performance.type';
import { decimalText } from './performance/campaign-performance.service';

/** Who reads a campaign's performance. */
const PERFORMANCE_READERS: readonly Role[] = [Role.ADMIN, Role.ANALYST, Role.DASHBOARD];

@Resolver(() => Campaign)
export class CampaignResolver {
  @Query(() => [Campaign], {
    description: 'Campaigns, priority first, then by code (a PARTNER sees those that run on its channel). Filters: statuses now, a channel.',
  })
  campaigns(
    @Ctx() ctx: RequestContext,
    @Arg('statuses', () => [CampaignStatus], { nullable: true }) statuses?: CampaignStatus[] | null,
    @Arg('channelCode', () => String, { nullable: true }) channelCode?: string | null,
  ): Promise<Campaign[]> {
    requireRole(ctx.caller, READERS_OF_SALES, 'read campaigns');
    return ctx.services.campaigns.list(ctx.em, { statuses, channelCode }, channelScope(ctx.caller));
  }

  @Query(() => Campaign, { nullable: true })
  async campaign(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Campaign | null> {
    requireRole(ctx.caller, READERS_OF_SALES, 'read campaigns');
    const campaignId = parseIdOrNull(id);
    return campaignId === null ? null : ctx.services.campaigns.findById(ctx.em, campaignId, channelScope(ctx.caller));
  }

  @Mutation(() => Campaign, { description: 'ADMIN: adds a campaign, checked whole (rule, schedule, scopes, coupons).' })
  createCampaign(@Arg('input') input: CreateCampaignInput, @Ctx() ctx: RequestContext): Promise<Campaign> {
    requireRole(ctx.caller, ADMIN_ONLY, 'create campaigns');
    return ctx.services.campaigns.create(ctx.em, input);
  }

  @Mutation(() => Campaign, { description: 'ADMIN: changes a campaign; its code stays.' })
  updateCampaign(@Arg('id', () => ID) id: string, @Arg('input') input: UpdateCampaignInput, @Ctx() ctx: RequestContext): Promise<Campaign> {
    requireRole(ctx.caller, ADMIN_ONLY, 'update campaigns');
    return ctx.services.campaigns.update(ctx.em, parseId(id), input);
  }

  @Mutation(() => Campaign, { description: 'ADMIN: pauses a campaign until resumed: it applies to no cart and no order meanwhile.' })
  pauseCampaign(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Campaign> {
    requireRole(ctx.caller, ADMIN_ONLY, 'pause campaigns');
    return ctx.services.campaigns.pause(ctx.em, parseId(id));
  }

  @Mutation(() => Campaign, { description: 'ADMIN: resumes a paused campaign; its status follows its schedule again.' })
  resumeCampaign(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Campaign> {
    requireRole(ctx.caller, ADMIN_ONLY, 'resume campaigns');
    return ctx.services.campaigns.resume(ctx.em, parseId(id));
  }

  @FieldResolver(() => CampaignStatus, { description: 'Now, from the schedule and pauses.' })
  status(@Root() campaign: Campaign): CampaignStatus {
    return campaignStatus(campaign, new Date());
  }

  @FieldResolver(() => [Channel], { description: 'The channels it runs on; empty: every channel.' })
  async channels(@Root() campaign: Campaign, @Ctx() ctx: RequestContext): Promise<Channel[]> {
    if (!campaign.channelRefs.isInitialized()) await ctx.em.populate(campaign, ['channelRefs']);
    return campaign.channelRefs.getItems().sort((a, b) => a.code.localeCompare(b.code));
  }

  @FieldResolver(() => [String], { description: 'Its coupon codes, upper case.' })
  async couponCodes(@Root() campaign: Campaign, @Ctx() ctx: RequestContext): Promise<string[]> {
    return (await this.coupons(campaign, ctx)).map((c) => c.code);
  }

  @FieldResolver(() => [CampaignCoupon], { description: 'Its coupon codes with their limits.' })
  async coupons(@Root() campaign: Campaign, @Ctx() ctx: RequestContext): Promise<CampaignCoupon[]> {
    if (!campaign.coupons.isInitialized()) await ctx.em.populate(campaign, ['coupons']);
    return campaign.coupons.getItems().sort((a, b) => a.code.localeCompare(b.code));
  }

  @FieldResolver(() => [CustomerTier], { description: 'Customer tiers it is for; empty: everyone.' })
  tiers(@Root() campaign: Campaign): CustomerTier[] {
    return campaign.tiers as CustomerTier[];
  }

  @FieldResolver(() => CampaignRuleObject)
  rule(@Root() campaign: Campaign): CampaignRuleObject {
    return ruleObject(campaign.rule);
  }

  @FieldResolver(() => MoneyObject, { nullable: true, description: 'The most discount it may give in all; null: no budget.' })
  budget(@Root() campaign: Campaign): MoneyObject | null {
    return campaign.budgetMinor === null || !campaign.budgetCurrency ? null : moneyOf(campaign.budgetMinor, campaign.budgetCurrency);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The margin on its items where the catalog has no cost, in percent ("35"); null: SKU costs only.' })
  margin(@Root() campaign: Campaign): string | null {
    return campaign.marginBasisPoints === null ? null : decimalText(campaign.marginBasisPoints, 2);
  }

  @FieldResolver(() => CampaignPerformance, {
    description: 'Its attributed orders by channel, its budget used, and its effect: its scope\'s sales before, during and after it, uplift, incremental revenue, margin and ROI (docs/pricing.md).',
  })
  performance(@Root() campaign: Campaign, @Ctx() ctx: RequestContext): Promise<CampaignPerformance> {
    // its figures span every channel of its scope: not for a channel-bound PARTNER
    requireRole(ctx.caller, PERFORMANCE_READERS, 'read campaign performance');
    return ctx.services.campaignPerformance.performance(ctx.em, ctx.reader, campaign);
  }
}
