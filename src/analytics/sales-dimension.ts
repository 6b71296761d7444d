import { registerEnumType } from 'type-graphql';

import type { BucketUnit } from './time-buckets';

/** What a sales summary is grouped by, besides the currency (always). */
export enum SalesDimension {
  CHANNEL = 'CHANNEL',
  CHANNEL_KIND = 'CHANNEL_KIND',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}

registerEnumType(SalesDimension, {
  name: 'SalesDimension',
  description: 'A dimension of Query.salesSummary; rows are always grouped by currency as well.',
  valuesConfig: {
    CHANNEL: { description: 'One row per channel (its kind shown too).' },
    CHANNEL_KIND: { description: 'One row per kind of channel.' },
    DAY: { description: 'Local calendar days in the requested time zone (23 or 25 hours on DST changes).' },
    WEEK: { description: 'Local ISO weeks, Monday to Sunday, in the requested time zone.' },
    MONTH: { description: 'Local calendar months in the requested time zone.' },
  },
});

/** The time dimensions, at most one of which a summary may use. */
export const TIME_DIMENSIONS: ReadonlyMap<SalesDimension, BucketUnit> = new Map([
  [SalesDimension.DAY, 'DAY'],
  [SalesDimension.WEEK, 'WEEK'],
  [SalesDimension.MONTH, 'MONTH'],
]);
