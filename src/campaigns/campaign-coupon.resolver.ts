import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';

import type { RequestContext } from '../server/request-context';
import { CampaignCoupon } from './campaign-coupon.entity';

@Resolver(() => CampaignCoupon)
export class CampaignCouponResolver {
  /** Read when asked, not from the coupon in hand: quotes name campaigns kept in memory, whose counts age. */
  @FieldResolver(() => Int, { description: 'Orders that used it so far (cancelled ones not counted).' })
  uses(@Root() coupon: CampaignCoupon, @Ctx() ctx: RequestContext): Promise<number> {
    return ctx.loaders.couponUses.load(coupon.code);
  }
}
