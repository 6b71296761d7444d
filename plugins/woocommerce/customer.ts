import { hmacSha256Hex, type CustomerIdentityRecord, type CustomerRecord, type PayloadReader } from '../../src/plugin-sdk';
import { optGmt } from './times';

/** "John" + "Doe" → "John Doe"; null when both are blank. */
function nameOf(reader: PayloadReader | null): string | null {
  if (!reader) return null;
  const parts = [reader.optString('first_name'), reader.optString('last_name')].filter((part): part is string => part !== null);
  return parts.length ? parts.join(' ') : null;
}

/**
 * The identity of a guest (`customer_id: 0`), keyed by the billing e-mail: "guest:" and a hash
 * of the lower-cased address, so that every order a guest places with one address is one
 * identity, while the address itself stays out of the external id (external ids are shown
 * unmasked to every role; the e-mail is on the identity, masked where it must be).
 * The hash is an HMAC-SHA256 with a fixed, public key: a stable fingerprint, not a secret.
 */
export function guestExternalId(email: string): string {
  return `guest:${hmacSha256Hex('salesgraph-woocommerce-guest', email.trim().toLowerCase())}`;
}

/**
 * The buyer of an order: `customer_id` (a registered customer) with the `billing` e-mail, phone
 * and name; a guest (`customer_id` 0 or absent) by the billing e-mail, or `null` when the
 * guest left no e-mail.
 */
export function orderCustomer(order: PayloadReader): CustomerIdentityRecord | null {
  const customerId = order.optInt('customer_id') ?? 0;
  if (customerId < 0) order.reject(`expected a customer id of 0 (a guest) or more, got ${customerId}`, 'customer_id');
  const billing = order.optAt('billing');
  const email = billing?.optString('email') ?? null;
  const identity = { email, emailMatchable: true, phone: billing?.optString('phone') ?? null, name: nameOf(billing) };
  if (customerId > 0) return { externalId: String(customerId), ...identity };
  return email === null ? null : { externalId: guestExternalId(email), ...identity };
}

/** The customer resource of `customer.created` / `customer.updated`. */
export function customerRecord(customer: PayloadReader): CustomerRecord {
  const id = customer.id('id');
  if (id === '0') customer.reject('expected the id of a customer, got 0', 'id');
  const billing = customer.optAt('billing');
  return {
    kind: 'customer',
    customer: {
      externalId: id,
      email: customer.optString('email') ?? billing?.optString('email') ?? null,
      emailMatchable: true,
      phone: billing?.optString('phone') ?? null,
      name: nameOf(customer) ?? nameOf(billing),
    },
    sourceUpdatedAt: optGmt(customer, 'date_modified_gmt'),
  };
}
