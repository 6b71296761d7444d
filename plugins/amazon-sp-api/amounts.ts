import { isCurrencyCode, zero, type Money, type PayloadReader } from '../../src/plugin-sdk';

/** The field names of one money object: v0 `{CurrencyCode, Amount}`, 2026 `{currencyCode, amount}`. */
export interface MoneyKeys {
  readonly currency: string;
  readonly amount: string;
}

export const V0_MONEY: MoneyKeys = { currency: 'CurrencyCode', amount: 'Amount' };
export const V2026_MONEY: MoneyKeys = { currency: 'currencyCode', amount: 'amount' };

/** The ISO-4217 code of a money object, upper-cased; anything else is rejected at its path. */
export function currencyOf(money: PayloadReader, keys: MoneyKeys): string {
  const code = money.string(keys.currency).trim().toUpperCase();
  if (!isCurrencyCode(code)) money.reject(`expected an ISO-4217 currency code such as "USD", got "${code.slice(0, 40)}"`, keys.currency);
  return code;
}

/** The money object at `key` (required), exact, in its own currency. */
export function amountAt(reader: PayloadReader, key: string, keys: MoneyKeys): Money {
  const money = reader.at(key);
  return money.money(keys.amount, currencyOf(money, keys));
}

/** The money object at `key`, or null when it is absent or null. */
export function optAmountAt(reader: PayloadReader, key: string, keys: MoneyKeys): Money | null {
  return reader.isMissing(key) ? null : amountAt(reader, key, keys);
}

/** Like `optAmountAt`, and a negative amount is rejected at its path (Amazon states charges and discounts positive). */
export function optNonNegativeAt(reader: PayloadReader, key: string, keys: MoneyKeys): Money | null {
  const money = optAmountAt(reader, key, keys);
  if (money !== null && money.minor < 0) reader.at(key).reject('expected an amount of zero or more', keys.amount);
  return money;
}

/**
 * An amount as it is taken into an order in `currency`: absent is zero; an amount in another
 * currency is left out (zero) and reported in `warnings`, as the SDK's one-currency rule says.
 */
export function inOrderCurrency(money: Money | null, currency: string, where: string, warnings: string[]): Money {
  if (money === null) return zero(currency);
  if (money.currency !== currency) {
    warnings.push(`${where} is in ${money.currency}, not the order's ${currency}: left out`);
    return zero(currency);
  }
  return money;
}
