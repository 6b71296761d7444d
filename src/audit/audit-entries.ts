import type { ApiKey } from '../auth/api-key.entity';
import type { Channel } from '../channels/channel.entity';
import type { DeadLetter } from '../ingest/dead-letter.entity';
import { AuditAction, AuditTargetType } from './audit-action';
import type { AuditEntry } from './audit-trail';

/**
 * What each audited change records. Never a secret: a key's secret and hash are left out, a
 * webhook secret is only said to be set, rotated or removed, and of plugin settings (which may
 * hold access tokens) only the names of those that changed are kept.
 */

export function apiKeyCreated(key: ApiKey): AuditEntry {
  return {
    action: AuditAction.API_KEY_CREATED,
    targetType: AuditTargetType.API_KEY,
    targetId: key.id,
    details: { name: key.name, role: key.role, channelCode: key.channel?.code ?? null },
  };
}

export function apiKeyRevoked(key: ApiKey): AuditEntry {
  return { action: AuditAction.API_KEY_REVOKED, targetType: AuditTargetType.API_KEY, targetId: key.id, details: { name: key.name, role: key.role } };
}

/** A key's own limits as the audit log shows them (null: the gateway's default). */
export type ApiKeyLimits = Pick<ApiKey, 'rateLimit' | 'importRateLimit'>;

export function apiKeyLimits(key: ApiKey): ApiKeyLimits {
  return { rateLimit: key.rateLimit, importRateLimit: key.importRateLimit };
}

/** What setApiKeyRateLimits changed; null when nothing did. */
export function apiKeyRateLimitsSet(key: ApiKey, before: ApiKeyLimits): AuditEntry | null {
  const after = apiKeyLimits(key);
  if (JSON.stringify(before) === JSON.stringify(after)) return null;
  return { action: AuditAction.API_KEY_RATE_LIMITS_SET, targetType: AuditTargetType.API_KEY, targetId: key.id, details: { name: key.name, from: before, to: after } };
}

export function channelCreated(channel: Channel): AuditEntry {
  return {
    action: AuditAction.CHANNEL_CREATED,
    targetType: AuditTargetType.CHANNEL,
    targetId: channel.id,
    details: {
      code: channel.code,
      name: channel.name,
      kind: channel.kind,
      plugin: channel.plugin,
      currencyCode: channel.currencyCode,
      countryCode: channel.countryCode,
      webhookSecret: channel.webhookSecret === null ? 'none' : 'set',
      settings: Object.keys(channel.settings ?? {}).sort(),
    },
  };
}

/** What an update may change about a channel, as it was before. */
export interface ChannelState {
  name: string;
  countryCode: string | null;
  enabled: boolean;
  webhookSecret: string | null;
  settings: Record<string, unknown>;
  webhookRateLimit: { requestsPerMinute: number; burst: number } | null;
}

export function channelState(channel: Channel): ChannelState {
  return {
    name: channel.name,
    countryCode: channel.countryCode,
    enabled: channel.enabled,
    webhookSecret: channel.webhookSecret,
    settings: structuredClone(channel.settings ?? {}),
    webhookRateLimit: channel.webhookRateLimit,
  };
}

/** The fields an update changed, with the old and new value of those that are not secret; null when none changed. */
export function channelUpdated(channel: Channel, before: ChannelState): AuditEntry | null {
  const after = channelState(channel);
  const changes: Record<string, unknown> = {};
  for (const field of ['name', 'countryCode', 'enabled'] as const) {
    if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
  }
  if (before.webhookSecret !== after.webhookSecret) {
    changes.webhookSecret = after.webhookSecret === null ? 'removed' : before.webhookSecret === null ? 'set' : 'rotated';
  }
  const keys = [...new Set([...Object.keys(before.settings), ...Object.keys(after.settings)])];
  const settings = keys.filter((key) => JSON.stringify(before.settings[key]) !== JSON.stringify(after.settings[key])).sort();
  if (settings.length) changes.settings = settings;
  if (JSON.stringify(before.webhookRateLimit) !== JSON.stringify(after.webhookRateLimit)) {
    changes.webhookRateLimit = { from: before.webhookRateLimit, to: after.webhookRateLimit };
  }
  if (!Object.keys(changes).length) return null;
  return {
    action: AuditAction.CHANNEL_UPDATED,
    targetType: AuditTargetType.CHANNEL,
    targetId: channel.id,
    details: { code: channel.code, fields: Object.keys(changes), changes },
  };
}

/** A replay and its outcome: accepted (with the orders it wrote) or refused again (with the code). */
export function deadLetterReplayed(letter: DeadLetter, accepted: boolean, answer: unknown): AuditEntry {
  const body = (answer ?? {}) as { result?: string; orderIds?: string[]; error?: { code?: string } };
  return {
    action: AuditAction.DEAD_LETTER_REPLAYED,
    targetType: AuditTargetType.DEAD_LETTER,
    targetId: letter.id,
    details: {
      channelId: String(letter.channel.id),
      accepted,
      ...(accepted ? { result: body.result ?? null, orderIds: body.orderIds ?? [] } : { error: body.error?.code ?? null }),
    },
  };
}
