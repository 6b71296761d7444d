import { record, type CustomerIdentityRecord, type NormalizeResult, PayloadReader } from '../../src/plugin-sdk';

/**
 * A Shopify customer object as an identity: `id`, `email` (or `fallbackEmail`, the order's),
 * `phone`, and first + last name. Shopify e-mails are the buyer's own: matchable across channels.
 */
export function customerIdentity(customer: PayloadReader, fallbackEmail: string | null = null): CustomerIdentityRecord {
  const name = [customer.optString('first_name'), customer.optString('last_name')].filter((part) => part !== null).join(' ');
  return {
    externalId: customer.id('id'),
    email: customer.optString('email') ?? fallbackEmail,
    emailMatchable: true,
    phone: customer.optString('phone'),
    name: name === '' ? null : name,
  };
}

/** A `customers/create` or `customers/update` webhook. */
export function normalizeCustomer(payload: unknown): NormalizeResult {
  const customer = PayloadReader.of(payload);
  return record({ kind: 'customer', customer: customerIdentity(customer), sourceUpdatedAt: customer.optDate('updated_at') });
}
