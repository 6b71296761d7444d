import { registerEnumType } from 'type-graphql';

/**
 * ADMIN does everything. ANALYST reads everything, personal data masked. PARTNER is bound to one
 * channel: ingests for it and reads only its orders, masked. DASHBOARD reads orders and
 * aggregates and subscribes, masked.
 */
export enum Role {
  ADMIN = 'ADMIN',
  ANALYST = 'ANALYST',
  PARTNER = 'PARTNER',
  DASHBOARD = 'DASHBOARD',
}

registerEnumType(Role, { name: 'Role' });
