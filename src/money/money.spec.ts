import {
  add,
  currencyExponent,
  formatMinor,
  fromMinor,
  isCurrencyCode,
  MoneyError,
  type MoneyErrorCode,
  multiply,
  normalizeCurrencyCode,
  parseMoney,
  subtract,
  sum,
  totalsByCurrency,
  zero,
} from './index';

/** Runs `fn` and returns the MoneyError code it threw; fails the test if it threw nothing or something else. */
function errorCodeOf(fn: () => unknown): MoneyErrorCode {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MoneyError);
    return (error as MoneyError).code;
  }
  throw new Error('expected a MoneyError, nothing was thrown');
}

const MAX = Number.MAX_SAFE_INTEGER;

describe('currency codes', () => {
  it('USD has two decimals', () => {
    expect(currencyExponent('USD')).toBe(2);
  });

  it('a JPY amount keeps zero decimals', () => {
    expect(currencyExponent('JPY')).toBe(0);
  });

  it('KWD has three decimals', () => {
    expect(currencyExponent('KWD')).toBe(3);
  });

  it('CLF has four decimals', () => {
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('recognises an upper-case ISO-4217 code', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
  });

  it('isCurrencyCode is false for a lower-case code', () => {
    expect(isCurrencyCode('eur')).toBe(false);
  });

  it('rejects unknown currency ZZZ', () => {
    expect(errorCodeOf(() => currencyExponent('ZZZ'))).toBe('UNKNOWN_CURRENCY');
  });

  it('lower-case currency is accepted', () => {
    expect(normalizeCurrencyCode('usd')).toBe('USD');
  });

  it('surrounding whitespace around a currency code is ignored', () => {
    expect(normalizeCurrencyCode(' eur ')).toBe('EUR');
  });

  it('rejects an empty currency code', () => {
    expect(errorCodeOf(() => normalizeCurrencyCode(''))).toBe('UNKNOWN_CURRENCY');
  });

  it('rejects gold (XAU), which is not a transaction currency', () => {
    expect(isCurrencyCode('XAU')).toBe(false);
  });

  it('rejects the testing code XTS', () => {
    expect(isCurrencyCode('XTS')).toBe(false);
  });

  it('rejects the no-currency code XXX', () => {
    expect(isCurrencyCode('XXX')).toBe(false);
  });

  it('rejects the IMF special drawing right XDR, which is not a transaction currency', () => {
    expect(isCurrencyCode('XDR')).toBe(false);
  });

  it('rejects the Sucre unit of account XSU', () => {
    expect(isCurrencyCode('XSU')).toBe(false);
  });

  it('rejects the ADB unit of account XUA', () => {
    expect(isCurrencyCode('XUA')).toBe(false);
  });

  it('accepts the CFA franc XOF, a real X-prefixed currency', () => {
    expect(currencyExponent('XOF')).toBe(0);
  });

  it('accepts the East Caribbean dollar XCD, a real X-prefixed currency', () => {
    expect(currencyExponent('XCD')).toBe(2);
  });
});

describe('parseMoney', () => {
  it('parses a USD string with two decimals into cents', () => {
    expect(parseMoney('1234.50', 'USD')).toEqual({ minor: 123450, currency: 'USD' });
  });

  it('pads a USD amount with one decimal to cents', () => {
    expect(parseMoney('1234.5', 'USD').minor).toBe(123450);
  });

  it('a whole USD amount is multiplied into cents', () => {
    expect(parseMoney('12', 'USD').minor).toBe(1200);
  });

  it('a JPY amount keeps zero decimals (5980 yen is 5980 minor units)', () => {
    expect(parseMoney('5980', 'JPY').minor).toBe(5980);
  });

  it('a KWD amount with three decimals becomes fils', () => {
    expect(parseMoney('1.005', 'KWD').minor).toBe(1005);
  });

  it('rejects 12.345 USD (more decimals than USD has)', () => {
    expect(errorCodeOf(() => parseMoney('12.345', 'USD'))).toBe('TOO_MANY_DECIMALS');
  });

  it('rejects 1.5 JPY (JPY has no decimals)', () => {
    expect(errorCodeOf(() => parseMoney('1.5', 'JPY'))).toBe('TOO_MANY_DECIMALS');
  });

  it('rejects 1.0005 KWD (more decimals than KWD has)', () => {
    expect(errorCodeOf(() => parseMoney('1.0005', 'KWD'))).toBe('TOO_MANY_DECIMALS');
  });

  it('accepts trailing zeros past the exponent (12.340 USD)', () => {
    expect(parseMoney('12.340', 'USD').minor).toBe(1234);
  });

  it('accepts trailing zeros on a zero-decimal currency (5980.00 JPY)', () => {
    expect(parseMoney('5980.00', 'JPY').minor).toBe(5980);
  });

  it('parses a negative amount', () => {
    expect(parseMoney('-12.34', 'USD').minor).toBe(-1234);
  });

  it('accepts an explicit plus sign', () => {
    expect(parseMoney('+12.34', 'USD').minor).toBe(1234);
  });

  it('negative zero parses to plain zero', () => {
    expect(Object.is(parseMoney('-0.00', 'USD').minor, 0)).toBe(true);
  });

  it('ignores surrounding whitespace in a string amount', () => {
    expect(parseMoney('  7.25\n', 'USD').minor).toBe(725);
  });

  it('leading zeros do not change the value', () => {
    expect(parseMoney('007.50', 'USD').minor).toBe(750);
  });

  it("rejects 'twelve'", () => {
    expect(errorCodeOf(() => parseMoney('twelve', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects an empty string', () => {
    expect(errorCodeOf(() => parseMoney('', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects a thousands separator (1,234.50)', () => {
    expect(errorCodeOf(() => parseMoney('1,234.50', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects a decimal comma (12,50)', () => {
    expect(errorCodeOf(() => parseMoney('12,50', 'EUR'))).toBe('INVALID_AMOUNT');
  });

  it('rejects a bare leading decimal point (.5)', () => {
    expect(errorCodeOf(() => parseMoney('.5', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects a trailing decimal point (5.)', () => {
    expect(errorCodeOf(() => parseMoney('5.', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects a string in exponent notation (1e3)', () => {
    expect(errorCodeOf(() => parseMoney('1e3', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects a hexadecimal string (0x10)', () => {
    expect(errorCodeOf(() => parseMoney('0x10', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects a currency symbol inside the amount ($12)', () => {
    expect(errorCodeOf(() => parseMoney('$12', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects non-ASCII digits (Arabic-Indic ١٢)', () => {
    expect(errorCodeOf(() => parseMoney('١٢', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects NaN', () => {
    expect(errorCodeOf(() => parseMoney(Number.NaN, 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects Infinity', () => {
    expect(errorCodeOf(() => parseMoney(Number.POSITIVE_INFINITY, 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects a value that is neither string nor number (null from untyped JSON)', () => {
    expect(errorCodeOf(() => parseMoney(null as unknown as string, 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects unknown currency ZZZ', () => {
    expect(errorCodeOf(() => parseMoney('1.00', 'ZZZ'))).toBe('UNKNOWN_CURRENCY');
  });

  it('lower-case currency is accepted and returned upper-cased', () => {
    expect(parseMoney('1.00', 'usd')).toEqual({ minor: 100, currency: 'USD' });
  });

  it('JSON number 195.66 parses exactly to 19566', () => {
    // 195.66 * 100 is 19565.999999999996 in floating point.
    expect(parseMoney(JSON.parse('195.66') as number, 'USD').minor).toBe(19566);
  });

  it('JSON number 0.07 parses exactly to 7', () => {
    expect(parseMoney(0.07, 'USD').minor).toBe(7);
  });

  it('a whole JSON number is multiplied into cents', () => {
    expect(parseMoney(5980, 'JPY').minor).toBe(5980);
  });

  it('a negative JSON number parses', () => {
    expect(parseMoney(-19.99, 'EUR').minor).toBe(-1999);
  });

  it('a float sum such as 0.1 + 0.2 is rejected as too many decimals, not rounded', () => {
    expect(errorCodeOf(() => parseMoney(0.1 + 0.2, 'USD'))).toBe('TOO_MANY_DECIMALS');
  });

  it('a tiny JSON number shown in exponent form (1e-7) is rejected as too many decimals', () => {
    expect(errorCodeOf(() => parseMoney(1e-7, 'USD'))).toBe('TOO_MANY_DECIMALS');
  });

  it('a JSON number shown in exponent form (1e21) is rejected as out of range', () => {
    expect(errorCodeOf(() => parseMoney(1e21, 'USD'))).toBe('OUT_OF_RANGE');
  });

  it('accepts the largest amount whose minor units are a safe integer', () => {
    expect(parseMoney('90071992547409.91', 'USD').minor).toBe(MAX);
  });

  it('rejects an amount one cent past the safe-integer range as out of range', () => {
    expect(errorCodeOf(() => parseMoney('90071992547409.92', 'USD'))).toBe('OUT_OF_RANGE');
  });

  it('rejects a huge negative amount as out of range', () => {
    expect(errorCodeOf(() => parseMoney('-100000000000000000000', 'JPY'))).toBe('OUT_OF_RANGE');
  });
});

describe('fromMinor', () => {
  it('builds money from integer minor units', () => {
    expect(fromMinor(1599, 'USD')).toEqual({ minor: 1599, currency: 'USD' });
  });

  it('accepts a bigint', () => {
    expect(fromMinor(1599n, 'USD').minor).toBe(1599);
  });

  it('accepts a string of digits', () => {
    expect(fromMinor('1599', 'USD').minor).toBe(1599);
  });

  it('accepts a negative string of digits', () => {
    expect(fromMinor('-1599', 'USD').minor).toBe(-1599);
  });

  it('lower-case currency is accepted', () => {
    expect(fromMinor(1, 'jpy').currency).toBe('JPY');
  });

  it('fromMinor rejects 15.5', () => {
    expect(errorCodeOf(() => fromMinor(15.5, 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects a decimal string ("15.5")', () => {
    expect(errorCodeOf(() => fromMinor('15.5', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects a non-numeric string', () => {
    expect(errorCodeOf(() => fromMinor('abc', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects an empty string', () => {
    expect(errorCodeOf(() => fromMinor('', 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects NaN', () => {
    expect(errorCodeOf(() => fromMinor(Number.NaN, 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects Infinity', () => {
    expect(errorCodeOf(() => fromMinor(Number.POSITIVE_INFINITY, 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('accepts Number.MAX_SAFE_INTEGER', () => {
    expect(fromMinor(MAX, 'USD').minor).toBe(MAX);
  });

  it('rejects a number past Number.MAX_SAFE_INTEGER as out of range', () => {
    expect(errorCodeOf(() => fromMinor(MAX + 1, 'USD'))).toBe('OUT_OF_RANGE');
  });

  it('rejects a number below Number.MIN_SAFE_INTEGER as out of range', () => {
    expect(errorCodeOf(() => fromMinor(Number.MIN_SAFE_INTEGER - 1, 'USD'))).toBe('OUT_OF_RANGE');
  });

  it('rejects a digit string past the safe range as out of range', () => {
    expect(errorCodeOf(() => fromMinor('9007199254740993', 'USD'))).toBe('OUT_OF_RANGE');
  });

  it('rejects a bigint past the safe range as out of range', () => {
    expect(errorCodeOf(() => fromMinor(2n ** 63n, 'USD'))).toBe('OUT_OF_RANGE');
  });

  it('rejects unknown currency ZZZ', () => {
    expect(errorCodeOf(() => fromMinor(1, 'ZZZ'))).toBe('UNKNOWN_CURRENCY');
  });
});

describe('formatMinor', () => {
  it('formats 5 minor USD as 0.05', () => {
    expect(formatMinor(5, 'USD')).toBe('0.05');
  });

  it('formats 123450 minor USD as 1234.50, keeping the trailing zero', () => {
    expect(formatMinor(123450, 'USD')).toBe('1234.50');
  });

  it('formats zero USD as 0.00', () => {
    expect(formatMinor(0, 'USD')).toBe('0.00');
  });

  it('formats JPY without a decimal point', () => {
    expect(formatMinor(5980, 'JPY')).toBe('5980');
  });

  it('formats KWD with three decimals', () => {
    expect(formatMinor(1005, 'KWD')).toBe('1.005');
  });

  it('formats 5 minor KWD as 0.005', () => {
    expect(formatMinor(5, 'KWD')).toBe('0.005');
  });

  it('negative amounts format with a sign', () => {
    expect(formatMinor(-5, 'USD')).toBe('-0.05');
  });

  it('negative JPY amounts format with a sign', () => {
    expect(formatMinor(-5980, 'JPY')).toBe('-5980');
  });

  it('negative zero formats without a sign', () => {
    expect(formatMinor(-0, 'USD')).toBe('0.00');
  });

  it('formats Number.MAX_SAFE_INTEGER exactly', () => {
    expect(formatMinor(MAX, 'USD')).toBe('90071992547409.91');
  });

  it('lower-case currency is accepted', () => {
    expect(formatMinor(5, 'usd')).toBe('0.05');
  });

  it('a code with spaces around it is normalized before its exponent is taken', () => {
    expect(formatMinor(5980, ' jpy ')).toBe('5980');
    expect(formatMinor(1005, 'Kwd')).toBe('1.005');
  });

  it('rejects unknown currency ZZZ', () => {
    expect(errorCodeOf(() => formatMinor(5, 'ZZZ'))).toBe('UNKNOWN_CURRENCY');
  });

  it('rejects fractional minor units instead of printing a malformed decimal', () => {
    expect(errorCodeOf(() => formatMinor(5.5, 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects NaN minor units', () => {
    expect(errorCodeOf(() => formatMinor(Number.NaN, 'USD'))).toBe('INVALID_AMOUNT');
  });

  it('rejects minor units past the safe range instead of printing exponent notation', () => {
    expect(errorCodeOf(() => formatMinor(1e21, 'USD'))).toBe('OUT_OF_RANGE');
  });

  it('round-trips what parseMoney read', () => {
    const m = parseMoney('1234.5', 'KWD');
    expect(formatMinor(m.minor, m.currency)).toBe('1234.500');
  });
});

describe('arithmetic', () => {
  const usd = (minor: number) => fromMinor(minor, 'USD');
  const eur = (minor: number) => fromMinor(minor, 'EUR');

  it('zero has no minor units and the normalised currency', () => {
    expect(zero('eur')).toEqual({ minor: 0, currency: 'EUR' });
  });

  it('zero rejects unknown currency ZZZ', () => {
    expect(errorCodeOf(() => zero('ZZZ'))).toBe('UNKNOWN_CURRENCY');
  });

  it('adds two amounts of one currency', () => {
    expect(add(usd(150), usd(275))).toEqual(usd(425));
  });

  it('adding USD to EUR throws CURRENCY_MISMATCH', () => {
    expect(errorCodeOf(() => add(usd(1), eur(1)))).toBe('CURRENCY_MISMATCH');
  });

  it('adding past the safe range throws OUT_OF_RANGE', () => {
    expect(errorCodeOf(() => add(usd(MAX), usd(1)))).toBe('OUT_OF_RANGE');
  });

  it('subtracts two amounts of one currency, going negative', () => {
    expect(subtract(usd(100), usd(250))).toEqual(usd(-150));
  });

  it('subtracting EUR from USD throws CURRENCY_MISMATCH', () => {
    expect(errorCodeOf(() => subtract(usd(1), eur(1)))).toBe('CURRENCY_MISMATCH');
  });

  it('subtracting past the safe range throws OUT_OF_RANGE', () => {
    expect(errorCodeOf(() => subtract(usd(-MAX), usd(1)))).toBe('OUT_OF_RANGE');
  });

  it('multiplies a unit price by an integer quantity', () => {
    expect(multiply(usd(1999), 3)).toEqual(usd(5997));
  });

  it('multiplying by a fractional quantity throws INVALID_AMOUNT', () => {
    expect(errorCodeOf(() => multiply(usd(1999), 1.5))).toBe('INVALID_AMOUNT');
  });

  it('multiplying by NaN throws INVALID_AMOUNT', () => {
    expect(errorCodeOf(() => multiply(usd(1999), Number.NaN))).toBe('INVALID_AMOUNT');
  });

  it('multiplying past the safe range throws OUT_OF_RANGE', () => {
    expect(errorCodeOf(() => multiply(usd(MAX), 2))).toBe('OUT_OF_RANGE');
  });

  it('multiplying zero by a negative quantity gives plain zero, not -0', () => {
    expect(Object.is(multiply(usd(0), -3).minor, 0)).toBe(true);
  });

  it('sums amounts of one currency', () => {
    expect(sum([usd(1), usd(2), usd(3)], 'USD')).toEqual(usd(6));
  });

  it('an empty sum is zero of the given currency', () => {
    expect(sum([], 'JPY')).toEqual({ minor: 0, currency: 'JPY' });
  });

  it('summing an amount of another currency throws CURRENCY_MISMATCH', () => {
    expect(errorCodeOf(() => sum([usd(1), eur(2)], 'USD'))).toBe('CURRENCY_MISMATCH');
  });

  it('totalsByCurrency keeps currencies apart', () => {
    expect(totalsByCurrency([usd(100), eur(7), usd(50), eur(3)])).toEqual([eur(10), usd(150)]);
  });

  it('totalsByCurrency sorts by currency code', () => {
    const jpy = fromMinor(1, 'JPY');
    expect(totalsByCurrency([usd(1), jpy, eur(1)]).map((m) => m.currency)).toEqual(['EUR', 'JPY', 'USD']);
  });

  it('totalsByCurrency of nothing is an empty list', () => {
    expect(totalsByCurrency([])).toEqual([]);
  });

  it('totalsByCurrency accepts any iterable, such as a generator', () => {
    function* amounts() {
      yield usd(1);
      yield usd(2);
    }
    expect(totalsByCurrency(amounts())).toEqual([usd(3)]);
  });

  it('totalsByCurrency throws OUT_OF_RANGE when one currency overflows', () => {
    expect(errorCodeOf(() => totalsByCurrency([usd(MAX), eur(1), usd(1)]))).toBe('OUT_OF_RANGE');
  });
});

describe('MoneyError', () => {
  it('is an Error named MoneyError carrying its code', () => {
    const error = new MoneyError('INVALID_AMOUNT', 'bad');
    expect([error instanceof Error, error.name, error.code, error.message]).toEqual([
      true,
      'MoneyError',
      'INVALID_AMOUNT',
      'bad',
    ]);
  });
});
