/**
 * Pull mode without a server: the plugin's `pull` against a fake fetch answering from the
 * shared samples, to show the requests it makes and the cursors it hands back.
 */
import type { ChannelContext, PullPage } from '../../src/plugin-sdk';
import plugin from './index';
import { GET_ITEMS, GET_ORDERS, GET_ORDERS_PENDING, raw, sampleText } from './test-fixtures';

const PAGE_2_TOKEN = raw(GET_ORDERS_PENDING).payload.NextToken as string;
const SETTINGS = { pull: true, apiBaseUrl: 'https://sp.example/', marketplaceIds: 'ATVPDKIKX0DER', accessToken: 'Atza|t', pullUpdatedAfter: '2026-11-01T00:00:00+01:00' };
const channel = (settings: Record<string, unknown> = SETTINGS): ChannelContext => ({ code: 'amazon-pull', currencyCode: 'USD', settings });

/** A fetch answering getOrders page 1 (the Pending sample), page 2 (two Unshipped orders) and the sample items for every order. */
function fakeFetch(requests: string[], status = 200): typeof globalThis.fetch {
  return (async (url: string | URL | Request) => {
    const u = new URL(String(url));
    requests.push(`${u.pathname}${u.search}`);
    const body = u.pathname.endsWith('/orderItems')
      ? sampleText(GET_ITEMS)
      : u.searchParams.get('NextToken') === PAGE_2_TOKEN
        ? sampleText(GET_ORDERS)
        : sampleText(GET_ORDERS_PENDING);
    return new Response(body, { status });
  }) as typeof globalThis.fetch;
}

async function pages(cursor: string | null, fetch: typeof globalThis.fetch, settings?: Record<string, unknown>): Promise<PullPage[]> {
  const out: PullPage[] = [];
  for await (const page of plugin.pull!({ channel: channel(settings), cursor }, { fetch, timeoutMs: 1000 })!) out.push(page);
  return out;
}

describe('amazon-sp-api pull', () => {
  it('is off (null) unless the channel sets pull: true', () => {
    expect(plugin.pull!({ channel: channel({}), cursor: null }, { fetch: fakeFetch([]), timeoutMs: 1000 })).toBeNull();
  });

  it('starts at pullUpdatedAfter, pages by NextToken, and hands each page with its orders\' items', async () => {
    const requests: string[] = [];
    const result = await pages(null, fakeFetch(requests));
    expect(requests).toEqual([
      '/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=2026-10-31T23%3A00%3A00.000Z',
      '/orders/v0/orders/902-3159896-1390916/orderItems',
      `/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&NextToken=${PAGE_2_TOKEN}`,
      '/orders/v0/orders/902-1845936-5435065/orderItems',
      '/orders/v0/orders/902-8745147-1934268/orderItems',
    ]);
    expect(result.map((p) => p.payloads.length)).toEqual([2, 3]);
    expect(result[0].payloads[0].body).toBe(sampleText(GET_ORDERS_PENDING)); // as Amazon returned it
    expect(result.map((p) => JSON.parse(p.cursor!))).toEqual([
      { lastUpdatedAfter: '2026-10-31T23:00:00.000Z', nextToken: PAGE_2_TOKEN, highWater: '2017-01-20T19:49:35.000Z' },
      { lastUpdatedAfter: '2026-10-31T23:00:00.000Z' }, // nothing newer than where it started
    ]);
  });

  it('resumes from a saved NextToken', async () => {
    const requests: string[] = [];
    const cursor = JSON.stringify({ lastUpdatedAfter: '2026-10-31T23:00:00.000Z', nextToken: PAGE_2_TOKEN });
    await pages(cursor, fakeFetch(requests));
    expect(requests[0]).toBe(`/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&NextToken=${PAGE_2_TOKEN}`);
  });

  it('a saved NextToken Amazon answers 400 to (expired) pages again from the run\'s start', async () => {
    const requests: string[] = [];
    const fetch = fakeFetch(requests);
    const expiring: typeof globalThis.fetch = async (url, init) =>
      String(url).includes('NextToken=expired') ? (requests.push('expired'), new Response('{"errors":[{"code":"InvalidInput"}]}', { status: 400 })) : fetch(url, init);
    const result = await pages(JSON.stringify({ lastUpdatedAfter: '2026-10-31T23:00:00.000Z', nextToken: 'expired' }), expiring);
    expect(requests.slice(0, 2)).toEqual(['expired', '/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=2026-10-31T23%3A00%3A00.000Z']);
    expect(result).toHaveLength(2);
  });

  it('an unreadable cursor starts again from pullUpdatedAfter', async () => {
    const requests: string[] = [];
    await pages('not json', fakeFetch(requests));
    expect(requests[0]).toContain('LastUpdatedAfter=2026-10-31T23%3A00%3A00.000Z');
  });

  it.each([429, 500, 503])('an answer %i stops the run with nothing handed over', async (status) => {
    await expect(pages(null, fakeFetch([], status))).rejects.toThrow(String(status));
  });

  it('refuses to start without pullUpdatedAfter, or with a time without an offset', async () => {
    await expect(pages(null, fakeFetch([]), { ...SETTINGS, pullUpdatedAfter: undefined })).rejects.toThrow('pullUpdatedAfter');
    await expect(pages(null, fakeFetch([]), { ...SETTINGS, pullUpdatedAfter: '2026-11-01 00:00' })).rejects.toThrow('pullUpdatedAfter');
  });
});
