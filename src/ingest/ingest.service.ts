import { createHash } from 'node:crypto';

import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import { Channel } from '../channels/channel.entity';
import { badUserInput } from '../common/errors';
import { isUnavailable } from '../db/database-errors';
import type { SqlReader } from '../db/sql-reader';
import type { Decoder, Work } from '../db/sql-writer';
import { parseJsonPayload, PayloadError, type ChannelPlugin, type ChannelRecord, type EnrichResult, type NormalizeInput, type NormalizeResult } from '../plugin-sdk';
import { DeadLetter } from './dead-letter.entity';
import { checkRecordLimits } from './record-limits';
import { answerOf, asDuplicate, type IngestAnswer } from './outcomes';
import type { PluginRegistry } from './plugin-registry';
import { footprintOf, RecordWriter, type Assemble, type WriterChannel } from './record-writer';
import type { GroupCommit } from './store/group-commit';
import { emptyFootprint, type WriteSession } from './store/session';
import { rateLimitedMessage, type RateLimiter } from '../rate-limit/rate-limiter';
import { storedLimit, type BucketLimit } from '../rate-limit/token-bucket';


/** An HTTP answer for the webhook route. */
export interface WebhookReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Delivery {
  channelCode: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

/** Headers never kept with a dead letter: credentials and signatures (a replay is not re-verified). */
const DROPPED_HEADERS = /authorization|cookie|signature|hmac|token|secret|^(host|connection|content-length|accept-encoding|x-forwarded-for|x-real-ip)$/i;

/** The headers a replay needs again: everything the plugin may read, minus credentials. */
function keptHeaders(headers: Delivery['headers']): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k, v]) => v !== undefined && !DROPPED_HEADERS.test(k))) as Record<string, string>;
}

function topicOf(headers: Delivery['headers']): string | null {
  const topic = headers['x-shopify-topic'] ?? headers['x-wc-webhook-topic'] ?? headers['x-salesgraph-topic'] ?? null;
  return topic === null ? null : topic.slice(0, 200);
}

