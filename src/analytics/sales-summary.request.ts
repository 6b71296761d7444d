import { badUserInput } from '../common/errors';
import type { ChannelKind } from '../channels/channel-kind';
import { SalesDimension, TIME_DIMENSIONS } from './sales-dimension';
import { MAX_WINDOW_DAYS, type SalesSummaryArgs } from './sales-summary.args';
import { resolveTimeZone, type BucketUnit } from './time-buckets';

const DAY_MS = 86_400_000;

/** The arguments of `Query.salesSummary`, checked. */
export interface SalesSummaryRequest {
  readonly from: Date;
  readonly to: Date;
  /** Grouped by channel (which implies its kind). */
  readonly byChannel: boolean;
  /** Grouped by kind of channel. */
  readonly byKind: boolean;
  /** The local period grouped by, or null for the whole window. */
  readonly unit: BucketUnit | null;
  /** IANA name, as the caller spelled it. */
  readonly timeZone: string;
  /** Null: every channel. */
  readonly channelCodes: readonly string[] | null;
  readonly channelKinds: readonly ChannelKind[] | null;
}

/**
 * Checks the arguments: from < to, at most MAX_WINDOW_DAYS apart; each dimension at most once,
 * at most one time dimension; a time zone Intl knows.
 * @throws GraphQLError BAD_USER_INPUT naming the argument at fault.
 */
export function salesSummaryRequest(args: SalesSummaryArgs): SalesSummaryRequest {
  const span = args.to.getTime() - args.from.getTime();
  if (!(span > 0)) throw badUserInput(`to (${args.to.toISOString()}) must be later than from (${args.from.toISOString()}): the window is [from, to)`, 'to');
  if (span > MAX_WINDOW_DAYS * DAY_MS) throw badUserInput(`the window from ${args.from.toISOString()} to ${args.to.toISOString()} spans more than ${MAX_WINDOW_DAYS} days`, 'to');

  const groupBy = args.groupBy ?? [];
  const repeated = groupBy.find((d, i) => groupBy.indexOf(d) !== i);
  if (repeated) throw badUserInput(`groupBy names ${repeated} more than once`, 'groupBy');
  const times = groupBy.filter((d) => TIME_DIMENSIONS.has(d));
  if (times.length > 1) throw badUserInput(`groupBy may name at most one of DAY, WEEK, MONTH; got ${times.join(', ')}`, 'groupBy');

  const zoneName = args.timeZone ?? 'UTC';
  const timeZone = resolveTimeZone(zoneName);
  if (timeZone === null) throw badUserInput(`unknown time zone "${zoneName}": expected an IANA name such as "Europe/Berlin" or "UTC"`, 'timeZone');

  const codes = args.filter?.channelCodes;
  const kinds = args.filter?.channelKinds;
  return {
    from: args.from,
    to: args.to,
    byChannel: groupBy.includes(SalesDimension.CHANNEL),
    byKind: groupBy.includes(SalesDimension.CHANNEL_KIND),
    unit: times.length ? TIME_DIMENSIONS.get(times[0])! : null,
    timeZone,
    channelCodes: codes?.length ? [...new Set(codes)] : null,
    channelKinds: kinds?.length ? [...new Set(kinds)] : null,
  };
}
