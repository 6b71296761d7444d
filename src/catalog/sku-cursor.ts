import { badUserInput } from '../common/errors';

const PREFIX = 'sku:';

/** A position in a list ordered by SKU: the last SKU seen. Opaque to clients. */
export function encodeSkuCursor(sku: string): string {
  return Buffer.from(PREFIX + sku, 'utf8').toString('base64url');
}

/** The SKU a cursor from encodeSkuCursor holds; null for no cursor; BAD_USER_INPUT for anything else. */
export function decodeSkuCursor(cursor: string | null | undefined, argument = 'after'): string | null {
  if (cursor === null || cursor === undefined) return null;
  const text = /^[A-Za-z0-9_-]*$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith(PREFIX) || text.length === PREFIX.length) throw badUserInput(`${argument} is not a cursor this API gave out`, argument);
  return text.slice(PREFIX.length);
}