/** A delivery id as stored: a very long one by its digest, so repeats still match. */
function storedDeliveryId(id: string | null): string | null {
  if (id === null || id.length <= 200) return id;
  return `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

const UPSTREAM_TIMEOUT_MS = 10_000;

/** How long a channel read for a delivery is kept; changes made on another gateway apply within it. */
export const CHANNEL_CACHE_MS = 2_000;
const MAX_CACHED_CHANNELS = 1_000;

/** A channel as ingestion reads it (the Channel entity is one). */
export interface IngestChannel extends WriterChannel {
  code: string;
  plugin: string;
  currencyCode: string;
  enabled: boolean;
  webhookSecret: string | null;
  settings: Record<string, unknown> | null;
  /** The channel's own limit on webhook deliveries; null or absent: the gateway's default. */
  webhookRateLimit?: BucketLimit | null;
}

/** What the transaction of one delivery did. */
type Stored = { kind: 'stored'; answer: IngestAnswer; warnings: string[] } | { kind: 'repeat'; answer: IngestAnswer };

/**
 * The ingestion pipeline for one delivery: verify → parse → (repeat?) → normalize → resolve
 * customers → upsert in one transaction with the archive row and the events → answer.
 * Rejected payloads go to the dead-letter store with the reason.
 */
export class IngestService {
  constructor(
    private readonly orm: MikroORM,
    private readonly plugins: PluginRegistry,
    private readonly log: Logger,
    private readonly reader: SqlReader,
    private readonly commits: GroupCommit,
    private readonly db: Decoder,
    private readonly rateLimits: RateLimiter,
  ) {}

  private readonly channels = new Map<string, { channel: IngestChannel | null; until: number }>();

  /**
   * The channel a route names. Kept for a moment: a change made on this gateway applies at once
   * (see `forgetChannel`), one made on another within CHANNEL_CACHE_MS.
   */
  async channelByCode(code: string): Promise<IngestChannel | null> {
    const now = Date.now();
    const cached = this.channels.get(code);
    if (cached && cached.until > now) return cached.channel;
    const channel = await this.readChannel(code);
    if (this.channels.size >= MAX_CACHED_CHANNELS) this.channels.clear();
    this.channels.set(code, { channel, until: now + CHANNEL_CACHE_MS });
    return channel;
  }

  /** Drops the kept copy of a channel that was just created or changed. */
  forgetChannel(code: string): void {
    this.channels.delete(code);
  }

  private async readChannel(code: string): Promise<IngestChannel | null> {
    const [row] = await this.reader.all(
      'select id, code, plugin, currency_code, country_code, enabled, webhook_secret, settings, webhook_rate_limit_per_minute, webhook_rate_limit_burst ' +
        'from channel where code = ?',
      [code],
    );
    if (!row) return null;
    return {
      id: Number(row.id),
      code: row.code as string,
      plugin: row.plugin as string,
      currencyCode: row.currency_code as string,
      countryCode: (row.country_code as string | null) ?? null,
      enabled: Boolean(row.enabled),
      webhookSecret: (row.webhook_secret as string | null) ?? null,
      settings: row.settings === null || row.settings === undefined ? null : (this.db.json(row.settings) as Record<string, unknown>),
      webhookRateLimit: storedLimit(row.webhook_rate_limit_per_minute, row.webhook_rate_limit_burst),
    };
  }

  /** What the first delivery with this id answered, when one was stored. */
  private async firstAnswer(channelId: number, deliveryId: string): Promise<IngestAnswer | null> {
    const [row] = await this.reader.all('select result from payload_archive where channel_id = ? and delivery_id = ?', [channelId, deliveryId]);
    return row ? (this.db.json(row.result) as IngestAnswer) : null;
  }

  async receive(delivery: Delivery): Promise<WebhookReply> {
    const channel = await this.channelByCode(delivery.channelCode);
    if (!channel) return error(404, 'UNKNOWN_CHANNEL', `no channel with code "${delivery.channelCode}"`);
    if (!channel.enabled) return error(403, 'CHANNEL_DISABLED', `channel "${channel.code}" is disabled`);
    // every delivery counts, signed or not: a flood is refused before any work is done for it
    const refused = await this.rateLimits.check('webhooks', channel.id, channel.webhookRateLimit ?? null);
    if (refused) return error(429, 'RATE_LIMITED', rateLimitedMessage(refused), { 'retry-after': String(refused.retryAfterSeconds) });
    const plugin = this.plugins.get(channel.plugin);
    if (!plugin) return error(503, 'PLUGIN_UNAVAILABLE', `the plugin "${channel.plugin}" is not loaded on this gateway`, { 'retry-after': '60' });

    const settings = channel.settings ?? {};
    const verified = plugin.verify({ headers: delivery.headers, rawBody: delivery.rawBody, secret: channel.webhookSecret, settings });
    if (!verified.ok) return error(401, 'BAD_SIGNATURE', verified.reason);

    const deliveryId = storedDeliveryId(plugin.deliveryId({ headers: delivery.headers, rawBody: delivery.rawBody, secret: channel.webhookSecret, settings }));
    if (deliveryId && plugin.enrich) {
      // spare the channel's API a fetch for a delivery already stored (the write checks again)
      const first = await this.firstAnswer(channel.id, deliveryId);
      if (first) return { status: 200, body: asDuplicate(first) };
    }
    return this.ingest(this.orm.em as unknown as EntityManager, channel, plugin, delivery.headers, delivery.rawBody, deliveryId);
  }

  /** Normalizes and stores a verified payload; dead-letters it when it is refused. */
  async ingest(
    em: EntityManager,
    channel: IngestChannel,
    plugin: ChannelPlugin,
    headers: Delivery['headers'],
    rawBody: Buffer,
    deliveryId: string | null,
    replayOf?: DeadLetter,
  ): Promise<WebhookReply> {
    // text columns cannot hold NUL: a body with one is kept with U+FFFD in its place
    const body = rawBody.toString('utf8').replace(/\u0000/g, '\uFFFD');
    const context = { code: channel.code, currencyCode: channel.currencyCode, settings: channel.settings ?? {} };
    let normalized: NormalizeResult;
    let fetched: string | null = null;
    try {
      let payload = parseJsonPayload(rawBody);
      if (plugin.enrich) {
        const enriched = await this.enrich(plugin, { payload, headers, channel: context });
        if (enriched.outcome === 'unavailable') {
          this.log.warn({ channel: channel.code, deliveryId, reason: enriched.reason }, 'webhook refused: the channel API is unavailable');
          return error(503, 'UPSTREAM_UNAVAILABLE', enriched.reason, { 'retry-after': String(enriched.retryAfterSeconds ?? 30) });
        }
        if (enriched.outcome === 'invalid') throw new PayloadError(enriched.path, enriched.reason);
        payload = enriched.payload;
        fetched = JSON.stringify(payload);
      }
      normalized = plugin.normalize({ payload, headers, channel: context });
      if (normalized.outcome === 'record') checkRecordLimits(normalized.records);
    } catch (e) {
      normalized = { outcome: 'invalid', reason: e instanceof Error ? e.message : String(e), path: e instanceof PayloadError ? e.path : '' };
    }
    if (normalized.outcome === 'invalid') {
      return this.reject(em, channel, headers, body, deliveryId, normalized.reason, normalized.path, replayOf);
    }
    const records = normalized.outcome === 'record' ? normalized.records : [];
    const warnings = normalized.outcome === 'record' ? normalized.warnings : [`skipped: ${normalized.reason}`];
    const assemble = plugin.assemble
      ? (parts: Record<string, unknown>, orderExternalId: string) => plugin.assemble!(parts, orderExternalId, context)
      : undefined;
    const archive = { deliveryId, topic: topicOf(headers), body, fetched };
    let stored: Stored;
    try {
      stored = await this.commits.run(
        (session) => this.store(session, channel, records, warnings, archive, assemble, replayOf?.id ?? null),
        () => {
          const footprint = emptyFootprint();
          if (deliveryId) footprint.deliveries.push([channel.id, deliveryId]);
          return footprintOf(channel, records, footprint);
        },
      );
    } catch (e) {
      // an order assembled from its parts can still be refused: nothing was committed
      if (e instanceof PayloadError) return this.reject(em, channel, headers, body, deliveryId, e.message, e.path, replayOf);
      if (isUnavailable(e)) return error(503, 'UNAVAILABLE', 'the database is unavailable; retry later', { 'retry-after': '5' });
      throw e;
    }
    if (stored.kind === 'repeat') return { status: 200, body: asDuplicate(stored.answer) };
    if (stored.warnings.length) this.log.warn({ channel: channel.code, deliveryId, warnings: stored.warnings }, 'payload accepted with warnings');
    return { status: 200, body: stored.answer };
  }

  /**
   * The transaction of one delivery: a delivery id already stored answers as the first one did;
   * otherwise the records, the archive row and (for a replay) the dead letter's outcome.
   */
  private *store(
    session: WriteSession,
    channel: IngestChannel,
    records: readonly ChannelRecord[],
    warnings: string[],
    archive: { deliveryId: string | null; topic: string | null; body: string; fetched: string | null },
    assemble: Assemble | undefined,
    replayOf: number | null,
  ): Work<Stored> {
    if (archive.deliveryId) {
      const first = yield* session.archivedResult(channel.id, archive.deliveryId);
      if (first) return { kind: 'repeat', answer: first as IngestAnswer };
    }
    const written = yield* new RecordWriter(session, channel, assemble).apply(records);
    const answer = answerOf(written.outcomes, written.orderIds);
    const allWarnings = [...warnings, ...written.warnings];
    yield* session.archive({ channelId: channel.id, ...archive, result: answer, warnings: allWarnings });
    if (replayOf !== null) yield* session.markReplayed(replayOf, answer);
    return { kind: 'stored', answer, warnings: allWarnings };
  }

  /** Lets the plugin fetch what the delivery only points at; a network failure means "retry later". */
  private async enrich(plugin: ChannelPlugin, input: NormalizeInput): Promise<EnrichResult> {
    try {
      return await plugin.enrich!(input, { fetch: globalThis.fetch, timeoutMs: UPSTREAM_TIMEOUT_MS });
    } catch (e) {
      if (e instanceof PayloadError) return { outcome: 'invalid', reason: e.message, path: e.path };
      return { outcome: 'unavailable', reason: `the channel API did not answer: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  /** Runs a dead letter through normalize and store again (its signature was checked on arrival). */
  async replay(id: number): Promise<{ letter: DeadLetter; reply: WebhookReply }> {
    const em = this.orm.em.fork() as EntityManager;
    const letter = await em.findOne(DeadLetter, { id }, { populate: ['channel'] });
    if (!letter) throw badUserInput(`no dead letter with id ${id}`, 'id');
    if (letter.replayedAt) throw badUserInput(`dead letter ${id} was already replayed at ${letter.replayedAt.toISOString()}`, 'id');
    if (letter.redactedAt) throw badUserInput(`dead letter ${id} cannot be replayed: its body was removed (${letter.redaction})`, 'id');
    const plugin = this.plugins.get(letter.channel.plugin);
    if (!plugin) throw badUserInput(`the plugin "${letter.channel.plugin}" is not loaded`, 'id');
    const reply = await this.ingest(em, letter.channel, plugin, letter.headers, Buffer.from(letter.body, 'utf8'), letter.deliveryId, letter);
    return { letter: await em.fork().findOneOrFail(DeadLetter, { id }), reply };
  }

  private async reject(
    em: EntityManager,
    channel: IngestChannel,
    headers: Delivery['headers'],
    body: string,
    deliveryId: string | null,
    rawReason: string,
    rawPath: string,
    replayOf?: DeadLetter,
  ): Promise<WebhookReply> {
    // a reason may quote the payload: what no text column can hold (NUL, a lone surrogate) is
    // replaced the same way in the answer and in the stored dead letter
    const storable = (text: string) => text.toWellFormed().replace(/\u0000/g, '\\u0000');
    const reason = storable(rawReason);
    const path = storable(rawPath);
    let id: number;
    if (replayOf) {
      id = replayOf.id;
      await em.fork().nativeUpdate(DeadLetter, { id }, { reason, path: path || null, replayResult: { error: { code: 'INVALID_PAYLOAD', reason, path } } });
    } else {
      const fork = em.fork();
      const letter = fork.create(DeadLetter, {
        channel: fork.getReference(Channel, channel.id),
        deliveryId,
        topic: topicOf(headers),
        headers: keptHeaders(headers),
        body,
        code: 'INVALID_PAYLOAD',
        reason,
        path: path || null,
      });
      await fork.persistAndFlush(letter);
      id = letter.id;
    }
    this.log.info({ channel: channel.code, deliveryId, reason, path, deadLetterId: id }, 'payload rejected to the dead-letter store');
    return { status: 422, body: { error: { code: 'INVALID_PAYLOAD', message: reason, path }, deadLetterId: String(id) } };
  }
}

function error(status: number, code: string, message: string, headers?: Record<string, string>): WebhookReply {
  return { status, body: { error: { code, message } }, headers };
}
