import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { Channel } from '../channels/channel.entity';
import { badUserInput } from '../common/errors';
import { MoneyError } from '../money/money-error';
import { parseMoney } from '../money/money';
import { CampaignCoupon } from './campaign-coupon.entity';
import { CampaignStatus, campaignStatus } from './campaign-status';
import { Campaign } from './campaign.entity';
import type { CouponInput, CreateCampaignInput, MoneyInput, UpdateCampaignInput } from './campaign.inputs';
import { parseCampaignRule, parseHundredths } from './campaign-rule.parse';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MAX_LIST = 1_000;
const MAX_PRIORITY = 1_000_000;

export interface CampaignListFilter {
  statuses?: readonly CampaignStatus[] | null;
  channelCode?: string | null;
}

function checkName(name: string, field: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badUserInput(`${field} must not be empty`, field);
  if (trimmed.length > 200) throw badUserInput(`${field} must be at most 200 characters`, field);
  return trimmed;
}

/** Distinct trimmed names (SKUs, promotion ids), each 1–100 characters, at most `max`. */
function checkNames(values: readonly string[], field: string, max = MAX_LIST): string[] {
  if (values.length > max) throw badUserInput(`${field} may list at most ${max} entries`, field);
  const out = new Set<string>();
  values.forEach((value, i) => {
    const trimmed = value.trim();
    if (!trimmed || trimmed.length > 100) throw badUserInput(`${field}[${i}] must be 1–100 characters`, `${field}[${i}]`);
    out.add(trimmed);
  });
  return [...out];
}

function checkBudget(budget: MoneyInput, field: string): { minor: number; currency: string } {
  try {
    const money = parseMoney(budget.amount, budget.currencyCode);
    if (money.minor <= 0) throw badUserInput(`${field}.amount must be more than zero`, `${field}.amount`);
    return { minor: money.minor, currency: money.currency };
  } catch (error) {
    if (error instanceof MoneyError) throw badUserInput(`${field}: ${error.message}`, error.code === 'UNKNOWN_CURRENCY' ? `${field}.currencyCode` : `${field}.amount`);
    throw error;
  }
}

function checkLimit(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1) throw badUserInput(`${field} must be a whole number of at least 1, or null for no limit`, field);
  return value;
}

/**
 * Campaigns: created, changed and paused by ADMIN, read by everyone who reads sales. A campaign
 * is checked whole before it is stored; its status is worked out when read (campaign-status.ts).
 */
export class CampaignService {
  async list(em: EntityManager, filter: CampaignListFilter, scopeChannelId: number | null, now = new Date()): Promise<Campaign[]> {
    const campaigns = await em.find(Campaign, {}, { populate: ['channelRefs', 'coupons'], orderBy: { priority: 'desc', code: 'asc' } });
    const channelCode = filter.channelCode?.trim();
    return campaigns.filter((c) => {
      const channels = c.channelRefs.getItems();
      if (scopeChannelId !== null && channels.length && !channels.some((ch) => ch.id === scopeChannelId)) return false;
      if (channelCode && channels.length && !channels.some((ch) => ch.code === channelCode)) return false;
      return !filter.statuses?.length || filter.statuses.includes(campaignStatus(c, now));
    });
  }

  async findById(em: EntityManager, id: number, scopeChannelId: number | null): Promise<Campaign | null> {
    const campaign = await em.findOne(Campaign, { id }, { populate: ['channelRefs', 'coupons'] });
    if (!campaign || scopeChannelId === null) return campaign;
    const channels = campaign.channelRefs.getItems();
    return !channels.length || channels.some((ch) => ch.id === scopeChannelId) ? campaign : null;
  }

  async create(em: EntityManager, input: CreateCampaignInput): Promise<Campaign> {
    const code = input.code.trim();
    if (!CODE.test(code)) throw badUserInput(`input.code "${input.code}" must be 1–64 letters, digits, "-" or "_"`, 'input.code');
    if (await em.count(Campaign, { code })) throw badUserInput(`a campaign with code "${code}" already exists`, 'input.code');
    const campaign = em.create(Campaign, { code, name: checkName(input.name, 'input.name'), rule: parseCampaignRule(input.rule) });
    await this.apply(em, campaign, input);
    return this.store(em, campaign);
  }

  async update(em: EntityManager, id: number, input: UpdateCampaignInput): Promise<Campaign> {
    const campaign = await this.existing(em, id);
    if (input.name !== undefined && input.name !== null) campaign.name = checkName(input.name, 'input.name');
    if (input.rule !== undefined && input.rule !== null) campaign.rule = parseCampaignRule(input.rule);
    await this.apply(em, campaign, input);
    // a change of its coupons or channels alone leaves its row as it was: its version moves all the same
    campaign.updatedAt = new Date();
    return this.store(em, campaign);
  }

  /** Pauses a campaign (again: no change); an ended one cannot be. */
  async pause(em: EntityManager, id: number, now = new Date()): Promise<Campaign> {
    const campaign = await this.existing(em, id);
    if (campaignStatus(campaign, now) === CampaignStatus.ENDED) throw badUserInput(`campaign ${campaign.code} has ended`, 'id');
    campaign.pausedAt ??= now;
    await em.flush();
    return campaign;
  }

  async resume(em: EntityManager, id: number): Promise<Campaign> {
    const campaign = await this.existing(em, id);
    campaign.pausedAt = null;
    await em.flush();
    return campaign;
  }

