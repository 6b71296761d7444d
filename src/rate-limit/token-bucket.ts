/**
 * Token buckets, the rule every rate limit here follows: a bucket holds at most `burst` tokens,
 * refilled continuously at `requestsPerMinute`; a request takes one token or, when none is left,
 * is refused with the time until one will be there. A quiet client may therefore send `burst`
 * requests at once, and no client more than `requestsPerMinute` sustained.
 */

/** A bucket's settings. */
export interface BucketLimit {
  readonly requestsPerMinute: number;
  readonly burst: number;
}

/** A bucket as kept between requests: its tokens as of `atMs`. */
export interface BucketState {
  tokens: number;
  atMs: number;
}

export type TakeResult =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly retryAfterMs: number };

/** Tokens added per millisecond. */
export function refillPerMs(limit: BucketLimit): number {
  return limit.requestsPerMinute / 60_000;
}

/**
 * Takes one token from `state` (a missing state is a full bucket) at `nowMs`, updating `state` in
 * place; a refused request takes nothing. A clock that went back refills nothing.
 */
export function takeToken(state: BucketState, limit: BucketLimit, nowMs: number): TakeResult {
  const rate = refillPerMs(limit);
  const tokens = Math.min(limit.burst, state.tokens + Math.max(0, nowMs - state.atMs) * rate);
  state.atMs = Math.max(state.atMs, nowMs);
  if (tokens >= 1) {
    state.tokens = tokens - 1;
    return { allowed: true, remaining: Math.floor(state.tokens) };
  }
  state.tokens = tokens;
  return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) / rate) };
}

/** A full bucket. */
export function fullBucket(limit: BucketLimit, nowMs: number): BucketState {
  return { tokens: limit.burst, atMs: nowMs };
}

/** How long an untouched bucket takes to fill up again: after that, forgetting it changes nothing. */
export function refillMs(limit: BucketLimit): number {
  return Math.ceil(limit.burst / refillPerMs(limit));
}

/** Checks a limit's numbers; the message names what is wrong. */
export function bucketLimitProblem(limit: { requestsPerMinute: number; burst?: number | null }): string | null {
  if (!Number.isInteger(limit.requestsPerMinute) || limit.requestsPerMinute < 1) return 'requestsPerMinute must be a whole number of at least 1';
  if (limit.burst !== undefined && limit.burst !== null && (!Number.isInteger(limit.burst) || limit.burst < 1)) return 'burst must be a whole number of at least 1';
  return null;
}

/** A limit as given, with `burst` defaulting to one second's worth of requests (at least 1). */
export function bucketLimit(requestsPerMinute: number, burst?: number | null): BucketLimit {
  return { requestsPerMinute, burst: burst ?? Math.max(1, Math.ceil(requestsPerMinute / 60)) };
}

/** The limit kept in a key's or channel's two columns (as the driver gives them); null when it has none of its own. */
export function storedLimit(perMinute: unknown, burst: unknown): BucketLimit | null {
  if (perMinute === null || perMinute === undefined) return null;
  return bucketLimit(Number(perMinute), burst === null || burst === undefined ? null : Number(burst));
}
