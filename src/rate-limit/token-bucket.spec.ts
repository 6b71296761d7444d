import { bucketLimit, bucketLimitProblem, fullBucket, refillMs, takeToken } from './token-bucket';

describe('token bucket', () => {
  const limit = { requestsPerMinute: 60, burst: 3 }; // one token a second, three at most

  it('lets a full bucket serve `burst` requests at once, then refuses with the wait for the next token', () => {
    const state = fullBucket(limit, 0);
    expect([takeToken(state, limit, 0), takeToken(state, limit, 0), takeToken(state, limit, 0)]).toEqual([
      { allowed: true, remaining: 2 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0 },
    ]);
    expect(takeToken(state, limit, 0)).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(takeToken(state, limit, 400)).toEqual({ allowed: false, retryAfterMs: 600 });
  });

  it('refills at the sustained rate and never above the burst', () => {
    const state = fullBucket(limit, 0);
    for (let i = 0; i < 3; i++) takeToken(state, limit, 0);
    expect(takeToken(state, limit, 1000)).toEqual({ allowed: true, remaining: 0 });
    expect(takeToken(state, limit, 1500).allowed).toBe(false);
    // an hour of quiet fills it to three, not to 3,600
    const served = [0, 1, 2, 3].map(() => takeToken(state, limit, 3_600_000).allowed);
    expect(served).toEqual([true, true, true, false]);
  });

  it('a refused request takes nothing: the wait does not grow by retrying', () => {
    const state = fullBucket({ requestsPerMinute: 6, burst: 1 }, 0); // a token every 10 s
    takeToken(state, { requestsPerMinute: 6, burst: 1 }, 0);
    for (let i = 0; i < 5; i++) takeToken(state, { requestsPerMinute: 6, burst: 1 }, 1000);
    expect(takeToken(state, { requestsPerMinute: 6, burst: 1 }, 10_000)).toEqual({ allowed: true, remaining: 0 });
  });

  it('a clock that goes back refills nothing', () => {
    const state = fullBucket(limit, 10_000);
    for (let i = 0; i < 3; i++) takeToken(state, limit, 10_000);
    expect(takeToken(state, limit, 5_000).allowed).toBe(false);
    expect(takeToken(state, limit, 10_999).allowed).toBe(false);
    expect(takeToken(state, limit, 11_000).allowed).toBe(true);
  });

  it('defaults the burst to one second of requests, at least one', () => {
    expect(bucketLimit(6000)).toEqual({ requestsPerMinute: 6000, burst: 100 });
    expect(bucketLimit(10)).toEqual({ requestsPerMinute: 10, burst: 1 });
    expect(bucketLimit(10, 4)).toEqual({ requestsPerMinute: 10, burst: 4 });
    expect(refillMs({ requestsPerMinute: 60, burst: 3 })).toBe(3000);
  });

  it('names what is wrong with a limit', () => {
    expect(bucketLimitProblem({ requestsPerMinute: 0 })).toMatch(/requestsPerMinute/);
    expect(bucketLimitProblem({ requestsPerMinute: 1.5 })).toMatch(/requestsPerMinute/);
    expect(bucketLimitProblem({ requestsPerMinute: 10, burst: 0 })).toMatch(/burst/);
    expect(bucketLimitProblem({ requestsPerMinute: 10, burst: null })).toBeNull();
  });
});
