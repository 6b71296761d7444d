import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { Channel } from '../../channels/channel.entity';
import type { SqlReader } from '../../db/sql-reader';
import { moneyOf } from '../../money/money.type';
import type { Campaign } from '../campaign.entity';
import { campaignEffect, performanceWindows, type ScopeFigures } from './campaign-effect';
import { readAttributedFigures, readScopeFigures } from './campaign-performance.reader';
import type { CampaignPerformance, MarginSource, ScopeSales } from './campaign-performance.type';

const NO_SALES: ScopeFigures = { orders: 0, units: 0, revenueMinor: 0, discountMinor: 0, costedRevenueMinor: 0, costMinor: 0 };

/** An integer count of 1/10^places as a decimal: (1250, 2) → "12.50", (-5, 4) → "-0.0005". */
export function decimalText(n: number, places: number): string {
  const digits = String(Math.abs(n)).padStart(places + 1, '0');
  return `${n < 0 ? '-' : ''}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

function sales(figures: ScopeFigures, currency: string): ScopeSales {
  return { orders: figures.orders, units: figures.units, revenue: moneyOf(figures.revenueMinor, currency), discount: moneyOf(figures.discountMinor, currency) };
}

/**
 * Campaign.performance: its attributed orders (order_campaign) by channel, its budget, and, per
 * currency, its scope's sales in equal windows before, during and after it with the effect
 * worked out from them (campaign-effect.ts; formulas in docs/pricing.md).
 */
export class CampaignPerformanceService {
  async performance(em: EntityManager, reader: SqlReader, campaign: Campaign, now = new Date()): Promise<CampaignPerformance> {
    if (!campaign.channelRefs.isInitialized()) await em.populate(campaign, ['channelRefs']);
    const attributed = await readAttributedFigures(reader, campaign.id);
    const channels = new Map((await em.find(Channel, { id: { $in: [...new Set(attributed.map((a) => a.channelId))] } })).map((c) => [c.id, c]));
    const given = new Map<string, number>();
    for (const a of attributed) given.set(a.currencyCode, (given.get(a.currencyCode) ?? 0) + a.discountMinor);
    const budgetUsed = campaign.budgetCurrency ? (given.get(campaign.budgetCurrency) ?? 0) : null;

    const windows = performanceWindows(campaign.startsAt, campaign.endsAt, now);
    const effect: CampaignPerformance['effect'] = [];
    if (windows) {
      const scope = { channelIds: campaign.channelRefs.getItems().map((c) => c.id), skus: campaign.skus };
      const [before, during, after] = await Promise.all([
        readScopeFigures(reader, scope, windows.before),
        readScopeFigures(reader, scope, windows.during),
        windows.after ? readScopeFigures(reader, scope, windows.after) : Promise.resolve(null),
      ]);
      const currencies = [...new Set([...before.keys(), ...during.keys(), ...(after?.keys() ?? []), ...given.keys()])].sort();
      for (const currency of currencies) {
        const b = before.get(currency) ?? NO_SALES;
        const d = during.get(currency) ?? NO_SALES;
        const e = campaignEffect(windows, b, d, given.get(currency) ?? 0, campaign.marginBasisPoints);
        const money = (minor: number) => moneyOf(minor, currency);
        effect.push({
          currencyCode: currency,
          before: sales(b, currency),
          during: sales(d, currency),
          after: after ? sales(after.get(currency) ?? NO_SALES, currency) : null,
          discountGiven: money(given.get(currency) ?? 0),
          dailyRevenueBefore: money(e.dailyRevenueBeforeMinor),
          dailyRevenueDuring: money(e.dailyRevenueDuringMinor),
          incrementalRevenue: money(e.incrementalRevenueMinor),
          upliftPercent: e.upliftBasisPoints === null ? null : decimalText(e.upliftBasisPoints, 2),
          marginPercent: e.marginBasisPoints === null ? null : decimalText(e.marginBasisPoints, 2),
          marginFrom: e.marginFrom as MarginSource | null,
          roi: e.roiTenThousandths === null ? null : decimalText(e.roiTenThousandths, 4),
        });
      }
    }
    return {
      during: windows?.during ?? null,
      before: windows?.before ?? null,
      after: windows?.after ?? null,
      byChannel: attributed.map((a) => ({
        channel: channels.get(a.channelId)!,
        orders: a.orders,
        units: a.units,
        revenue: moneyOf(a.revenueMinor, a.currencyCode),
        discount: moneyOf(a.discountMinor, a.currencyCode),
      })),
      budgetUsed: budgetUsed === null ? null : moneyOf(budgetUsed, campaign.budgetCurrency!),
      budgetLeft: budgetUsed === null ? null : moneyOf(Math.max(0, campaign.budgetMinor! - budgetUsed), campaign.budgetCurrency!),
      effect,
    };
  }
}
