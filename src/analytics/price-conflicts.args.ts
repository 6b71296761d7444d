import { ArgsType, Field, Float, Int } from 'type-graphql';

export const DEFAULT_CONFLICTS = 100;
export const MAX_CONFLICTS = 500;
export const MAX_TOLERANCE_PERCENT = 1000;

/** The arguments of `Query.priceConflicts`; checked by PriceConflictService. */
@ArgsType()
export class PriceConflictsArgs {
  @Field(() => Date, { description: 'Orders placed at or after this instant.' })
  from: Date;

  @Field(() => Date, { description: 'Orders placed before this instant (half-open window: an order placed exactly at `to` is out).' })
  to: Date;

  @Field(() => Float, {
    nullable: true,
    defaultValue: 0,
    description: `A conflict needs a spread above this many percent: 0 (default) to ${MAX_TOLERANCE_PERCENT}, taken to 6 decimals.`,
  })
  tolerancePercent?: number | null;

  @Field(() => [String], { nullable: true, description: 'Only these channels (by code); null or empty: every channel.' })
  channelCodes?: string[] | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_CONFLICTS,
    description: `At most this many SKUs: default ${DEFAULT_CONFLICTS}, at most ${MAX_CONFLICTS}.`,
  })
  first?: number | null;
}
