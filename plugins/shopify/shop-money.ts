import { isCurrencyCode, normalizeCurrencyCode, sum, zero, type Money, type PayloadReader } from '../../src/plugin-sdk';

/** A currency code at `key`, upper-cased; an unknown code is rejected at its path. */
export function currencyAt(reader: PayloadReader, key: string): string {
  const code = reader.string(key).trim().toUpperCase();
  if (!isCurrencyCode(code)) return reader.reject(`unknown currency code "${code.length > 12 ? `${code.slice(0, 12)}…` : code}"`, key);
  return code;
}

/**
 * The order's currency: the shop money of its total (`total_price_set.shop_money.currency_code`),
 * else `currency`, else the channel's default. A `currency` that is not a known code is rejected
 * even when the set states one, so a broken payload never passes silently.
 */
export function orderCurrency(order: PayloadReader, channelCurrency: string): string {
  const stated = order.isMissing('currency') ? null : currencyAt(order, 'currency');
  const shop = order.optAt('total_price_set')?.optAt('shop_money');
  if (shop && !shop.isMissing('currency_code')) return currencyAt(shop, 'currency_code');
  return stated ?? normalizeCurrencyCode(channelCurrency);
}

/**
 * Reads the amounts of one payload in its shop currency. Shopify states most amounts twice: a
 * decimal string in shop money (`price`) and a set (`price_set`) of `shop_money` and
 * `presentment_money`. Both are checked when present; the set's shop money wins; presentment
 * money is never read. An amount whose shop money is in another currency is left out and
 * reported in `warnings`, never added to the order's money.
 */
export class ShopMoney {
  readonly warnings: string[] = [];

  constructor(readonly currency: string) {}

  /** The amount at `key` / `setKey` (required), or null when it is in another currency. */
  read(reader: PayloadReader, key: string, setKey = `${key}_set`): Money | null {
    const shop = reader.optAt(setKey)?.optAt('shop_money') ?? null;
    if (!shop) return reader.money(key, this.currency);
    const code = currencyAt(shop, 'currency_code');
    if (code !== this.currency) {
      this.warnings.push(`${shop.path} is in ${code}, not the order's currency ${this.currency}: left out`);
      return null;
    }
    const stated = reader.isMissing(key) ? null : reader.money(key, this.currency);
    const amount = shop.money('amount', code);
    if (stated && stated.minor !== amount.minor) {
      this.warnings.push(`${reader.path ? `${reader.path}.` : ''}${key} differs from ${shop.path}.amount; the set's shop money is used`);
    }
    return amount;
  }

  /** Like `read`, but zero when neither `key` nor `setKey` is present. */
  readOptional(reader: PayloadReader, key: string, setKey = `${key}_set`): Money | null {
    return reader.isMissing(key) && reader.isMissing(setKey) ? zero(this.currency) : this.read(reader, key, setKey);
  }

  /** The sum of the amounts that are in the order's currency (the others were already reported). */
  total(amounts: ReadonlyArray<Money | null>): Money {
    return sum(amounts.filter((m): m is Money => m !== null), this.currency);
  }

  zero(): Money {
    return zero(this.currency);
  }
}
