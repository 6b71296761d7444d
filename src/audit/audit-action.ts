import { registerEnumType } from 'type-graphql';

/** What an audit log entry records. */
export enum AuditAction {
  API_KEY_CREATED = 'API_KEY_CREATED',
  API_KEY_REVOKED = 'API_KEY_REVOKED',
  API_KEY_RATE_LIMITS_SET = 'API_KEY_RATE_LIMITS_SET',
  CHANNEL_CREATED = 'CHANNEL_CREATED',
  CHANNEL_UPDATED = 'CHANNEL_UPDATED',
  CUSTOMERS_MERGED = 'CUSTOMERS_MERGED',
  CUSTOMER_ERASED = 'CUSTOMER_ERASED',
  DEAD_LETTER_REPLAYED = 'DEAD_LETTER_REPLAYED',
}

/** The kind of thing an audit log entry is about; `targetId` is its id. */
export enum AuditTargetType {
  API_KEY = 'API_KEY',
  CHANNEL = 'CHANNEL',
  CUSTOMER = 'CUSTOMER',
  DEAD_LETTER = 'DEAD_LETTER',
}

registerEnumType(AuditAction, {
  name: 'AuditAction',
  description:
    'API_KEY_CREATED, API_KEY_REVOKED, API_KEY_RATE_LIMITS_SET (details: the limits before and after), CHANNEL_CREATED, CHANNEL_UPDATED (details name the fields changed), CUSTOMERS_MERGED (target: the customer merged into), CUSTOMER_ERASED, DEAD_LETTER_REPLAYED.',
});
registerEnumType(AuditTargetType, { name: 'AuditTargetType', description: 'What an audit log entry is about.' });
