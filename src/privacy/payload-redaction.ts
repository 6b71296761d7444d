import { registerEnumType } from 'type-graphql';

/** Why a stored payload's body was removed. */
export enum PayloadRedaction {
  /** Its customer's personal data was erased (eraseCustomer). */
  ERASURE = 'ERASURE',
  /** It was older than the payload retention (SALESGRAPH_PAYLOAD_RETENTION_DAYS). */
  RETENTION = 'RETENTION',
}

registerEnumType(PayloadRedaction, {
  name: 'PayloadRedaction',
  description: "Why a stored payload's body was removed: ERASURE (its customer was erased) or RETENTION (older than the payload retention).",
});
