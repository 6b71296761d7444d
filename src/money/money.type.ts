import { Field, ObjectType } from 'type-graphql';

import { formatMinor } from './money';

/** Money on the API: an exact decimal string in major units beside its currency. */
@ObjectType('Money', { simpleResolvers: true, description: 'An exact amount: a decimal string in major units ("1234.50", "5980" JPY) and its ISO-4217 currency.' })
export class MoneyObject {
  @Field({ description: 'Exact decimal in major units, as many decimals as the currency has.' })
  amount: string;

  @Field({ description: 'ISO-4217 currency code.' })
  currencyCode: string;
}

/** Presents stored minor units as API money. */
export function moneyOf(minor: number, currency: string): MoneyObject {
  return { amount: formatMinor(minor, currency), currencyCode: currency };
}
