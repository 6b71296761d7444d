import { hmacSha256Base64, signaturesMatch, type VerifyResult, type WebhookRequest } from '../../src/plugin-sdk';

/** A header by its lower-case name, also when a caller kept Shopify's capitals. */
export function header(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  if (headers[name] !== undefined) return headers[name];
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body with the channel's webhook secret. */
export function verifyShopify(request: WebhookRequest): VerifyResult {
  if (!request.secret) return { ok: false, reason: 'the channel has no webhookSecret to check X-Shopify-Hmac-Sha256 with' };
  const given = header(request.headers, 'x-shopify-hmac-sha256');
  if (!given) return { ok: false, reason: 'X-Shopify-Hmac-Sha256 is missing' };
  return signaturesMatch(hmacSha256Base64(request.secret, request.rawBody), given)
    ? { ok: true }
    : { ok: false, reason: 'X-Shopify-Hmac-Sha256 does not match the body' };
}

/** `X-Shopify-Webhook-Id`: the same on every retry of one delivery, so a repeat is a duplicate. */
export function shopifyDeliveryId(request: WebhookRequest): string | null {
  return header(request.headers, 'x-shopify-webhook-id')?.trim() || null;
}
