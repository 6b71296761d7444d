import type { Money } from './operations';

/** An exact amount: integer minor units and how many decimals the amount string had. */
export interface Amount {
  minor: bigint;
  decimals: number;
}

/** "1234.50" → 123450n with 2 decimals; never a float, so sums stay exact to the cent. */
export function parseAmount(amount: string): Amount {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`"${amount}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  const minor = BigInt(whole + fraction);
  return { minor: sign ? -minor : minor, decimals: fraction.length };
}

/** The sum of two amounts of one currency. */
export function addAmounts(a: Amount, b: Amount): Amount {
  const decimals = Math.max(a.decimals, b.decimals);
  const scale = (x: Amount) => x.minor * 10n ** BigInt(decimals - x.decimals);
  return { minor: scale(a) + scale(b), decimals };
}

export function formatAmount(value: Amount): string {
  const negative = value.minor < 0n;
  const digits = (negative ? -value.minor : value.minor).toString().padStart(value.decimals + 1, '0');
  const text = value.decimals === 0 ? digits : `${digits.slice(0, -value.decimals)}.${digits.slice(-value.decimals)}`;
  return negative ? `-${text}` : text;
}

/** For charting only: the amount as a number of major units. */
export function amountToNumber(value: Amount): number {
  return Number(value.minor) / 10 ** value.decimals;
}

/** "270.37 USD" */
export function formatMoney(money: Money): string {
  return `${money.amount} ${money.currencyCode}`;
}
