/**
 * Pull mode: polls the v0 Orders API for orders updated since the last run. Each getOrders page
 * is handed over as Amazon returned it (its orders become `order` parts), followed by each of
 * its orders' getOrderItems, every item page of one order merged into one response (its
 * `items` part), so the gateway assembles the orders exactly as from pushed responses.
 *
 * The cursor is `{"lastUpdatedAfter", "nextToken"?, "highWater"?}` as JSON: while paging, the
 * NextToken of the next page (and the newest LastUpdateDate seen so far in this run); after the
 * last page, only the high-water mark, where the next run starts.
 */
import type { PullInput, PullPage, PullPages, PulledPayload, UpstreamContext } from '../../src/plugin-sdk';

/** What the cursor holds (JSON). */
interface PullCursor {
  /** The LastUpdatedAfter of the run in progress, or of the next run. */
  lastUpdatedAfter: string;
  /** The getOrders page to fetch next, while a run is paging. */
  nextToken?: string;
  /** The newest LastUpdateDate seen in the run so far. */
  highWater?: string;
}

const ORDERS_PATH = '/orders/v0/orders';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** A time with an offset, as Amazon wants it, or null. */
function instant(value: unknown): string | null {
  const t = text(value);
  if (t === null || !/(Z|[+-]\d\d:\d\d)$/.test(t) || Number.isNaN(Date.parse(t))) return null;
  return new Date(t).toISOString();
}

/** The cursor saved by the last page, or where the first run starts (settings.pullUpdatedAfter). */
function startingPoint(cursor: string | null, settings: Readonly<Record<string, unknown>>): PullCursor {
  if (cursor !== null) {
    try {
      const saved = JSON.parse(cursor) as unknown;
      if (isObject(saved) && instant(saved.lastUpdatedAfter) !== null) {
        return {
          lastUpdatedAfter: instant(saved.lastUpdatedAfter)!,
          ...(text(saved.nextToken) !== null ? { nextToken: text(saved.nextToken)! } : {}),
          ...(instant(saved.highWater) !== null ? { highWater: instant(saved.highWater)! } : {}),
        };
      }
    } catch {
      // not ours: start again from the settings (storing a page twice creates nothing twice)
    }
  }
  const since = instant(settings.pullUpdatedAfter);
  if (since === null) throw new Error('settings.pullUpdatedAfter must be an ISO-8601 time with an offset (where the first pull starts)');
  return { lastUpdatedAfter: since };
}

