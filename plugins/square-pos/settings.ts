import type { SettingsSchema } from '../../src/plugin-sdk';

/** The Square-Version header sent when the channel sets none. */
export const DEFAULT_SQUARE_VERSION = '2025-01-23';

/** What a square-pos channel is configured with (README, "Settings"). */
export const SETTINGS: SettingsSchema = {
  apiBaseUrl: {
    type: 'url',
    required: true,
    description: 'Square API base URL, where order webhooks fetch the order (GET {apiBaseUrl}/v2/orders/{id})',
    example: 'https://connect.squareup.com',
  },
  accessToken: { type: 'string', secret: true, description: 'Square access token (OAuth or personal), sent as a Bearer token' },
  notificationUrl: {
    type: 'url',
    description: "The webhook subscription's notification URL, exactly as registered with Square: part of what Square signs (required for Square webhooks)",
    example: 'https://salesgraph.example.com/channels/store-us/webhooks',
  },
  squareVersion: { type: 'string', default: DEFAULT_SQUARE_VERSION, description: 'The Square-Version header of API requests', example: DEFAULT_SQUARE_VERSION },
};

/** A setting as a non-blank string, or null (channels created before a setting existed lack it). */
export function textSetting(settings: Readonly<Record<string, unknown>>, key: string): string | null {
  const value = settings[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
