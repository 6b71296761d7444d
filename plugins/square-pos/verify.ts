import { hmacSha256Base64, signaturesMatch, verifySalesgraphSignature, type VerifyResult, type WebhookRequest } from '../../src/plugin-sdk';
import { textSetting } from './settings';

export const SQUARE_SIGNATURE_HEADER = 'x-square-hmacsha256-signature';

/**
 * Square's signature: base64 HMAC-SHA256 of (notification URL + raw body), keyed with the
 * subscription's signature key (the channel's webhookSecret). The URL is `settings.notificationUrl`,
 * exactly as registered with Square.
 */
export function squareSignature(signatureKey: string, notificationUrl: string, rawBody: Buffer): string {
  return hmacSha256Base64(signatureKey, Buffer.concat([Buffer.from(notificationUrl, 'utf8'), rawBody]));
}

/**
 * `x-square-hmacsha256-signature` present: Square's scheme. Otherwise a connector pushing API
 * responses, signed with `X-Salesgraph-Signature`. A delivery with neither is refused.
 */
export function verifySquare(request: WebhookRequest): VerifyResult {
  if (!request.secret) return { ok: false, reason: 'the channel has no webhookSecret' };
  const square = request.headers[SQUARE_SIGNATURE_HEADER];
  if (square !== undefined) {
    const url = textSetting(request.settings, 'notificationUrl');
    if (!url) return { ok: false, reason: 'the channel has no notificationUrl setting, which Square signs with the body' };
    return signaturesMatch(squareSignature(request.secret, url, request.rawBody), square)
      ? { ok: true }
      : { ok: false, reason: 'x-square-hmacsha256-signature does not match the notification URL and body' };
  }
  if (request.headers['x-salesgraph-signature'] !== undefined) {
    return verifySalesgraphSignature(request.secret, request.rawBody, request.headers['x-salesgraph-signature'])
      ? { ok: true }
      : { ok: false, reason: 'X-Salesgraph-Signature does not match the body' };
  }
  return { ok: false, reason: 'neither x-square-hmacsha256-signature nor X-Salesgraph-Signature is present' };
}

/** Square's `event_id`, the same on every retry of one event; null for API responses and unreadable bodies. */
export function squareDeliveryId(request: WebhookRequest): string | null {
  try {
    const body: unknown = JSON.parse(request.rawBody.toString('utf8'));
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
    const id = (body as Record<string, unknown>).event_id;
    return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
  } catch {
    return null;
  }
}
