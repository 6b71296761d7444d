import { parseJsonPayload, PayloadError, PayloadReader, retryAfterSeconds, type EnrichResult, type NormalizeInput, type UpstreamContext } from '../../src/plugin-sdk';
import { isOrderEvent, orderEventRef } from './events';
import { DEFAULT_SQUARE_VERSION, textSetting } from './settings';

const unavailable = (reason: string, retryAfter?: number): EnrichResult =>
  retryAfter === undefined ? { outcome: 'unavailable', reason } : { outcome: 'unavailable', reason, retryAfterSeconds: retryAfter };
const rejected = (reason: string, path = 'data.id'): EnrichResult => ({ outcome: 'invalid', reason, path });

/**
 * Square's order events carry no lines nor totals: fetch the order (RetrieveOrder,
 * `GET {apiBaseUrl}/v2/orders/{id}`) and hand `normalize` `{ order, event }`. Anything else
 * passes through unchanged.
 *
 * - no answer, a timeout, 5xx, 401/403, 429, an unreadable answer, or a version older than the
 *   event announces (Square has not caught up yet) → `unavailable`: 503, Square retries;
 * - 404 or 400 (no such order), or an answer about another order → `invalid` at `data.id`:
 *   dead-lettered, to replay after the cause is found.
 */
export async function enrichSquare(input: NormalizeInput, upstream: UpstreamContext): Promise<EnrichResult> {
  if (!isOrderEvent(input.payload)) return { outcome: 'payload', payload: input.payload };
  let ref;
  try {
    ref = orderEventRef(input.payload);
  } catch (error) {
    if (error instanceof PayloadError) return rejected(error.message, error.path);
    throw error;
  }
  const settings = input.channel.settings;
  const base = textSetting(settings, 'apiBaseUrl');
  if (!base) return unavailable('the channel has no apiBaseUrl setting: cannot fetch the order of a Square order event');
  const url = `${base.replace(/\/+$/, '')}/v2/orders/${encodeURIComponent(ref.orderId)}`;
  const headers: Record<string, string> = { accept: 'application/json', 'square-version': textSetting(settings, 'squareVersion') ?? DEFAULT_SQUARE_VERSION };
  const token = textSetting(settings, 'accessToken');
  if (token) headers.authorization = `Bearer ${token}`;

  let status: number;
  let body: unknown;
  try {
    const response = await upstream.fetch(url, { method: 'GET', headers, signal: AbortSignal.timeout(upstream.timeoutMs) });
    status = response.status;
    const text = Buffer.from(await response.arrayBuffer());
    if (status === 404 || status === 400) return rejected(`Square has no order "${ref.orderId}" (RetrieveOrder answered ${status})`);
    if (status < 200 || status > 299) {
      // Square throttling (429) or down for a while (503) may say how long to wait: passed on to Square's retries
      return unavailable(`Square's RetrieveOrder answered ${status} for order "${ref.orderId}"`, retryAfterSeconds(response.headers.get('retry-after')));
    }
    body = parseJsonPayload(text);
  } catch (error) {
    return unavailable(`Square's RetrieveOrder did not answer for order "${ref.orderId}": ${error instanceof Error ? error.message : String(error)}`);
  }

  const answer = PayloadReader.of(body);
  const order = body !== null && typeof body === 'object' && !Array.isArray(body) ? answer.optAt('order') : null;
  if (!order) return unavailable(`Square's RetrieveOrder answered ${status} without an order for "${ref.orderId}"`);
  const fetchedId = order.optId('id');
  if (fetchedId !== ref.orderId) return rejected(`RetrieveOrder for "${ref.orderId}" answered with order ${JSON.stringify(fetchedId)}`);
  const fetchedVersion = order.isMissing('version') || typeof order.value !== 'object' ? null : safeInt((order.value as Record<string, unknown>).version);
  if (ref.version !== null && fetchedVersion !== null && fetchedVersion < ref.version) {
    return unavailable(`Square's RetrieveOrder answered version ${fetchedVersion} of order "${ref.orderId}", older than the event's ${ref.version}`);
  }
  return { outcome: 'payload', payload: { order: order.value, event: input.payload } };
}

function safeInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}
