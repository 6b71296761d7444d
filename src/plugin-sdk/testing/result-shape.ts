import { isCurrencyCode } from '../../money';

/**
 * What `defineChannelPlugin` makes of an error that escaped `normalize` (see `guarded` in
 * plugin.ts): a crash turned into `invalid`, not a rejection the plugin meant.
 */
export const CRASH_PREFIX = 'the plugin failed on this payload';

const KINDS = ['order', 'customer', 'refund', 'cancellation', 'payment', 'orderPart'];

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Problems of the NormalizeResult envelope: outcome, reason, path, records and warnings. */
export function resultProblems(result: unknown): string[] {
  if (!isObject(result)) return [`the result is not an object: ${JSON.stringify(result)}`];
  switch (result.outcome) {
    case 'record': {
      const problems: string[] = [];
      if (!Array.isArray(result.records)) return ['a record result has no records array'];
      if (!Array.isArray(result.warnings) || result.warnings.some((w) => typeof w !== 'string')) {
        problems.push('a record result needs warnings: string[]');
      }
      result.records.forEach((r, i) => {
        if (!isObject(r) || !KINDS.includes(r.kind as string)) problems.push(`records[${i}] has no known kind (${KINDS.join(', ')})`);
      });
      return problems;
    }
    case 'skip':
      return typeof result.reason === 'string' && result.reason !== '' ? [] : ['a skip needs a reason string'];
    case 'invalid': {
      const problems: string[] = [];
      if (typeof result.reason !== 'string' || result.reason === '') problems.push('an invalid result needs a reason string');
      if (typeof result.path !== 'string') problems.push('an invalid result needs a string path');
      return problems;
    }
    default:
      return [`unknown outcome ${JSON.stringify(result.outcome)}`];
  }
}

/** Problems of a Money value (`where` names it in messages). */
export function moneyProblems(value: unknown, where: string): string[] {
  if (!isObject(value)) return [`${where} is not Money`];
  const problems: string[] = [];
  if (typeof value.minor !== 'number' || !Number.isSafeInteger(value.minor)) problems.push(`${where}.minor is not a safe integer`);
  if (typeof value.currency !== 'string' || !isCurrencyCode(value.currency)) problems.push(`${where}.currency is not an ISO-4217 code`);
  return problems;
}

export const isValidDate = (v: unknown): v is Date => v instanceof Date && !Number.isNaN(v.getTime());

const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== '';

function identityProblems(c: unknown, where: string): string[] {
  if (!isObject(c)) return [`${where} is not a customer identity`];
  const problems: string[] = [];
  if (!nonEmpty(c.externalId)) problems.push(`${where}.externalId is empty`);
  if (typeof c.emailMatchable !== 'boolean') problems.push(`${where}.emailMatchable is not a boolean`);
  for (const key of ['email', 'phone', 'name']) {
    if (c[key] !== null && typeof c[key] !== 'string') problems.push(`${where}.${key} is neither a string nor null`);
  }
  return problems;
}

/** Problems of the fields every record of its kind needs (orders' money is checked in order-checks). */
export function recordProblems(r: Fields, where: string): string[] {
  switch (r.kind) {
    case 'order':
      return [
        ...(r.number === null || typeof r.number === 'string' ? [] : [`${where}.number is neither a string nor null`]),
        ...(typeof r.taxesIncluded === 'boolean' ? [] : [`${where}.taxesIncluded is not a boolean`]),
        ...(Array.isArray(r.couponCodes) && r.couponCodes.every((c) => typeof c === 'string') ? [] : [`${where}.couponCodes is not string[]`]),
        ...(Array.isArray(r.lines) ? [] : [`${where}.lines is not an array`]),
        ...(r.customer === null ? [] : identityProblems(r.customer, `${where}.customer`)),
        ...(r.sourceUpdatedAt === null || isValidDate(r.sourceUpdatedAt) ? [] : [`${where}.sourceUpdatedAt is neither a valid Date nor null`]),
        ...(r.sourceVersion === null || Number.isSafeInteger(r.sourceVersion) ? [] : [`${where}.sourceVersion is neither an integer nor null`]),
      ];
    case 'customer':
      return [
        ...identityProblems(r.customer, `${where}.customer`),
        ...(r.sourceUpdatedAt === null || isValidDate(r.sourceUpdatedAt) ? [] : [`${where}.sourceUpdatedAt is neither a valid Date nor null`]),
      ];
    case 'refund':
      return [
        ...(nonEmpty(r.orderExternalId) ? [] : [`${where}.orderExternalId is empty`]),
        ...(nonEmpty(r.refundId) ? [] : [`${where}.refundId is empty`]),
        ...moneyProblems(r.amount, `${where}.amount`),
        ...(isValidDate(r.occurredAt) ? [] : [`${where}.occurredAt is not a valid Date`]),
      ];
    case 'cancellation':
      return [
        ...(nonEmpty(r.orderExternalId) ? [] : [`${where}.orderExternalId is empty`]),
        ...(isValidDate(r.occurredAt) ? [] : [`${where}.occurredAt is not a valid Date`]),
      ];
    case 'payment':
      return [
        ...(nonEmpty(r.paymentId) ? [] : [`${where}.paymentId is empty`]),
        ...(typeof r.status === 'string' ? [] : [`${where}.status is not a string`]),
        ...moneyProblems(r.amount, `${where}.amount`),
      ];
    case 'orderPart':
      return [
        ...(nonEmpty(r.orderExternalId) ? [] : [`${where}.orderExternalId is empty`]),
        ...(nonEmpty(r.part) ? [] : [`${where}.part is empty`]),
        ...(r.data === undefined ? [`${where}.data is missing`] : []),
      ];
    default:
      return [`${where} has no known kind`];
  }
}
