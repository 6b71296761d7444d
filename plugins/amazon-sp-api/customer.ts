import { hmacSha256Hex, type CustomerIdentityRecord } from '../../src/plugin-sdk';

/**
 * The channel identity of an Amazon buyer. Amazon gives no buyer id in the Orders API; its
 * `BuyerEmail` is a relay alias that Amazon keeps per buyer and seller account, so on one
 * channel it does tell one buyer's orders apart from another's. The external id is `relay:` +
 * a hex HMAC-SHA256 of the lower-cased alias (a fixed, public key: a fingerprint, not a
 * secret), because external ids are shown unmasked while e-mails are masked.
 */
export function relayExternalId(email: string): string {
  return `relay:${hmacSha256Hex('salesgraph-amazon-sp-api-buyer', email.trim().toLowerCase())}`;
}

/**
 * The buyer of an order, or null without a buyer e-mail (no restricted-data token, or a 2026
 * order without `buyer`). The e-mail is Amazon's relay alias, never the buyer's own address:
 * `emailMatchable: false`, so it never links the buyer to a customer of another channel. No
 * phone: the only phone Amazon gives is the shipping address's, a relay number of the recipient.
 */
export function buyerIdentity(email: string | null, name: string | null): CustomerIdentityRecord | null {
  if (email === null) return null;
  return { externalId: relayExternalId(email), email, emailMatchable: false, phone: null, name };
}
