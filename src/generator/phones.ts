/**
 * Realistic phone numbers per country, written the way people type them ("(415) 555-0142",
 * "090-1234-5678", "138 0013 1234", "0171 2345678"), and their E.164 form.
 *
 * @packageDocumentation
 */

import { normalizePhone } from '../auth/masking';
import type { PersonLocale } from './channels';
import type { Random } from './random';

const US_AREA_CODES = ['212', '213', '305', '312', '303', '404', '415', '503', '512', '617', '646', '702', '718', '720', '773', '917', '972', '206', '615', '310'];
const JP_MOBILE_PREFIXES = ['090', '080', '070'];
const CN_MOBILE_PREFIXES = ['133', '135', '136', '137', '138', '139', '150', '151', '152', '158', '159', '177', '186', '187', '188', '189', '199'];
const DE_MOBILE_PREFIXES = ['0151', '0152', '0157', '0160', '0162', '0170', '0171', '0172', '0175', '0176', '0177', '0179'];

const COUNTRY_OF: Record<PersonLocale, 'US' | 'JP' | 'CN' | 'DE'> = { en_US: 'US', ja: 'JP', zh_CN: 'CN', de: 'DE' };

/** The ISO-3166 country of a person locale. */
export function countryOf(locale: PersonLocale): 'US' | 'JP' | 'CN' | 'DE' {
  return COUNTRY_OF[locale];
}

/** A US exchange code: 2–9 first, never N11 nor 555. */
function usExchange(rng: Random): string {
  for (;;) {
    const code = `${rng.int(2, 9)}${rng.digits(2, true)}`;
    if (code.slice(1) !== '11' && code !== '555') return code;
  }
}

/** A phone number as a person of `locale` would type it into a form. */
export function rawPhone(rng: Random, locale: PersonLocale): string {
  switch (locale) {
    case 'en_US': {
      const area = rng.pick(US_AREA_CODES);
      const exchange = usExchange(rng);
      const line = rng.digits(4, true);
      return rng.pick([`(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `+1 ${area} ${exchange} ${line}`, `${area}${exchange}${line}`]);
    }
    case 'ja': {
      const prefix = rng.pick(JP_MOBILE_PREFIXES);
      const a = rng.digits(4, true);
      const b = rng.digits(4, true);
      return rng.pick([`${prefix}-${a}-${b}`, `${prefix}${a}${b}`, `+81 ${prefix.slice(1)}-${a}-${b}`]);
    }
    case 'zh_CN': {
      const prefix = rng.pick(CN_MOBILE_PREFIXES);
      const a = rng.digits(4, true);
      const b = rng.digits(4, true);
      return rng.pick([`${prefix} ${a} ${b}`, `${prefix}${a}${b}`, `+86 ${prefix}${a}${b}`]);
    }
    case 'de': {
      const prefix = rng.pick(DE_MOBILE_PREFIXES);
      const rest = rng.digits(rng.pick([7, 8]), true);
      return rng.pick([`${prefix} ${rest}`, `${prefix}/${rest}`, `+49 ${prefix.slice(1)} ${rest}`]);
    }
  }
}

/** A phone number in E.164 for a person of `locale` (retried until libphonenumber accepts it). */
export function e164Phone(rng: Random, locale: PersonLocale): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const normalized = normalizePhone(rawPhone(rng, locale), countryOf(locale));
    if (normalized) return normalized;
  }
  throw new Error(`could not generate a valid ${locale} phone number`);
}
