import { Arg, Ctx, Query, Resolver } from 'type-graphql';

import { channelScope, requireRole } from '../auth/caller';
import { Role } from '../auth/role';
import { moneyOf } from '../money/money.type';
import type { RequestContext } from '../server/request-context';
import { createStatsByCustomerLoader } from '../customers/stats-by-customer.loader';
import type { CampaignRuleKind } from './campaign-enums';
import { CartQuote, type CampaignNotAppliedReason } from './cart-quote.type';
import { PriceCartInput } from './price-cart.input';
import type { PricedCart } from './price-cart.service';

/** Who prices carts: the company's own channels' backends (a PARTNER key bound to the channel) and admins. */
const PRICERS: readonly Role[] = [Role.ADMIN, Role.ANALYST, Role.PARTNER];

/** The engine's quote with money as the API shows it and campaigns as stored. */
function cartQuote({ quote, campaigns }: PricedCart): CartQuote {
  const money = (minor: number) => moneyOf(minor, quote.currency);
  const campaign = (id: number) => campaigns.get(id)!;
  return {
    currencyCode: quote.currency,
    subtotal: money(quote.subtotalMinor),
    discountTotal: money(quote.discountMinor),
    total: money(quote.totalMinor),
    points: quote.points,
    lines: quote.lines.map((line) => ({
      sku: line.sku,
      title: line.title,
      quantity: line.quantity,
      unitPrice: money(line.unitPriceMinor),
      subtotal: money(line.subtotalMinor),
      discount: money(line.discountMinor),
      total: money(line.totalMinor),
      gift: line.gift,
      allocations: line.allocations.map((a) => ({ campaign: campaign(a.campaignId), amount: money(a.amountMinor) })),
    })),
    applied: quote.applied.map((a) => ({
      campaign: campaign(a.campaignId),
      kind: a.kind as CampaignRuleKind,
      discount: money(a.discountMinor),
      couponCode: a.couponCode,
      giftQuantity: a.giftQuantity,
      flashUnits: a.flashUnits,
    })),
    notApplied: quote.notApplied.map((n) => ({
      campaign: campaign(n.campaignId),
      reason: n.reason as CampaignNotAppliedReason,
      detail: n.detail,
      shortBy: n.shortByMinor === undefined ? null : money(n.shortByMinor),
      excludedBy: n.excludedBy ?? null,
    })),
    rejectedCoupons: quote.rejectedCoupons.map((r) => ({ code: r.code, reason: r.reason })),
  };
}

@Resolver()
export class PriceCartResolver {
  @Query(() => CartQuote, {
    description:
      "Prices a cart on a channel the company prices itself under the campaigns as they stand: discounts per line, the campaigns applied and what each gave, and every other campaign with the reason it did not apply (docs/pricing.md). ADMIN, ANALYST, and a PARTNER for its own channel.",
  })
  async priceCart(@Arg('input') input: PriceCartInput, @Ctx() ctx: RequestContext): Promise<CartQuote> {
    requireRole(ctx.caller, PRICERS, 'price carts');
    const stats = createStatsByCustomerLoader(ctx.metadata, ctx.reader, null);
    const scope = channelScope(ctx.caller);
    const sources = {
      reader: ctx.reader,
      segmentRules: ctx.services.customers.segmentRules,
      // the request's EntityManager is made only for a cart that names a customer
      findCustomer: (id: number) => ctx.services.customers.findById(ctx.em, id, scope),
      statsOf: (id: number) => stats.load(id),
    };
    return cartQuote(await ctx.services.priceCarts.price(sources, input, scope));
  }
}
