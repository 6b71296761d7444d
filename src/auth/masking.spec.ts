import { maskEmail, maskName, maskPhone, normalizeEmail, normalizePhone } from './masking';

describe('maskEmail', () => {
  it('keeps the first character and the domain', () => {
    expect(maskEmail('john@example.com')).toBe('j***@example.com');
  });

  it('hides the length of the local part', () => {
    expect(maskEmail('a.very.long.name@example.com')).toBe('a***@example.com');
  });

  it('a one-character local part is still followed by the mask', () => {
    expect(maskEmail('j@example.com')).toBe('j***@example.com');
  });

  it('keeps the domain as written, including sub-domains', () => {
    expect(maskEmail('ops@Mail.Example.co.uk')).toBe('o***@Mail.Example.co.uk');
  });

  it('splits at the last @ so the whole domain is kept', () => {
    expect(maskEmail('"a@b"@example.com')).toBe('"***@example.com');
  });

  it('keeps a whole non-BMP first character (emoji local part)', () => {
    expect(maskEmail('😀smile@example.com')).toBe('😀***@example.com');
  });

  it('something without @ keeps only its first character', () => {
    expect(maskEmail('johnexample.com')).toBe('j***');
  });

  it('ignores surrounding whitespace', () => {
    expect(maskEmail('  john@example.com ')).toBe('j***@example.com');
  });

  it('an empty local part shows only the mask before the domain', () => {
    expect(maskEmail('@example.com')).toBe('***@example.com');
  });

  it('an empty string becomes just the mask', () => {
    expect(maskEmail('')).toBe('***');
  });

  it('null returns null', () => {
    expect(maskEmail(null)).toBeNull();
  });

  it('undefined returns null', () => {
    expect(maskEmail(undefined)).toBeNull();
  });
});

describe('maskPhone', () => {
  it('masks a Chinese mobile in international grouping (+86 *** **** 1234)', () => {
    expect(maskPhone('+8613800131234')).toBe('+86 *** **** 1234');
  });

  it('masks a US number in international grouping (+1 *** *** 1234)', () => {
    expect(maskPhone('+14155551234')).toBe('+1 *** *** 1234');
  });

  it('masks a UK number keeping its grouping (+44 ** **** 0958)', () => {
    expect(maskPhone('+442079460958')).toBe('+44 ** **** 0958');
  });

  it('keeps the last four digits even when they span two groups (France)', () => {
    expect(maskPhone('+33612345678')).toBe('+33 * ** ** 56 78');
  });

  it('uses one star per hidden digit', () => {
    const masked = maskPhone('+4915123456789') ?? '';
    expect(masked.replace(/[^*]/g, '').length).toBe('15123456789'.length - 4);
  });

  it('accepts spaces and punctuation in the input', () => {
    expect(maskPhone('+1 (415) 555-1234')).toBe('+1 *** *** 1234');
  });

  it('drops an extension', () => {
    expect(maskPhone('+8613800131234 ext. 12')).toBe('+86 *** **** 1234');
  });

  it('a number without country code keeps only its last four digits', () => {
    expect(maskPhone('0207 946 0958')).toBe('***0958');
  });

  it('an unknown calling code keeps only the last four digits', () => {
    expect(maskPhone('+999 123 456')).toBe('***3456');
  });

  it('a number too short to be possible keeps only the last four digits', () => {
    expect(maskPhone('+1415555123')).toBe('***5123');
  });

  it('an unparseable value with fewer than four digits is just the mask', () => {
    expect(maskPhone('12a')).toBe('***');
  });

  it('an unparseable value with no digits is just the mask', () => {
    expect(maskPhone('n/a')).toBe('***');
  });

  it('never reveals more than the calling code and the last four digits', () => {
    const masked = maskPhone('+8613800131234') ?? '';
    expect(masked.replace(/\D/g, '')).toBe('86' + '1234');
  });

  it('null returns null', () => {
    expect(maskPhone(null)).toBeNull();
  });

  it('undefined returns null', () => {
    expect(maskPhone(undefined)).toBeNull();
  });
});

describe('maskName', () => {
  it('keeps the first character followed by the mask', () => {
    expect(maskName('Jane Doe')).toBe('J***');
  });

  it('keeps the first code point of a CJK name', () => {
    expect(maskName('王小明')).toBe('王***');
  });

  it('keeps a whole non-BMP first code point (surrogate pair)', () => {
    expect(maskName('𠮷野家')).toBe('𠮷***');
  });

  it('ignores leading whitespace', () => {
    expect(maskName('  Jane')).toBe('J***');
  });

  it('an empty name is just the mask', () => {
    expect(maskName('')).toBe('***');
  });

  it('null returns null', () => {
    expect(maskName(null)).toBeNull();
  });

  it('undefined returns null', () => {
    expect(maskName(undefined)).toBeNull();
  });
});

describe('normalizePhone', () => {
  it('returns E.164 for an international number', () => {
    expect(normalizePhone('+86 138 0013 1234')).toBe('+8613800131234');
  });

  it('strips punctuation', () => {
    expect(normalizePhone('+1 (415) 555-1234')).toBe('+14155551234');
  });

  it('uses the default country for a national number', () => {
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
  });

  it('an explicit calling code wins over the default country', () => {
    expect(normalizePhone('+14155551234', 'GB')).toBe('+14155551234');
  });

  it('a national number without a default country is null', () => {
    expect(normalizePhone('020 7946 0958')).toBeNull();
  });

  it('drops an extension', () => {
    expect(normalizePhone('+14155551234 ext. 7')).toBe('+14155551234');
  });

  it('a number too short to be possible is null', () => {
    expect(normalizePhone('+1415555123')).toBeNull();
  });

  it('an unknown calling code is null', () => {
    expect(normalizePhone('+999123456')).toBeNull();
  });

  it('text that is not a phone number is null', () => {
    expect(normalizePhone('call me')).toBeNull();
  });

  it('an empty string is null', () => {
    expect(normalizePhone('')).toBeNull();
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  John.Doe@Example.COM ')).toBe('john.doe@example.com');
  });

  it('keeps plus addressing', () => {
    expect(normalizeEmail('jane+shop@example.com')).toBe('jane+shop@example.com');
  });

  it('accepts a multi-label domain', () => {
    expect(normalizeEmail('a@mail.example.co.uk')).toBe('a@mail.example.co.uk');
  });

  it('without @ is null', () => {
    expect(normalizeEmail('john.example.com')).toBeNull();
  });

  it('without a dot in the domain is null', () => {
    expect(normalizeEmail('john@localhost')).toBeNull();
  });

  it('a dot only in the local part is not enough', () => {
    expect(normalizeEmail('john.doe@localhost')).toBeNull();
  });

  it('an empty local part is null', () => {
    expect(normalizeEmail('@example.com')).toBeNull();
  });

  it('a domain ending in a dot is null', () => {
    expect(normalizeEmail('john@example.')).toBeNull();
  });

  it('a domain starting with a dot is null', () => {
    expect(normalizeEmail('john@.com')).toBeNull();
  });

  it('two @ signs is null', () => {
    expect(normalizeEmail('john@doe@example.com')).toBeNull();
  });

  it('whitespace inside the address is null', () => {
    expect(normalizeEmail('john doe@example.com')).toBeNull();
  });

  it('an empty string is null', () => {
    expect(normalizeEmail('')).toBeNull();
  });
});
