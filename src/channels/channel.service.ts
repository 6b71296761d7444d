import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';

import { badUserInput } from '../common/errors';
import type { PluginRegistry } from '../ingest/plugin-registry';
import { isCurrencyCode } from '../money/currency';
import { rateLimitColumns } from '../rate-limit/rate-limit.type';
import { checkSettings } from '../plugin-sdk';
import { ChannelKind } from './channel-kind';
import { Channel } from './channel.entity';
import type { CreateChannelInput, UpdateChannelInput } from './channel.inputs';

const CODE = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** An npm-style package name: how built-in and partner plugins are named. */
const PLUGIN_NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]{0,99}$/;
const COUNTRY = /^[A-Z]{2}$/;

function checkCountry(countryCode: string | null | undefined, field: string): string | null {
  if (countryCode === null || countryCode === undefined || countryCode.trim() === '') return null;
  const upper = countryCode.trim().toUpperCase();
  if (!COUNTRY.test(upper)) throw badUserInput(`${field} must be an ISO-3166 alpha-2 code such as "US"; got "${countryCode}"`, field);
  return upper;
}

function checkName(name: string, field: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw badUserInput(`${field} must not be empty`, field);
  if (trimmed.length > 200) throw badUserInput(`${field} must be at most 200 characters`, field);
  return trimmed;
}

/** The longest webhook secret a channel keeps (its column's width). */
const MAX_SECRET_LENGTH = 500;

/** A webhook secret trimmed, or null for none; refused (without echoing it) when longer than a secret may be. */
function checkSecret(secret: string | null | undefined, field: string): string | null {
  const trimmed = secret?.trim() || null;
  if (trimmed && trimmed.length > MAX_SECRET_LENGTH) throw badUserInput(`${field} must be at most ${MAX_SECRET_LENGTH} characters`, field);
  return trimmed;
}

function checkSettingsObject(settings: unknown, field: string): Record<string, unknown> | null {
  if (settings === null || settings === undefined) return null;
  if (typeof settings !== 'object' || Array.isArray(settings)) throw badUserInput(`${field} must be a JSON object`, field);
  return settings as Record<string, unknown>;
}

export class ChannelService {
  /** Told the code of every channel created or changed, after the change is stored. */
  private readonly listeners = new Set<(code: string) => void>();

  constructor(private readonly plugins: PluginRegistry) {}

  onChange(listener: (code: string) => void): void {
    this.listeners.add(listener);
  }

  private changed(code: string): void {
    for (const listener of this.listeners) listener(code);
  }

  /** The plugin's check of channel settings; an unknown plugin is refused. */
  private checkedSettings(pluginName: string, settings: unknown, field: string): Record<string, unknown> | null {
    const plugin = this.plugins.get(pluginName);
    if (!plugin) {
      const known = this.plugins.names();
      throw badUserInput(
        `no plugin named "${pluginName}" is loaded${known.length ? `; available: ${known.join(', ')}` : ''}`,
        'input.plugin',
      );
    }
    const check = checkSettings(plugin.settings, checkSettingsObject(settings, field));
    if (!check.ok) throw badUserInput(`${field}: ${check.message}`, check.field ? `${field}.${check.field}` : field);
    return Object.keys(check.settings).length ? check.settings : null;
  }

  async list(em: EntityManager, scopeChannelId: number | null): Promise<Channel[]> {
    return em.find(Channel, scopeChannelId === null ? {} : { id: scopeChannelId }, { orderBy: { code: 'asc' } });
  }

  async create(em: EntityManager, input: CreateChannelInput): Promise<Channel> {
    const code = input.code.trim();
    if (!code) throw badUserInput('input.code must not be empty', 'input.code');
    if (!CODE.test(code)) {
      throw badUserInput(
        `input.code "${code}" must be 1–64 lower-case letters, digits, "-" or "_", starting with a letter or digit`,
        'input.code',
      );
    }
    const currencyCode = input.currencyCode.trim().toUpperCase();
    if (!isCurrencyCode(currencyCode)) {
      throw badUserInput(`input.currencyCode "${input.currencyCode}" is not an ISO-4217 currency code`, 'input.currencyCode');
    }
    const plugin = input.plugin.trim();
    if (!PLUGIN_NAME.test(plugin)) throw badUserInput(`input.plugin "${input.plugin}" is not a valid plugin name`, 'input.plugin');
    if (!Object.values(ChannelKind).includes(input.kind)) throw badUserInput('input.kind is not a channel kind', 'input.kind');
    const limit = rateLimitColumns(input.webhookRateLimit, 'input.webhookRateLimit');
    const channel = em.create(Channel, {
      code,
      name: checkName(input.name, 'input.name'),
      kind: input.kind,
      plugin,
      currencyCode,
      countryCode: checkCountry(input.countryCode, 'input.countryCode'),
      webhookSecret: checkSecret(input.webhookSecret, 'input.webhookSecret'),
      settings: this.checkedSettings(plugin, input.settings, 'input.settings'),
    });
    if (limit) [channel.webhookRateLimitPerMinute, channel.webhookRateLimitBurst] = [limit.perMinute, limit.burst];
    try {
      await em.persistAndFlush(channel);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw badUserInput(`a channel with code "${code}" already exists`, 'input.code');
      }
      throw error;
    }
    this.changed(code);
    return channel;
  }

  async update(em: EntityManager, code: string, input: UpdateChannelInput): Promise<Channel> {
    const channel = await em.findOne(Channel, { code });
    if (!channel) throw badUserInput(`no channel with code "${code}"`, 'code');
    if (input.name !== undefined && input.name !== null) channel.name = checkName(input.name, 'input.name');
    if (input.countryCode !== undefined) channel.countryCode = checkCountry(input.countryCode, 'input.countryCode');
    if (input.enabled !== undefined && input.enabled !== null) channel.enabled = input.enabled;
    if (input.webhookSecret !== undefined) channel.webhookSecret = checkSecret(input.webhookSecret, 'input.webhookSecret');
    if (input.settings !== undefined) channel.settings = this.checkedSettings(channel.plugin, input.settings, 'input.settings');
    const limit = rateLimitColumns(input.webhookRateLimit, 'input.webhookRateLimit');
    if (limit) [channel.webhookRateLimitPerMinute, channel.webhookRateLimitBurst] = [limit.perMinute, limit.burst];
    await em.flush();
    this.changed(channel.code);
    return channel;
  }
}
