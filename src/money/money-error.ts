export type MoneyErrorCode =
  | 'UNKNOWN_CURRENCY'
  | 'INVALID_AMOUNT'
  | 'TOO_MANY_DECIMALS'
  | 'OUT_OF_RANGE'
  | 'CURRENCY_MISMATCH';

/** Bad money input: the code says which rule it broke. */
export class MoneyError extends Error {
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}
