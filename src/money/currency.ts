import currencyCodes from 'currency-codes';

import { MoneyError } from './money-error';

/**
 * Codes ISO 4217 lists with minor units "N.A.": things that are not money one can sell in (gold,
 * test, SDR…). currency-codes reports their digits as 0 and marks only some of them with a "ZZ"
 * pseudo-country (not XDR, XSU, XUA), so they are also listed here by code.
 */
const NON_TRANSACTION_CODES: ReadonlySet<string> = new Set([
  'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX',
]);

function isTransactionCurrency(entry: { code: string; countries: string[] }): boolean {
  return !NON_TRANSACTION_CODES.has(entry.code) && !entry.countries.some((country) => country.startsWith('Zz'));
}

const EXPONENTS: ReadonlyMap<string, number> = new Map(
  currencyCodes
    .data.filter(isTransactionCurrency)
    .map((entry) => [entry.code, entry.digits] as const),
);

/** True when `code` is an ISO-4217 currency code (upper case, e.g. `USD`). */
export function isCurrencyCode(code: string): boolean {
  return EXPONENTS.has(code);
}

/**
 * The number of minor-unit digits of a currency (its ISO-4217 exponent): JPY 0, USD 2, KWD 3.
 * @throws MoneyError for an unknown code.
 */
export function currencyExponent(code: string): number {
  const exponent = EXPONENTS.get(code);
  if (exponent === undefined) throw new MoneyError('UNKNOWN_CURRENCY', `unknown currency code "${code}"`);
  return exponent;
}

/**
 * The exponent of a currency code as given: a code already in its stored form is looked up
 * directly (money formatting runs for every amount of every answer), anything else is
 * normalized first, as normalizeCurrencyCode does.
 * @throws MoneyError for an unknown code.
 */
export function exponentOf(code: string): number {
  return EXPONENTS.get(code) ?? currencyExponent(normalizeCurrencyCode(code));
}

/** Validates and returns a currency code; lower-case input is accepted and upper-cased. */
export function normalizeCurrencyCode(code: string): string {
  const upper = typeof code === 'string' ? code.trim().toUpperCase() : '';
  currencyExponent(upper);
  return upper;
}
