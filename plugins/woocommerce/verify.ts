import { hmacSha256Base64, signaturesMatch, verifySalesgraphSignature, type VerifyResult, type WebhookRequest } from '../../src/plugin-sdk';

/**
 * WooCommerce signs every webhook delivery with `X-WC-Webhook-Signature`: the base64
 * HMAC-SHA256 of the raw body, keyed with the webhook's secret (the channel's webhookSecret).
 *
 * A connector pushing WooCommerce REST responses (a page of orders, a refund) instead signs with
 * salesgraph's own `X-Salesgraph-Signature: sha256=<hex>`, like every connector. The WooCommerce
 * header, when present, is the one checked; a delivery with neither is refused.
 */
export function verifyWooCommerce(request: WebhookRequest): VerifyResult {
  if (!request.secret) return { ok: false, reason: 'the channel has no webhookSecret' };
  const signature = request.headers['x-wc-webhook-signature'];
  if (signature !== undefined) {
    return signaturesMatch(hmacSha256Base64(request.secret, request.rawBody), signature)
      ? { ok: true }
      : { ok: false, reason: 'X-WC-Webhook-Signature does not match the body' };
  }
  if (request.headers['x-salesgraph-signature'] !== undefined) {
    return verifySalesgraphSignature(request.secret, request.rawBody, request.headers['x-salesgraph-signature'])
      ? { ok: true }
      : { ok: false, reason: 'X-Salesgraph-Signature does not match the body' };
  }
  return { ok: false, reason: 'X-WC-Webhook-Signature is missing' };
}

/**
 * `X-WC-Webhook-Delivery-ID`: WooCommerce's id of one delivery. A delivery it sends again with
 * the same id is answered `duplicate` without being normalized again.
 */
export function wooCommerceDeliveryId(request: WebhookRequest): string | null {
  return request.headers['x-wc-webhook-delivery-id']?.trim() || null;
}
