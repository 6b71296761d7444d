import { ArgsType, Field } from 'type-graphql';

import { SalesDimension } from './sales-dimension';
import { SalesSummaryFilter } from './sales-summary-filter.input';

export const MAX_WINDOW_DAYS = 400;

/** The arguments of `Query.salesSummary`; checked by salesSummaryRequest. */
@ArgsType()
export class SalesSummaryArgs {
  @Field(() => Date, { description: "Orders placed at or after this instant (the order's placedAt)." })
  from: Date;

  @Field(() => Date, {
    description: `Orders placed before this instant: the window is half-open, [from, to); from < to, at most ${MAX_WINDOW_DAYS} days.`,
  })
  to: Date;

  @Field(() => [SalesDimension], {
    nullable: true,
    description: 'Dimensions to group by besides the currency (always): none by default; each at most once, at most one of DAY, WEEK, MONTH.',
  })
  groupBy?: SalesDimension[] | null;

  @Field(() => SalesSummaryFilter, { nullable: true })
  filter?: SalesSummaryFilter | null;

  @Field(() => String, {
    nullable: true,
    defaultValue: 'UTC',
    description: 'IANA time zone of the DAY, WEEK and MONTH periods ("Europe/Berlin"); default "UTC".',
  })
  timeZone?: string | null;
}