/** A non-200 answer of the Orders API. */
class ApiAnswerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** GETs one Orders API resource; anything but 200 stops the run (429 and 5xx: retry later). */
async function get(upstream: UpstreamContext, url: string, accessToken: string | null): Promise<string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (accessToken) headers['x-amz-access-token'] = accessToken;
  let response: Response;
  try {
    response = await upstream.fetch(url, { method: 'GET', headers, signal: AbortSignal.timeout(upstream.timeoutMs) });
  } catch (error) {
    throw new Error(`the Orders API did not answer ${redact(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = await response.text();
  if (response.status === 429) throw new ApiAnswerError(429, `the Orders API is throttling (429) ${redact(url)}: retry later`);
  if (response.status !== 200) throw new ApiAnswerError(response.status, `the Orders API answered ${response.status} to ${redact(url)}: ${body.slice(0, 200)}`);
  return body;
}

/** A URL for messages, without the NextToken (long and meaningless). */
const redact = (url: string) => url.replace(/NextToken=[^&]*/, 'NextToken=…');

function parsed(body: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Error(`the Orders API answered ${what} with something that is not JSON`);
  }
  if (!isObject(value) || !isObject(value.payload)) throw new Error(`the Orders API answered ${what} without a payload object`);
  return value.payload;
}

/** getOrderItems of one order, every page of it, as one response (the body as returned when there is one page). */
async function itemsOf(upstream: UpstreamContext, base: string, orderId: string, accessToken: string | null): Promise<PulledPayload> {
  const url = `${base}${ORDERS_PATH}/${encodeURIComponent(orderId)}/orderItems`;
  const first = await get(upstream, url, accessToken);
  const firstPage = parsed(first, `getOrderItems of ${orderId}`);
  let next = text(firstPage.NextToken);
  if (next === null) return { body: first };
  const merged = JSON.parse(first) as { payload: Record<string, unknown> };
  const items = Array.isArray(merged.payload.OrderItems) ? [...(merged.payload.OrderItems as unknown[])] : [];
  const seen = new Set<string>([next]);
  while (next !== null) {
    const page = parsed(await get(upstream, `${url}?NextToken=${encodeURIComponent(next)}`, accessToken), `getOrderItems of ${orderId}`);
    if (Array.isArray(page.OrderItems)) items.push(...(page.OrderItems as unknown[]));
    next = text(page.NextToken);
    if (next !== null && seen.has(next)) throw new Error(`getOrderItems of ${orderId} gave the same NextToken twice`);
    if (next !== null) seen.add(next);
  }
  delete merged.payload.NextToken;
  merged.payload.OrderItems = items;
  return { body: JSON.stringify(merged) };
}

async function* pages(input: PullInput, upstream: UpstreamContext): AsyncGenerator<PullPage> {
  const settings = input.channel.settings;
  const base = text(settings.apiBaseUrl)?.replace(/\/+$/, '');
  if (!base) throw new Error('settings.apiBaseUrl is required to pull');
  const marketplaceIds = text(settings.marketplaceIds);
  if (!marketplaceIds) throw new Error('settings.marketplaceIds is required to pull (comma-separated, e.g. ATVPDKIKX0DER)');
  const accessToken = text(settings.accessToken);
  const state = startingPoint(input.cursor, settings);
  let highWater = state.highWater ?? null;
  let nextToken = state.nextToken ?? null;

  for (;;) {
    const query = new URLSearchParams({ MarketplaceIds: marketplaceIds });
    if (nextToken !== null) query.set('NextToken', nextToken);
    else query.set('LastUpdatedAfter', state.lastUpdatedAfter);
    let body: string;
    try {
      body = await get(upstream, `${base}${ORDERS_PATH}?${query.toString()}`, accessToken);
    } catch (error) {
      // a saved NextToken Amazon no longer takes (they expire): page again from the run's start
      if (nextToken !== null && error instanceof ApiAnswerError && error.status === 400) {
        nextToken = null;
        continue;
      }
      throw error;
    }
    const page = parsed(body, 'getOrders');
    const orders = Array.isArray(page.Orders) ? page.Orders.filter(isObject) : [];
    const payloads: PulledPayload[] = orders.length ? [{ body }] : [];
    for (const order of orders) {
      const id = text(order.AmazonOrderId);
      // an order without an id is refused with its page (dead letter); its items cannot be asked for
      if (id !== null) payloads.push(await itemsOf(upstream, base, id, accessToken));
      const updated = instant(order.LastUpdateDate);
      if (updated !== null && (highWater === null || updated > highWater)) highWater = updated;
    }
    const following = text(page.NextToken);
    if (following !== null && following === nextToken) throw new Error('getOrders gave the same NextToken twice');
    nextToken = following;
    const cursor: PullCursor =
      nextToken !== null
        ? { lastUpdatedAfter: state.lastUpdatedAfter, nextToken, ...(highWater !== null ? { highWater } : {}) }
        : { lastUpdatedAfter: highWater !== null && highWater > state.lastUpdatedAfter ? highWater : state.lastUpdatedAfter };
    yield { payloads, cursor: JSON.stringify(cursor) };
    if (nextToken === null) return;
  }
}

/**
 * The plugin's `pull`: null unless the channel's `pull` setting is on; otherwise the getOrders
 * pages since the cursor (README, "Pull mode").
 */
export function amazonPull(input: PullInput, upstream: UpstreamContext): PullPages | null {
  if (input.channel.settings.pull !== true) return null;
  return pages(input, upstream);
}
