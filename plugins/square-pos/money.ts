import { isCurrencyCode, zero, type Money, type PayloadReader } from '../../src/plugin-sdk';

/** The currency of a Square Money object (`{amount, currency}`), upper case and known. */
export function currencyOf(money: PayloadReader): string {
  const code = money.string('currency').trim().toUpperCase();
  if (!isCurrencyCode(code)) money.reject(`"${code}" is not an ISO-4217 currency`, 'currency');
  return code;
}

/** A Square Money object in its own currency (payments, refunds). */
export function ownMoney(parent: PayloadReader, key: string): Money {
  const money = parent.at(key);
  return money.minorMoney('amount', currencyOf(money));
}

/**
 * A Square Money object that must be in the order's currency: Square states every amount of one
 * order in one currency, so another one is a broken order, rejected at its path.
 */
export function orderMoney(parent: PayloadReader, key: string, currency: string): Money {
  const money = parent.at(key);
  const code = currencyOf(money);
  if (code !== currency) money.reject(`is in ${code}, not the order's ${currency}`, 'currency');
  return money.minorMoney('amount', currency);
}

/** Like `orderMoney`; zero when Square leaves the amount out. */
export function optOrderMoney(parent: PayloadReader, key: string, currency: string): Money {
  return parent.isMissing(key) ? zero(currency) : orderMoney(parent, key, currency);
}
