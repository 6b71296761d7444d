import type { ChannelRecord, CustomerIdentityRecord, OrderRecord } from '../plugin-sdk';
import { PayloadError } from '../plugin-sdk';

const MAX_INT32 = 2_147_483_647;

/** Longest text each stored field takes (the columns' sizes). */
const LIMITS = {
  externalId: 200,
  number: 200,
  sku: 200,
  title: 500,
  email: 320,
  phone: 40,
  name: 300,
  refundId: 200,
} as const;

function text(value: string | null | undefined, limit: number, path: string): void {
  if (value === null || value === undefined) return;
  if (value.length > limit) throw new PayloadError(path, `${path} is ${value.length} characters long; at most ${limit} are kept`);
}

function int32(value: number | null | undefined, path: string): void {
  if (value === null || value === undefined) return;
  if (!Number.isSafeInteger(value) || value > MAX_INT32 || value < -MAX_INT32) throw new PayloadError(path, `${path} ${value} is out of range`);
}

function instant(value: Date | null | undefined, path: string): void {
  if (value === null || value === undefined) return;
  const year = value.getTime() ? value.getUTCFullYear() : NaN;
  if (!(year >= 1 && year <= 9999)) throw new PayloadError(path, `${path} is not a time between the years 1 and 9999`);
}

function identity(customer: CustomerIdentityRecord | null, path: string): void {
  if (!customer) return;
  text(customer.externalId, LIMITS.externalId, `${path}.externalId`);
  text(customer.email, LIMITS.email, `${path}.email`);
  text(customer.phone, LIMITS.phone, `${path}.phone`);
  text(customer.name, LIMITS.name, `${path}.name`);
}

function order(o: OrderRecord, path: string): void {
  text(o.externalId, LIMITS.externalId, `${path}.externalId`);
  text(o.number, LIMITS.number, `${path}.number`);
  instant(o.placedAt, `${path}.placedAt`);
  instant(o.sourceUpdatedAt, `${path}.sourceUpdatedAt`);
  int32(o.sourceVersion, `${path}.sourceVersion`);
  o.lines.forEach((line, i) => {
    text(line.sku, LIMITS.sku, `${path}.lines[${i}].sku`);
    text(line.title, LIMITS.title, `${path}.lines[${i}].title`);
    int32(line.quantity, `${path}.lines[${i}].quantity`);
  });
  o.refunds?.forEach((r, i) => text(r.refundId, LIMITS.refundId, `${path}.refunds[${i}].refundId`));
  identity(o.customer, `${path}.customer`);
}

/**
 * Checks normalized records against what the store can hold (text lengths, 32-bit counts, years
 * 1–9999) so a payload the database would refuse is rejected as bad input with the record path,
 * on SQLite and PostgreSQL alike.
 * @throws PayloadError naming the record field, e.g. `records[0].lines[2].sku`.
 */
export function checkRecordLimits(records: readonly ChannelRecord[]): void {
  records.forEach((record, i) => {
    const path = `records[${i}]`;
    switch (record.kind) {
      case 'order':
        return order(record, path);
      case 'customer':
        return identity(record.customer, `${path}.customer`);
      case 'refund':
        text(record.orderExternalId, LIMITS.externalId, `${path}.orderExternalId`);
        text(record.refundId, LIMITS.refundId, `${path}.refundId`);
        return instant(record.occurredAt, `${path}.occurredAt`);
      case 'cancellation':
        text(record.orderExternalId, LIMITS.externalId, `${path}.orderExternalId`);
        return instant(record.occurredAt, `${path}.occurredAt`);
      case 'payment':
        return;
      case 'orderPart':
        text(record.orderExternalId, LIMITS.externalId, `${path}.orderExternalId`);
        return text(record.part, 64, `${path}.part`);
    }
  });
}
