import { hmacSha256Hex, type CustomerIdentityRecord } from '../../src/plugin-sdk';

/** A phone number as a key: digits only, with the leading "+" kept ("+49 (30) 123-45" → "+493012345"). */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  return (trimmed.startsWith('+') ? '+' : '') + trimmed.replace(/\D/g, '');
}

/**
 * The buyer of a receipt, keyed by the e-mail when given, else by the phone: external id
 * `email:` or `phone:` and a hex HMAC-SHA256 (fixed, public key) of the normalized value
 * (lower-cased e-mail; phone as `normalizePhone`). The same buyer is one identity across
 * receipts and stores, while the address stays out of the external id (external ids are shown
 * unmasked to every role). Null when the receipt names neither.
 */
export function customerOf(email: string | null, phone: string | null, name: string | null): CustomerIdentityRecord | null {
  const key = email !== null ? `email:${hmacSha256Hex('salesgraph-pos-csv-customer', email.trim().toLowerCase())}` : phone !== null ? `phone:${hmacSha256Hex('salesgraph-pos-csv-customer', normalizePhone(phone))}` : null;
  if (key === null) return null;
  return { externalId: key, email, emailMatchable: true, phone, name };
}
