import { forbidden } from '../common/errors';
import type { BucketLimit } from '../rate-limit/token-bucket';
import { Role } from './role';

/** Who is calling: the API key's role and, for PARTNER, the one channel it is bound to. */
export interface Caller {
  readonly keyId: number;
  readonly role: Role;
  readonly channelId: number | null;
  readonly channelCode: string | null;
  /** The key's own rate limits (null: the gateway's defaults), read with the key. */
  readonly rateLimits?: { readonly graphql: BucketLimit | null; readonly imports: BucketLimit | null };
}

/** Every role but ADMIN sees personal data masked. */
export function seesPersonalData(caller: Caller): boolean {
  return caller.role === Role.ADMIN;
}

/** The channel a caller is confined to (PARTNER), or null for every channel. */
export function channelScope(caller: Caller): number | null {
  return caller.role === Role.PARTNER ? caller.channelId : null;
}

/** Throws FORBIDDEN unless the caller has one of `roles`. */
export function requireRole(caller: Caller, roles: readonly Role[], action: string): void {
  if (!roles.includes(caller.role)) {
    throw forbidden(`${caller.role} keys may not ${action}; needs ${roles.join(' or ')}`);
  }
}

export const READERS_OF_CUSTOMERS: readonly Role[] = [Role.ADMIN, Role.ANALYST, Role.PARTNER];
export const READERS_OF_ORDERS: readonly Role[] = [Role.ADMIN, Role.ANALYST, Role.PARTNER, Role.DASHBOARD];
export const ADMIN_ONLY: readonly Role[] = [Role.ADMIN];
/** Every role reads sales figures; a PARTNER only its own channel's. */
export const READERS_OF_SALES: readonly Role[] = [Role.ADMIN, Role.ANALYST, Role.DASHBOARD, Role.PARTNER];
