import { Field, InputType, Int, ObjectType } from 'type-graphql';

import { badUserInput } from '../common/errors';
import { bucketLimitProblem } from './token-bucket';

/** A token bucket's settings: `requestsPerMinute` refill the bucket, which holds at most `burst`. */
@ObjectType({ simpleResolvers: true, description: 'A rate limit: a bucket of `burst` requests refilled at `requestsPerMinute`.' })
export class RateLimit {
  @Field(() => Int, { description: 'Sustained rate: requests added to the bucket per minute (spread evenly).' })
  requestsPerMinute: number;

  @Field(() => Int, { description: 'Bucket size: how many requests may arrive at once after a quiet spell.' })
  burst: number;
}

@InputType({ description: 'A rate limit to set: `burst` defaults to one second of `requestsPerMinute`, at least 1.' })
export class RateLimitInput {
  @Field(() => Int, { description: 'Requests per minute, at least 1.' })
  requestsPerMinute: number;

  @Field(() => Int, { nullable: true })
  burst?: number | null;
}

/**
 * The columns to store for a limit given through the API: undefined leaves them as they are,
 * null clears them (back to the gateway's default). A bad limit is refused naming `field`.
 */
export function rateLimitColumns(input: RateLimitInput | null | undefined, field: string): { perMinute: number | null; burst: number | null } | undefined {
  if (input === undefined) return undefined;
  if (input === null) return { perMinute: null, burst: null };
  const problem = bucketLimitProblem(input);
  if (problem) throw badUserInput(`${field}: ${problem}`, field);
  return { perMinute: input.requestsPerMinute, burst: input.burst ?? null };
}
