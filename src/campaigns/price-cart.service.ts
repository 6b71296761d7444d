import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { Channel } from '../channels/channel.entity';
import { badUserInput } from '../common/errors';
import { parseId } from '../common/ids';
import { customerSegment } from '../customers/customer-segment';
import type { CustomerStatsObject } from '../customers/customer-stats.type';
import type { CustomerService } from '../customers/customer.service';
import type { SqlReader } from '../db/sql-reader';
import { parseMoney } from '../money/money';
import { MoneyError } from '../money/money-error';
import { pricedCampaign } from './campaign-pricing';
import { Campaign } from './campaign.entity';
import type { PriceCartInput } from './price-cart.input';
import { checkCart } from './pricing/check-pricing-input';
import type { CampaignUsage, Cart, CartLine, Quote } from './pricing/pricing-types';
import { quoteCart } from './pricing/quote-cart';

const DAY_MS = 86_400_000;
/** Campaigns that ended longer ago than this are not listed among those a cart did not get. */
export const ENDED_CAMPAIGNS_LISTED_DAYS = 30;

/** A quote with the stored campaigns it names. */
export interface PricedCart {
  quote: Quote;
  campaigns: ReadonlyMap<number, Campaign>;
}

/** Where pricing reads what it needs besides the ORM. */
export interface PricingSources {
  reader: SqlReader;
  customers: CustomerService;
  /** A customer's counted orders (for their tier), as Customer.stats has them. */
  statsOf(customerId: number): Promise<CustomerStatsObject>;
}

/** The cart's lines in minor units of the channel's currency; a bad price is refused naming its line. */
function cartLines(input: PriceCartInput, currency: string): CartLine[] {
  if (!input.lines.length) throw badUserInput('input.lines must list at least one line', 'input.lines');
  return input.lines.map((line, i) => {
    let unitPriceMinor: number;
    try {
      unitPriceMinor = parseMoney(line.unitPrice, currency).minor;
    } catch (error) {
      if (error instanceof MoneyError) throw badUserInput(`input.lines[${i}].unitPrice: ${error.message}`, `input.lines[${i}].unitPrice`);
      throw error;
    }
    return { sku: line.sku.trim(), title: line.title?.trim() || null, quantity: line.quantity, unitPriceMinor };
  });
}

/** The cart's field a problem of checkCart names ("lines[2].unitPriceMinor" → "input.lines[2].unitPrice"). */
function inputField(path: string): string {
  return `input.${path.replace(/unitPriceMinor$/, 'unitPrice').replace(/^currency$/, 'channelCode')}`;
}

/**
 * Prices carts for the channels the company prices itself: the campaigns as stored, their usage
 * so far (coupon uses, budget given, flash units sold, as the attribution job keeps them) and the
 * customer's tier go into the pure rules engine (pricing/quote-cart.ts).
 */
export class PriceCartService {
  async price(em: EntityManager, sources: PricingSources, input: PriceCartInput, scopeChannelId: number | null, now = new Date()): Promise<PricedCart> {
    const at = input.at ?? now;
    const channel = await em.findOne(Channel, { code: input.channelCode.trim() });
    if (!channel || (scopeChannelId !== null && channel.id !== scopeChannelId)) {
      throw badUserInput(`no channel with code "${input.channelCode}"`, 'input.channelCode');
    }
    const lines = cartLines(input, channel.currencyCode);
    const customerId = input.customerId ? parseId(input.customerId, 'input.customerId') : null;
    let customerTier: string | null = null;
    if (customerId !== null) {
      const customer = await sources.customers.findById(em, customerId, null);
      if (!customer) throw badUserInput(`no customer with id ${input.customerId}`, 'input.customerId');
      customerTier = customerSegment(await sources.statsOf(customer.id), sources.customers.segmentRules, at)?.tier ?? null;
      input = { ...input, customerId: String(customer.id) };
    }
    const cart: Cart = {
      channelId: channel.id,
      currency: channel.currencyCode,
      customerTier,
      customerKnown: customerId !== null,
      couponCodes: input.couponCodes ?? [],
      lines,
      at,
    };
    const [problem] = checkCart(cart);
    if (problem) throw badUserInput(`${inputField(problem.path)}: ${problem.message}`, inputField(problem.path));

    const listedSince = new Date(at.getTime() - ENDED_CAMPAIGNS_LISTED_DAYS * DAY_MS);
    const campaigns = await em.find(
      Campaign,
      { $or: [{ endsAt: null }, { endsAt: { $gt: listedSince } }] },
      { populate: ['channelRefs', 'coupons'] },
    );
    const usage = await this.usage(sources.reader, cart, campaigns, input.customerId ? Number(input.customerId) : null);
    const quote = quoteCart(cart, campaigns.map(pricedCampaign), usage);
    return { quote, campaigns: new Map(campaigns.map((c) => [c.id, c])) };
  }

  /** What the campaigns have used so far, in the cart's currency, and the customer's coupon uses. */
  private async usage(reader: SqlReader, cart: Cart, campaigns: readonly Campaign[], customerId: number | null): Promise<CampaignUsage> {
    const rows = await reader.all('select campaign_id, discount_minor, flash_units from campaign_usage where currency_code = ?', [cart.currency]);
    const discountGivenMinor = new Map(rows.map((r) => [Number(r.campaign_id), Number(r.discount_minor)]));
    const flashUnitsSold = new Map(rows.map((r) => [Number(r.campaign_id), Number(r.flash_units)]));
    const couponUses = new Map(campaigns.flatMap((c) => c.coupons.getItems().map((coupon) => [coupon.code, coupon.uses] as const)));
    const codes = [...new Set(cart.couponCodes.map((c) => c.trim().toUpperCase()).filter((c) => couponUses.has(c)))];
    const customerCouponUses = new Map<string, number>();
    if (customerId !== null && codes.length) {
      const used = await reader.all(
        `select coupon_code, count(*) as uses from order_campaign where customer_id = ? and coupon_code in (${codes.map(() => '?').join(', ')}) group by coupon_code`,
        [customerId, ...codes],
      );
      for (const row of used) customerCouponUses.set(String(row.coupon_code), Number(row.uses));
    }
    return { discountGivenMinor, flashUnitsSold, couponUses, customerCouponUses };
  }
}
