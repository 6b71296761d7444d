import semver from 'semver';

import { MoneyError } from '../money/money-error';
import type { PullInput, PullPages } from './pull';
import type { ChannelKindName, ChannelRecord } from './records';
import { invalid, PayloadError, type NormalizeResult } from './results';
import type { SettingsSchema } from './settings';
import { verifySalesgraphSignature } from './signatures';

/** A webhook delivery as it reached the gateway. Header names are lower case. */
export interface WebhookRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received: signatures are computed over these bytes. */
  readonly rawBody: Buffer;
  /** The channel's `webhookSecret`. */
  readonly secret: string | null;
  /** The channel's settings, as validated against the plugin's schema. */
  readonly settings: Readonly<Record<string, unknown>>;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** What a plugin knows of the channel a payload arrived on. */
export interface ChannelContext {
  readonly code: string;
  /** The channel's default currency, for payloads that state none. */
  readonly currencyCode: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

export interface NormalizeInput {
  /** The parsed body (integers past 2^53 kept as strings; see `parseJsonPayload`). */
  readonly payload: unknown;
  /** The delivery's headers, lower case (Shopify's topic is in `x-shopify-topic`). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly channel: ChannelContext;
}

/** Everything a channel plugin is. Make one with `defineChannelPlugin`. */
export interface ChannelPluginDefinition {
  /** Unique name, as channels refer to it: lower case, digits, `-` (`shopify`, `acme-tmall`). */
  readonly name: string;
  readonly kind: ChannelKindName;
  /** The plugin's own version (semver). */
  readonly version: string;
  /** The SDK versions the plugin works with, as a semver range (`^1.0.0`). */
  readonly sdk: string;
  readonly description: string;
  /** The channel settings the plugin takes; checked when a channel is created or updated. */
  readonly settings?: SettingsSchema;
  /**
   * Checks a delivery's signature; nothing is stored when it fails. Defaults to
   * `X-Salesgraph-Signature: sha256=<hex HMAC-SHA256 of the raw body>` with the channel's secret.
   */
  verify?(request: WebhookRequest): VerifyResult;
  /** The channel's id of this delivery, when it sends one, so a repeat is a `duplicate`. */
  deliveryId?(request: WebhookRequest): string | null;
  /**
   * Turns one payload into normalized records. Pure and deterministic: the same input always
   * gives the same result, with no I/O and no clock. Bad data is a result, not a throw (a
   * PayloadError thrown inside becomes `invalid` with its path).
   */
  normalize(input: NormalizeInput): NormalizeResult;
  /**
   * For deliveries that only point at the data (Square's order webhooks carry an id and a
   * version): fetches what `normalize` needs from the channel's API, before `normalize` runs.
   * The only place a plugin may do I/O.
   */
  enrich?(input: NormalizeInput, upstream: UpstreamContext): Promise<EnrichResult>;
  /**
   * Joins the parts of one order received so far (see OrderPartRecord) into records, or returns
   * null while a needed part is still missing. Pure, like `normalize`.
   */
  assemble?(parts: Readonly<Record<string, unknown>>, orderExternalId: string, channel: ChannelContext): NormalizeResult | null;
  /** For channels that deliver batch files (a till's daily CSV export). */
  batch?: BatchReader;
  /**
   * For channels that are polled (an API paged with a token): the pages to store since
   * `input.cursor`, fetched with `upstream.fetch`. Return null when this channel is not set up
   * to be pulled (its settings leave pull mode off). The gateway's pull runner calls it on an
   * interval, from one gateway process at a time, stores each page's payloads through
   * `normalize` like webhook bodies, then saves the page's cursor. Throw (or let a network
   * error escape) when the API is unavailable: the run stops and the next one retries from the
   * last cursor saved. May do I/O, like `enrich`.
   *
   * @example
   * pull({ channel, cursor }, upstream) {
   *   if (channel.settings.pull !== true) return null;
   *   return (async function* () {
   *     let token = cursor;
   *     do {
   *       const url = `${channel.settings.apiBaseUrl}/orders?page=${encodeURIComponent(token ?? '')}`;
   *       const response = await upstream.fetch(url, { signal: AbortSignal.timeout(upstream.timeoutMs) });
   *       if (!response.ok) throw new Error(`the orders API answered ${response.status}`);
   *       const body = await response.text();
   *       token = (JSON.parse(body) as { next: string | null }).next;
   *       yield { payloads: [{ body }], cursor: token };
   *     } while (token !== null);
   *   })();
   * },
   */
  pull?(input: PullInput, upstream: UpstreamContext): PullPages | null;
}

/** One line of a batch file the plugin refused, as the import answer lists it. */
export interface BatchLineRejection {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  /** Machine-readable: INVALID_LINE, or RECEIPT_REJECTED for the other lines of a refused receipt. */
  code: string;
  message: string;
}

/**
 * One unit of a batch file, in file order: the records of one receipt (all its lines), or the
 * lines refused. A unit is taken whole or not at all; one bad unit never sinks the others.
 */
export type BatchUnit =
  | { outcome: 'record'; records: ChannelRecord[]; lines: number[]; warnings: string[] }
  | { outcome: 'rejected'; rejections: BatchLineRejection[] };

/** Batch import support: files POSTed to `/channels/{code}/imports` or given to `npm run import`. */
export interface BatchReader {
  /** Media types taken (`text/csv`, `application/x-ndjson`). */
  readonly contentTypes: readonly string[];
  /**
   * Reads a file as it streams in, yielding units in file order with constant memory: never
   * buffer the whole file. Pure apart from reading `input`.
   *
   * A file of 1 MiB or more is read on a worker thread of its own: the module that exports the
   * plugin is loaded again there, so `read` may use only its input, `channel` and what that
   * module imports (no state set up elsewhere in the gateway), and its units must be plain data
   * (objects, arrays, strings, numbers, booleans, null, Dates), which cross to the gateway's
   * thread by structured clone.
   */
  read(input: AsyncIterable<Buffer>, channel: ChannelContext): AsyncIterable<BatchUnit>;
}

/** What `enrich` and `pull` may use: HTTP to the channel's own API, with a deadline. */
export interface UpstreamContext {
  /**
   * The fetch to call the channel's API with (the global one in production, so tests can point
   * a channel's `apiBaseUrl` at a local stand-in).
   * @example const response = await upstream.fetch(url, { headers, signal: AbortSignal.timeout(upstream.timeoutMs) });
   */
  readonly fetch: typeof globalThis.fetch;
  /**
   * Abort requests after this many milliseconds.
   * @example AbortSignal.timeout(upstream.timeoutMs)
   */
  readonly timeoutMs: number;
}

/**
 * What `enrich` found: the payload `normalize` should read instead, the upstream being
 * unreachable (the gateway answers 503 with Retry-After and stores nothing, so the channel
 * retries), or a delivery that cannot be completed (dead-lettered like an invalid payload).
 * `retryAfterSeconds` passes on how long the upstream asked to wait (its own Retry-After on a
 * 429 or 503); without it the gateway says 30 seconds.
 *
 * @example
 * if (response.status === 429) return { outcome: 'unavailable', reason: 'throttled', retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')) };
 */
export type EnrichResult =
  | { outcome: 'payload'; payload: unknown }
  | { outcome: 'unavailable'; reason: string; retryAfterSeconds?: number }
  | { outcome: 'invalid'; reason: string; path: string };

export interface ChannelPlugin extends Required<Omit<ChannelPluginDefinition, 'deliveryId' | 'enrich' | 'assemble' | 'batch' | 'pull'>> {
  deliveryId(request: WebhookRequest): string | null;
  batch?: BatchReader;
  pull?: ChannelPluginDefinition['pull'];
  enrich?: ChannelPluginDefinition['enrich'];
  assemble?: ChannelPluginDefinition['assemble'];
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

function defaultVerify(request: WebhookRequest): VerifyResult {
  return verifySalesgraphSignature(request.secret, request.rawBody, request.headers['x-salesgraph-signature'])
    ? { ok: true }
    : { ok: false, reason: 'X-Salesgraph-Signature is missing or does not match the body' };
}

/** What escapes a plugin function, as an `invalid` result. */
function asInvalid(error: unknown): NormalizeResult {
  if (error instanceof PayloadError) return invalid(error.message, error.path);
  if (error instanceof MoneyError) return invalid(error.message);
  return invalid(`the plugin failed on this payload: ${error instanceof Error ? error.message : String(error)}`);
}

/** Runs `normalize` so that it never throws: whatever escapes becomes `invalid`. */
function guarded(normalize: ChannelPluginDefinition['normalize']): ChannelPluginDefinition['normalize'] {
  return (input) => {
    try {
      return normalize(input);
    } catch (error) {
      return asInvalid(error);
    }
  };
}

/** Runs `assemble` so that it never throws either. */
function guardedAssemble(assemble: NonNullable<ChannelPluginDefinition['assemble']>): NonNullable<ChannelPluginDefinition['assemble']> {
  return (parts, orderExternalId, channel) => {
    try {
      return assemble(parts, orderExternalId, channel);
    } catch (error) {
      return asInvalid(error);
    }
  };
}

/**
 * Declares a channel plugin: checks its metadata and fills the defaults.
 *
 * @example
 * export default defineChannelPlugin({
 *   name: 'acme-tmall',
 *   kind: 'MARKETPLACE',
 *   version: '0.1.0',
 *   sdk: '^1.0.0',
 *   description: 'Tmall orders pushed by the Acme connector',
 *   settings: { shopId: { type: 'string', required: true, description: 'Tmall shop id', example: '5551234' } },
 *   normalize({ payload, channel }) {
 *     const order = PayloadReader.of(payload);
 *     return record({ kind: 'order', externalId: order.id('tid'), … });
 *   },
 * });
 */
export function defineChannelPlugin(definition: ChannelPluginDefinition): ChannelPlugin {
  if (!NAME.test(definition.name)) throw new Error(`plugin name "${definition.name}" must be lower-case letters, digits and "-"`);
  if (!semver.valid(definition.version)) throw new Error(`plugin ${definition.name}: version "${definition.version}" is not semver`);
  if (!semver.validRange(definition.sdk)) throw new Error(`plugin ${definition.name}: sdk "${definition.sdk}" is not a semver range`);
  if (!['STOREFRONT', 'MARKETPLACE', 'OFFLINE_STORE'].includes(definition.kind)) {
    throw new Error(`plugin ${definition.name}: kind must be STOREFRONT, MARKETPLACE or OFFLINE_STORE`);
  }
  if (typeof definition.normalize !== 'function') throw new Error(`plugin ${definition.name}: normalize is required`);
  return Object.freeze({
    name: definition.name,
    kind: definition.kind,
    version: definition.version,
    sdk: definition.sdk,
    description: definition.description,
    settings: definition.settings ?? {},
    verify: definition.verify ?? defaultVerify,
    deliveryId: definition.deliveryId ?? (() => null),
    normalize: guarded(definition.normalize),
    ...(definition.enrich ? { enrich: definition.enrich } : {}),
    ...(definition.batch ? { batch: definition.batch } : {}),
    ...(definition.assemble ? { assemble: guardedAssemble(definition.assemble) } : {}),
    ...(definition.pull ? { pull: definition.pull } : {}),
  });
}

/**
 * Seconds to wait from an HTTP `Retry-After` value (delay-seconds or an HTTP date), kept between
 * 1 second and 1 hour; undefined when there is none or it cannot be read.
 *
 * @example retryAfterSeconds('7') // 7
 * @example retryAfterSeconds('Wed, 21 Oct 2026 07:28:00 GMT', new Date('2026-10-21T07:27:00Z')) // 60
 */
export function retryAfterSeconds(value: string | null | undefined, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : Math.ceil((Date.parse(text) - now.getTime()) / 1000);
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(3600, Math.max(1, seconds));
}
