import { registerEnumType } from 'type-graphql';

/** Why a channel identity is linked to its customer: recorded when the link is made. */
export enum IdentityMatch {
  /** No customer had its e-mail or phone: a new customer was made for it. */
  NEW_CUSTOMER = 'NEW_CUSTOMER',
  /** Linked to the oldest customer with the same normalized e-mail. */
  EMAIL = 'EMAIL',
  /** Linked to the oldest customer with the same phone in E.164. */
  PHONE = 'PHONE',
  /** Moved here when its customer was merged into this one (mergeCustomers). */
  MERGE = 'MERGE',
  /** Linked before reasons were recorded. */
  UNRECORDED = 'UNRECORDED',
}

registerEnumType(IdentityMatch, {
  name: 'IdentityMatch',
  description:
    'Why a channel identity belongs to its customer: NEW_CUSTOMER (nothing matched), EMAIL or PHONE (matched an existing customer), MERGE (moved by mergeCustomers), UNRECORDED (linked before reasons were recorded).',
});
