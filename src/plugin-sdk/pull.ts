/**
 * Pull mode: for channels that are polled rather than pushed (an API paged with a token). The
 * gateway's pull runner calls a plugin's `pull` on an interval, stores every page through the
 * same pipeline as a webhook delivery, and saves the page's cursor once the page is stored.
 */
import type { ChannelContext } from './plugin';

/** What `pull` is given: the channel, and the cursor saved after the last page stored. */
export interface PullInput {
  /**
   * The channel being pulled: its code, default currency and settings as stored.
   * @example input.channel.settings.apiBaseUrl // "https://sellingpartnerapi-na.amazon.com"
   */
  readonly channel: ChannelContext;
  /**
   * The cursor of the last page stored, exactly as the plugin returned it, or null on the
   * channel's first pull. Opaque to the gateway: the plugin decides what it holds.
   * @example const state = input.cursor === null ? { since: settings.pullUpdatedAfter } : JSON.parse(input.cursor);
   */
  readonly cursor: string | null;
}

/** One response body fetched from the channel's API, handed to the plugin's `normalize`. */
export interface PulledPayload {
  /**
   * The body exactly as the API returned it (JSON text). It is archived as received and
   * normalized by the plugin's own `normalize`, like a webhook body.
   * @example { body: await response.text() }
   */
  readonly body: string;
  /**
   * Headers `normalize` should see with it (lower-case names), when the plugin routes by one.
   * Not signed and not verified: the gateway fetched the body itself.
   * @example { body, headers: { 'x-salesgraph-topic': 'orders' } }
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * One page of a pull: the payloads to store, and the cursor to save once they are all stored.
 * A run that stops before a page is stored (the API failing, the process ending) resumes from
 * the cursor of the last page stored, so the next run fetches that page again: storage is
 * idempotent (an order equal to the stored one is a `duplicate`), so nothing is created twice.
 */
export interface PullPage {
  /**
   * The payloads of this page, in the order they are to be stored. May be empty (nothing new
   * on the channel), in which case only the cursor is saved.
   * @example payloads: [{ body: ordersPage }, ...itemsOfEachOrder.map((body) => ({ body }))]
   */
  readonly payloads: readonly PulledPayload[];
  /**
   * Where the next page, or the next run, starts: saved after this page's payloads are stored
   * and given back as `PullInput.cursor`.
   * @example cursor: JSON.stringify({ nextToken: page.NextToken, since: '2026-11-20T10:00:00Z' })
   */
  readonly cursor: string | null;
}

/**
 * The pages of one pull run, fetched lazily: the gateway stores each page before asking for the
 * next. End the iteration when the channel has nothing more; throw to stop the run when the API
 * is unreachable, answers 429 or 5xx, or answers something unreadable: the cursor stays at the
 * last page stored and the next run retries, so a failure is "retry later", never data loss.
 */
export type PullPages = AsyncIterable<PullPage>;
