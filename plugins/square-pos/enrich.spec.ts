/** enrich: the order an order event points at, fetched from Square's RetrieveOrder (a stubbed fetch here). */
import type { EnrichResult, UpstreamContext } from '../../src/plugin-sdk';
import plugin from './index';
import { PAYMENT, retrievedOrder, sample, WEBHOOK_ORDER_CREATED, WEBHOOK_ORDER_UPDATED, WEBHOOK_PAYMENT_UPDATED } from './test-fixtures';

const ORDER_ID = 'eA3vssLHKJrv9H0IdJCM3gNqfdcZY';
const settings = { apiBaseUrl: 'https://square.test/', accessToken: 'EAAA-token', squareVersion: '2025-01-23' };

interface Call {
  url: string;
  init: RequestInit;
}

function upstream(answer: (url: string) => Response | Promise<Response>): { context: UpstreamContext; calls: Call[] } {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer(url);
  }) as unknown as typeof globalThis.fetch;
  return { context: { fetch, timeoutMs: 1000 }, calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function enrich(payload: unknown, context: UpstreamContext, channelSettings: Record<string, unknown> = settings): Promise<EnrichResult> {
  return plugin.enrich!({ payload, headers: {}, channel: { code: 'store-us', currencyCode: 'USD', settings: channelSettings } }, context);
}

describe('enrich', () => {
  it('fetches GET {apiBaseUrl}/v2/orders/{id} with the Bearer token and Square-Version, and hands over {order, event}', async () => {
    const { context, calls } = upstream(() => json(retrievedOrder(ORDER_ID)));
    const event = sample(WEBHOOK_ORDER_CREATED);
    const result = await enrich(event, context);
    expect(calls.map((c) => [c.url, c.init.method, (c.init.headers as Record<string, string>).authorization, (c.init.headers as Record<string, string>)['square-version']])).toEqual([
      [`https://square.test/v2/orders/${ORDER_ID}`, 'GET', 'Bearer EAAA-token', '2025-01-23'],
    ]);
    expect(calls[0].init.signal).toBeInstanceOf(AbortSignal);
    expect(result).toEqual({ outcome: 'payload', payload: { order: retrievedOrder(ORDER_ID).order, event } });
  });

  it('passes every other payload through without a request', async () => {
    const { context, calls } = upstream(() => json({}));
    for (const file of [WEBHOOK_PAYMENT_UPDATED, PAYMENT]) expect(await enrich(sample(file), context)).toEqual({ outcome: 'payload', payload: sample(file) });
    expect(calls).toHaveLength(0);
  });

  it('is unavailable when Square does not answer, answers 5xx, 401 or 429, or answers without an order', async () => {
    const failing = [
      () => Promise.reject(new TypeError('fetch failed')),
      () => json({ errors: [{ category: 'API_ERROR' }] }, 500),
      () => json({ errors: [{ category: 'AUTHENTICATION_ERROR' }] }, 401),
      () => json({ errors: [{ category: 'RATE_LIMIT_ERROR' }] }, 429),
      () => new Response('<html>bad gateway</html>', { status: 200 }),
      () => json({}),
    ];
    for (const answer of failing) {
      expect(await enrich(sample(WEBHOOK_ORDER_CREATED), upstream(answer).context)).toEqual({ outcome: 'unavailable', reason: expect.stringContaining(ORDER_ID) });
    }
  });

  it("passes on how long Square asks to wait when it throttles or is down, in seconds or as a date", async () => {
    const answer = (status: number, retryAfter: string) => () =>
      new Response('{}', { status, headers: { 'content-type': 'application/json', 'retry-after': retryAfter } });
    expect(await enrich(sample(WEBHOOK_ORDER_CREATED), upstream(answer(429, '7')).context)).toMatchObject({ outcome: 'unavailable', retryAfterSeconds: 7 });
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    const dated = await enrich(sample(WEBHOOK_ORDER_CREATED), upstream(answer(503, inTwoMinutes)).context);
    expect(dated).toMatchObject({ outcome: 'unavailable' });
    expect((dated as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(118);
    expect((dated as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(120);
    expect(await enrich(sample(WEBHOOK_ORDER_CREATED), upstream(answer(429, 'soon')).context)).toEqual({ outcome: 'unavailable', reason: expect.any(String) });
  });

  it('is unavailable when the channel has no apiBaseUrl', async () => {
    expect(await enrich(sample(WEBHOOK_ORDER_CREATED), upstream(() => json({})).context, {})).toMatchObject({ outcome: 'unavailable' });
  });

  it('is unavailable when Square answers an older version than the event announces (it has not caught up)', async () => {
    const { context } = upstream(() => json(retrievedOrder(ORDER_ID, (o) => (o.version = 1))));
    expect(await enrich(sample(WEBHOOK_ORDER_UPDATED), context)).toEqual({ outcome: 'unavailable', reason: expect.stringContaining('older than the event') });
  });

  it('rejects at data.id an order Square does not have (404), and an answer about another order', async () => {
    expect(await enrich(sample(WEBHOOK_ORDER_CREATED), upstream(() => json({ errors: [{ code: 'NOT_FOUND' }] }, 404)).context)).toEqual({
      outcome: 'invalid', reason: expect.stringContaining('404'), path: 'data.id',
    });
    expect(await enrich(sample(WEBHOOK_ORDER_CREATED), upstream(() => json(retrievedOrder('SOMETHING_ELSE'))).context)).toMatchObject({ outcome: 'invalid', path: 'data.id' });
  });

  it('rejects an order event without an order id, without a request', async () => {
    const { context, calls } = upstream(() => json({}));
    const event = sample(WEBHOOK_ORDER_CREATED);
    delete event.data.id;
    delete event.data.object.order_created.order_id;
    expect(await enrich(event, context)).toMatchObject({ outcome: 'invalid', path: 'data.id' });
    expect(calls).toHaveLength(0);
  });

  it('finds the id in data.object.<data.type>.order_id when data.id is absent', async () => {
    const { context, calls } = upstream(() => json(retrievedOrder(ORDER_ID, (o) => (o.version = 2))));
    const event = sample(WEBHOOK_ORDER_UPDATED);
    delete event.data.id;
    expect((await enrich(event, context)).outcome).toBe('payload');
    expect(calls[0].url).toBe(`https://square.test/v2/orders/${ORDER_ID}`);
  });
});
