import { badUserInput } from '../common/errors';
import { parseId } from '../common/ids';
import { customerSegment } from '../customers/customer-segment';
import type { CustomerStatsObject } from '../customers/customer-stats.type';
import type { SegmentRules } from '../customers/segment-rules';
import type { SqlReader } from '../db/sql-reader';
import { parseMoney } from '../money/money';
import { MoneyError } from '../money/money-error';
import type { CampaignCache } from './campaign-cache';
import type { Campaign } from './campaign.entity';
import type { PriceCartInput } from './price-cart.input';
import { checkCart } from './pricing/check-pricing-input';
import type { CampaignUsage, Cart, CartLine, Quote } from './pricing/pricing-types';
import { normalizeCouponCodes } from './pricing/coupon-codes';
import { quoteCart } from './pricing/quote-cart';

const DAY_MS = 86_400_000;
/** Campaigns that ended longer ago than this are not listed among those a cart did not get. */
export const ENDED_CAMPAIGNS_LISTED_DAYS = 30;

/** A quote with the stored campaigns it names. */
export interface PricedCart {
  quote: Quote;
  campaigns: ReadonlyMap<number, Campaign>;
}

/** Where pricing reads what it needs. */
export interface PricingSources {
  reader: SqlReader;
  /** The rules that give a customer's tier (CustomerService.segmentRules). */
  segmentRules: SegmentRules;
  /**
   * The customer as stored now, as the caller may see it (CustomerService.findById with the
   * request's EntityManager, made only for a cart that names a customer).
   */
  findCustomer(customerId: number): Promise<{ id: number } | null>;
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
 * What a quote reads first, in one statement: the channel, the campaigns' version, their usage in
 * the channel's currency, and the uses of the cart's coupon codes (a JSON list parameter).
 */
function quoteBasisSql(dialect: SqlReader['dialect']): string {
  const postgres = dialect === 'postgresql';
  const list = (...values: string[]) => (postgres ? `coalesce(json_agg(json_build_array(${values.join(', ')})), '[]')` : `json_group_array(json_array(${values.join(', ')}))`);
  const codes = postgres ? 'select value #>> \'{}\' from json_array_elements(?::json)' : 'select value from json_each(?)';
  return (
    'select ch.id, ch.currency_code, (select count(*) from campaign) as campaigns, (select max(updated_at) from campaign) as updated, ' +
    `(select ${list('u.campaign_id', 'u.discount_minor', 'u.flash_units')} from campaign_usage as u where u.currency_code = ch.currency_code) as usage, ` +
    `(select ${list('k.code', 'k.uses')} from campaign_coupon as k where k.code in (${codes})) as coupon_uses from channel as ch where ch.code = ?`
  );
}

/** A JSON list a reader gives back: parsed by the PostgreSQL driver, text from SQLite. */
function jsonList<T>(value: unknown): T[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T[];
}

/**
 * Prices carts for the channels the company prices itself: the campaigns as stored (kept in
 * memory until one changes, see CampaignCache), their usage so far (coupon uses, budget given,
 * flash units sold, as the attribution job keeps them) and the customer's tier go into the pure
 * rules engine (pricing/quote-cart.ts).
 */
export class PriceCartService {
  constructor(private readonly cache: CampaignCache) {}

  async price(sources: PricingSources, input: PriceCartInput, scopeChannelId: number | null, now = new Date()): Promise<PricedCart> {
    const at = input.at ?? now;
    const cartCodes = normalizeCouponCodes(input.couponCodes ?? []);
    const [row] = await sources.reader.all(quoteBasisSql(sources.reader.dialect), [JSON.stringify(cartCodes), input.channelCode.trim()]);
    const channel = row ? { id: Number(row.id), currencyCode: String(row.currency_code) } : null;
    if (!channel || (scopeChannelId !== null && channel.id !== scopeChannelId)) {
      throw badUserInput(`no channel with code "${input.channelCode}"`, 'input.channelCode');
    }
    const lines = cartLines(input, channel.currencyCode);
    // the customer as stored now: a merged-away id resolves to the customer it was merged into;
    // a channel-bound key knows only its channel's customers (another's is as unknown)
    let customerId: number | null = null;
    let customerTier: string | null = null;
    if (input.customerId) {
      const customer = await sources.findCustomer(parseId(input.customerId, 'input.customerId'));
      if (!customer) throw badUserInput(`no customer with id ${input.customerId}`, 'input.customerId');
      customerId = customer.id;
      customerTier = customerSegment(await sources.statsOf(customer.id), sources.segmentRules, at)?.tier ?? null;
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

    const listedSince = at.getTime() - ENDED_CAMPAIGNS_LISTED_DAYS * DAY_MS;
    const updated = row.updated instanceof Date ? row.updated.getTime() : String(row.updated);
    const all = await this.cache.current(`${String(row.campaigns)}:${updated}`);
    // a channel-bound key sees only its channel's campaigns: another channel's never apply to its
    // carts, and are not listed either (their coupon codes are unknown to it, as codes no campaign has)
    const listed = all.priced.filter(
      (c) => (c.endsAt === null || c.endsAt.getTime() > listedSince) && (scopeChannelId === null || c.channelIds.length === 0 || c.channelIds.includes(scopeChannelId)),
    );
    const usage = await this.usage(
      sources.reader,
      jsonList<[number, number | string, number]>(row.usage),
      jsonList<[string, number]>(row.coupon_uses),
      customerId,
    );
    const quote = quoteCart(cart, listed, usage);
    return { quote, campaigns: all.byId };
  }

  /** What the campaigns have used so far, in the cart's currency, and the customer's uses of the cart's coupons. */
  private async usage(
    reader: SqlReader,
    given: ReadonlyArray<[number, number | string, number]>,
    couponRows: ReadonlyArray<[string, number]>,
    customerId: number | null,
  ): Promise<CampaignUsage> {
    const discountGivenMinor = new Map(given.map(([id, discount]) => [Number(id), Number(discount)]));
    const flashUnitsSold = new Map(given.map(([id, , units]) => [Number(id), Number(units)]));
    const couponUses = new Map(couponRows.map(([code, uses]) => [String(code), Number(uses)]));
    const codes = [...couponUses.keys()];
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
