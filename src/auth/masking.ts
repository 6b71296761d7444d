/**
 * Masking and normalisation of customer personal data (e-mail, phone, name). Every role other
 * than ADMIN sees personal data masked (see `Role` in ./role).
 *
 * @packageDocumentation
 */
import { type CountryCode, parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js';

const MASK = '***';

/** The first Unicode code point of `text` (so a surrogate pair such as an emoji is kept whole). */
function firstCodePoint(text: string): string {
  const cp = text.codePointAt(0);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** Parses `raw` into a phone number libphonenumber-js considers possible, or undefined. */
function parsePossible(raw: string, defaultCountry?: CountryCode): PhoneNumber | undefined {
  const parsed = parsePhoneNumberFromString(raw, defaultCountry);
  return parsed?.isPossible() ? parsed : undefined;
}

/**
 * Masks an e-mail address for non-admin roles: keeps the first character of the local part and
 * the whole domain.
 *
 * @example maskEmail('john@example.com') // 'j***@example.com'
 * @example maskEmail('not-an-email')     // 'n***'
 * @param email - the address as stored; surrounding whitespace is ignored.
 * @returns the masked address; without an '@', the first character followed by `***`;
 * `null` for `null`/`undefined` input.
 */
export function maskEmail(email: string | null | undefined): string | null {
  if (email == null) return null;
  const text = email.trim();
  const at = text.lastIndexOf('@');
  if (at < 0) return firstCodePoint(text) + MASK;
  return firstCodePoint(text.slice(0, at)) + MASK + text.slice(at);
}

/**
 * Masks a phone number for non-admin roles: keeps the country calling code and the last four
 * digits, replacing every other digit by one `*` each, in libphonenumber-js's international
 * grouping. An extension is dropped.
 *
 * @example maskPhone('+8613800131234') // '+86 *** **** 1234'
 * @example maskPhone('+14155551234')   // '+1 *** *** 1234'
 * @example maskPhone('0207 946 0958')  // '***0958' (no country code: cannot be parsed)
 * @param phone - the number as stored, ideally E.164 (see {@link normalizePhone}).
 * @returns the masked number; when libphonenumber-js cannot parse it as a possible number, `***`
 * followed by its last four digits (just `***` when it has fewer than four digits);
 * `null` for `null`/`undefined` input.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone == null) return null;
  const parsed = parsePossible(phone);
  if (parsed) {
    const prefix = `+${parsed.countryCallingCode}`;
    // Format the E.164 number rather than `parsed` itself, so an extension is not part of it.
    const international = parsePhoneNumberFromString(parsed.number)?.formatInternational();
    if (international?.startsWith(prefix)) {
      const national = international.slice(prefix.length);
      let toMask = national.replace(/\D/g, '').length - 4;
      const masked = national.replace(/\d/g, (digit) => (toMask-- > 0 ? '*' : digit));
      return prefix + masked;
    }
  }
  const digits = phone.replace(/\D/g, '');
  return digits.length < 4 ? MASK : MASK + digits.slice(-4);
}

/**
 * Masks a person's name for non-admin roles: its first Unicode code point followed by `***`.
 *
 * @example maskName('Jane Doe') // 'J***'
 * @example maskName('王小明')    // '王***'
 * @param name - the name as stored; leading whitespace is ignored.
 * @returns the masked name (`***` for an empty name); `null` for `null`/`undefined` input.
 */
export function maskName(name: string | null | undefined): string | null {
  if (name == null) return null;
  return firstCodePoint(name.trim()) + MASK;
}

/**
 * Normalises a phone number to E.164 for storage and matching across channels.
 *
 * @example normalizePhone('+86 138 0013 1234') // '+8613800131234'
 * @example normalizePhone('020 7946 0958', 'GB') // '+442079460958'
 * @param raw - the number as a channel sent it, in any common notation.
 * @param defaultCountry - the country to assume for a number written without `+` and calling code.
 * @returns the E.164 form when libphonenumber-js parses it as a possible number (an extension is
 * dropped), otherwise `null`.
 */
export function normalizePhone(raw: string, defaultCountry?: CountryCode): string | null {
  if (typeof raw !== 'string') return null;
  return parsePossible(raw, defaultCountry)?.number ?? null;
}

/**
 * Normalises an e-mail address for storage and matching: trimmed and lower-cased.
 *
 * @example normalizeEmail('  John.Doe@Example.COM ') // 'john.doe@example.com'
 * @param raw - the address as a channel sent it.
 * @returns the normalised address, or `null` when it is not plausibly an e-mail address: it must
 * have exactly one '@', a non-empty local part, no whitespace, and a domain of at least two
 * non-empty dot-separated labels.
 */
export function normalizeEmail(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(email) ? email : null;
}
