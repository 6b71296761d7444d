import { createHash } from 'node:crypto';

import { DriverException, UniqueConstraintViolationException, type MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import { Channel } from '../channels/channel.entity';
import { badUserInput } from '../common/errors';
import { parseJsonPayload, PayloadError, type ChannelPlugin, type EnrichResult, type NormalizeInput, type NormalizeResult } from '../plugin-sdk';
import { DeadLetter } from './dead-letter.entity';
import { checkRecordLimits } from './record-limits';
import { answerOf, asDuplicate, type IngestAnswer } from './outcomes';
import { PayloadArchive } from './payload-archive.entity';
import type { PluginRegistry } from './plugin-registry';
import { RecordWriter } from './record-writer';

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

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300', 'SQLITE_BUSY']);

/** True when the failure is the database being out of reach, which a channel should retry. */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: string; errno?: string; name?: string; message?: string } | null;
  if (!e) return false;
  if (e.name === 'ConnectionException' || (e.code && UNAVAILABLE_CODES.has(e.code))) return true;
  if (error instanceof DriverException && /connect|terminat|database is locked/i.test(e.message ?? '')) return true;
  return false;
}

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
  ) {}

  async receive(delivery: Delivery): Promise<WebhookReply> {
    const em = this.orm.em.fork() as EntityManager;
    const channel = await em.findOne(Channel, { code: delivery.channelCode });
    if (!channel) return error(404, 'UNKNOWN_CHANNEL', `no channel with code "${delivery.channelCode}"`);
    if (!channel.enabled) return error(403, 'CHANNEL_DISABLED', `channel "${channel.code}" is disabled`);
    const plugin = this.plugins.get(channel.plugin);
    if (!plugin) return error(503, 'PLUGIN_UNAVAILABLE', `the plugin "${channel.plugin}" is not loaded on this gateway`, { 'retry-after': '60' });

    const settings = channel.settings ?? {};
    const verified = plugin.verify({ headers: delivery.headers, rawBody: delivery.rawBody, secret: channel.webhookSecret, settings });
    if (!verified.ok) return error(401, 'BAD_SIGNATURE', verified.reason);

    const deliveryId = storedDeliveryId(plugin.deliveryId({ headers: delivery.headers, rawBody: delivery.rawBody, secret: channel.webhookSecret, settings }));
    if (deliveryId) {
      const first = await em.findOne(PayloadArchive, { channel, deliveryId });
      if (first) return { status: 200, body: asDuplicate(first.result as unknown as IngestAnswer) };
    }
    return this.ingest(em, channel, plugin, delivery.headers, delivery.rawBody, deliveryId);
  }

  /** Normalizes and stores a verified payload; dead-letters it when it is refused. */
  async ingest(
    em: EntityManager,
    channel: Channel,
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
          return error(503, 'UPSTREAM_UNAVAILABLE', enriched.reason, { 'retry-after': '30' });
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
    let archivedWarnings = warnings;
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await em.fork().transactional(async (tx) => {
          const assemble = plugin.assemble
            ? (parts: Record<string, unknown>, orderExternalId: string) => plugin.assemble!(parts, orderExternalId, context)
            : undefined;
          const written = await new RecordWriter(tx as EntityManager, tx.getReference(Channel, channel.id), assemble).apply(records);
          const result = answerOf(written.outcomes, written.orderIds);
          archivedWarnings = [...warnings, ...written.warnings];
          tx.create(PayloadArchive, {
            channel: tx.getReference(Channel, channel.id),
            deliveryId,
            topic: topicOf(headers),
            body,
            fetched,
            result: result as unknown as Record<string, unknown>,
            warnings: archivedWarnings,
          });
          if (replayOf) {
            const letter = await tx.findOneOrFail(DeadLetter, { id: replayOf.id });
            letter.replayedAt = new Date();
            letter.replayResult = result as unknown as Record<string, unknown>;
          }
          return result;
        });
        if (archivedWarnings.length) this.log.warn({ channel: channel.code, deliveryId, warnings: archivedWarnings }, 'payload accepted with warnings');
        return { status: 200, body: answer };
      } catch (e) {
        // an order assembled from its parts can still be refused: nothing was committed
        if (e instanceof PayloadError) return this.reject(em, channel, headers, body, deliveryId, e.message, e.path, replayOf);
        if (e instanceof UniqueConstraintViolationException && attempt < 3) {
          // a concurrent delivery created the same order or delivery id first: redo against it
          if (deliveryId) {
            const first = await em.fork().findOne(PayloadArchive, { channel: channel.id, deliveryId });
            if (first) return { status: 200, body: asDuplicate(first.result as unknown as IngestAnswer) };
          }
          continue;
        }
        if (isUnavailable(e)) return error(503, 'UNAVAILABLE', 'the database is unavailable; retry later', { 'retry-after': '5' });
        throw e;
      }
    }
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
    const plugin = this.plugins.get(letter.channel.plugin);
    if (!plugin) throw badUserInput(`the plugin "${letter.channel.plugin}" is not loaded`, 'id');
    const reply = await this.ingest(em, letter.channel, plugin, letter.headers, Buffer.from(letter.body, 'utf8'), letter.deliveryId, letter);
    return { letter: await em.fork().findOneOrFail(DeadLetter, { id }), reply };
  }

  private async reject(
    em: EntityManager,
    channel: Channel,
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
