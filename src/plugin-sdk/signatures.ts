import { createHmac, timingSafeEqual } from 'node:crypto';

/** Base64 HMAC-SHA256 of the raw body (Shopify's and WooCommerce's scheme). */
export function hmacSha256Base64(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** Hex HMAC-SHA256 of the raw body. */
export function hmacSha256Hex(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Compares two signatures in constant time; false for different lengths or a missing one. */
export function signaturesMatch(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given.trim());
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Verifies `X-Salesgraph-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, the scheme of
 * every plugin without a channel-specific one and of connectors pushing API responses.
 */
export function verifySalesgraphSignature(secret: string | null, body: Buffer, header: string | undefined): boolean {
  if (!secret) return false;
  return signaturesMatch(`sha256=${hmacSha256Hex(secret, body)}`, header);
}