  private async existing(em: EntityManager, id: number): Promise<Campaign> {
    const campaign = await em.findOne(Campaign, { id }, { populate: ['channelRefs', 'coupons'] });
    if (!campaign) throw badUserInput(`no campaign with id ${id}`, 'id');
    return campaign;
  }

  /** The fields create and update share: given ones replace, null clears, left out stays. */
  private async apply(em: EntityManager, campaign: Campaign, input: CreateCampaignInput | UpdateCampaignInput): Promise<void> {
    if (input.startsAt !== undefined) campaign.startsAt = input.startsAt;
    if (input.endsAt !== undefined) campaign.endsAt = input.endsAt;
    if (campaign.startsAt && campaign.endsAt && campaign.endsAt.getTime() <= campaign.startsAt.getTime()) {
      throw badUserInput('input.endsAt must be after startsAt', 'input.endsAt');
    }
    if (input.priority !== undefined) {
      const priority = input.priority ?? 0;
      if (Math.abs(priority) > MAX_PRIORITY) throw badUserInput(`input.priority must be between -${MAX_PRIORITY} and ${MAX_PRIORITY}`, 'input.priority');
      campaign.priority = priority;
    }
    if (input.stacking !== undefined) campaign.stacking = input.stacking ?? 'STACKABLE';
    if (input.tiers !== undefined) campaign.tiers = [...new Set(input.tiers ?? [])];
    if (input.skus !== undefined) campaign.skus = checkNames(input.skus ?? [], 'input.skus');
    if (input.promotionIds !== undefined) campaign.promotionIds = checkNames(input.promotionIds ?? [], 'input.promotionIds');
    if (input.margin !== undefined) {
      const margin = input.margin === null ? null : parseHundredths(input.margin, 'input.margin');
      if (margin !== null && margin > 10_000) throw badUserInput('input.margin must be at most 100 (percent)', 'input.margin');
      campaign.marginBasisPoints = margin;
    }
    if (input.budget !== undefined) {
      const budget = input.budget ? checkBudget(input.budget, 'input.budget') : null;
      campaign.budgetMinor = budget?.minor ?? null;
      campaign.budgetCurrency = budget?.currency ?? null;
    }
    const ruleCurrency = 'currency' in campaign.rule ? campaign.rule.currency : null;
    if (campaign.budgetCurrency && ruleCurrency && campaign.budgetCurrency !== ruleCurrency) {
      throw badUserInput(`input.budget must be in the rule's currency, ${ruleCurrency}`, 'input.budget.currencyCode');
    }
    if (input.channelCodes !== undefined) campaign.channelRefs.set(await this.channels(em, input.channelCodes ?? []));
    if (input.coupons !== undefined) await this.setCoupons(em, campaign, input.coupons ?? []);
  }

  private async channels(em: EntityManager, codes: readonly string[]): Promise<Channel[]> {
    const wanted = [...new Set(codes.map((c) => c.trim()))];
    const found = await em.find(Channel, { code: { $in: wanted } });
    const missing = codes.findIndex((c) => !found.some((ch) => ch.code === c.trim()));
    if (missing >= 0) throw badUserInput(`no channel with code "${codes[missing]}"`, `input.channelCodes[${missing}]`);
    return found;
  }

  /** Replaces the coupons: codes upper case, unique here and across campaigns; a kept code keeps its row. */
  private async setCoupons(em: EntityManager, campaign: Campaign, coupons: readonly CouponInput[]): Promise<void> {
    if (coupons.length > MAX_LIST) throw badUserInput(`input.coupons may list at most ${MAX_LIST} codes`, 'input.coupons');
    const seen = new Set<string>();
    const wanted = coupons.map((coupon, i) => {
      const field = `input.coupons[${i}]`;
      const code = coupon.code.trim().toUpperCase();
      if (!CODE.test(code)) throw badUserInput(`${field}.code "${coupon.code}" must be 1–64 letters, digits, "-" or "_"`, `${field}.code`);
      if (seen.has(code)) throw badUserInput(`${field}.code ${code} is listed twice`, `${field}.code`);
      seen.add(code);
      return { code, usageLimit: checkLimit(coupon.usageLimit, `${field}.usageLimit`), perCustomerLimit: checkLimit(coupon.perCustomerLimit, `${field}.perCustomerLimit`) };
    });
    const taken = await em.find(CampaignCoupon, { code: { $in: [...seen] }, campaign: { $ne: campaign.id ?? 0 } }, { populate: ['campaign'] });
    if (taken.length) {
      const i = wanted.findIndex((w) => w.code === taken[0].code);
      throw badUserInput(`coupon code ${taken[0].code} already belongs to campaign ${taken[0].campaign.code}`, `input.coupons[${i}].code`);
    }
    const kept = new Map(campaign.coupons.getItems().map((c) => [c.code, c]));
    campaign.coupons.set(
      wanted.map((w) => {
        const coupon = kept.get(w.code) ?? em.create(CampaignCoupon, { campaign, code: w.code });
        coupon.usageLimit = w.usageLimit;
        coupon.perCustomerLimit = w.perCustomerLimit;
        return coupon;
      }),
    );
  }

  private async store(em: EntityManager, campaign: Campaign): Promise<Campaign> {
    try {
      await em.flush();
    } catch (error) {
      // two requests creating the same code, or the same coupon, at once: the second loses
      if (error instanceof UniqueConstraintViolationException) {
        em.clear();
        throw badUserInput(`a campaign or coupon with that code already exists (${error.message.slice(0, 200)})`, 'input');
      }
      throw error;
    }
    return campaign;
  }
}
