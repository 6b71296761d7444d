import type { PayloadReader } from '../../src/plugin-sdk';
import { quoted } from './text';

/** "2017-03-22T19:28:02", as WooCommerce writes its `*_gmt` fields: UTC, without a `Z`. */
const GMT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?$/;

/**
 * A WooCommerce `*_gmt` time as an instant. WooCommerce states it in UTC without a `Z`
 * ("2017-03-22T19:28:02"), which `reader.date` refuses (a time without an offset is ambiguous in
 * general); here the field's name says it is UTC. A value that has a `Z` or an offset is taken
 * as it says. Null when the field is absent, null or "".
 */
export function optGmt(reader: PayloadReader, key: string): Date | null {
  const text = reader.optString(key);
  if (text === null) return null;
  if (!GMT.test(text)) return reader.date(key); // with Z or an offset, or rejected at the field's path
  const instant = new Date(`${text}Z`);
  // JavaScript rolls "02-30" over to March 2nd; a date that does not exist is refused instead.
  if (Number.isNaN(instant.getTime()) || instant.toISOString().slice(0, 19) !== text.slice(0, 19)) {
    reader.reject(`expected a UTC time such as "2017-03-22T19:28:02", got ${quoted(text)}`, key);
  }
  return instant;
}

/** A required WooCommerce `*_gmt` time. */
export function gmt(reader: PayloadReader, key: string): Date {
  const instant = optGmt(reader, key);
  if (instant === null) return reader.reject('expected a UTC time such as "2017-03-22T19:28:02", got nothing', key);
  return instant;
}
