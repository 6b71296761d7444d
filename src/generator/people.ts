/**
 * Customers' personal data: names from faker's locale data (US English, Japanese, Simplified
 * Chinese, German), e-mail addresses at each country's usual providers, and phone numbers in
 * E.164, all normalised the way the API stores them.
 *
 * @packageDocumentation
 */

import { base, de, en, en_US, Faker, ja, zh_CN, type LocaleDefinition } from '@faker-js/faker';

import { normalizeEmail } from '../auth/masking';
import type { PersonLocale } from './channels';
import { countryOf, e164Phone } from './phones';
import type { Random } from './random';

/** A generated person: what a customer row and a channel's customer payload need. */
export interface Person {
  readonly locale: PersonLocale;
  readonly country: 'US' | 'JP' | 'CN' | 'DE';
  readonly firstName: string;
  readonly lastName: string;
  /** Full name in the locale's order: "Jane Doe", "山田 太郎", "王小明". */
  readonly name: string;
  /** Normalised (lower-case) e-mail, or null when the person gave none. */
  readonly email: string | null;
  /** E.164 phone, or null when the person gave none. */
  readonly phone: string | null;
  /** Postal address parts, for payloads. */
  readonly address: { readonly line1: string; readonly city: string; readonly province: string; readonly zip: string };
}

const LOCALE_DATA: Record<PersonLocale, LocaleDefinition[]> = {
  en_US: [en_US, en, base],
  ja: [ja, en, base],
  zh_CN: [zh_CN, en, base],
  de: [de, en, base],
};

const EMAIL_DOMAINS: Record<PersonLocale, { domains: string[]; weights: number[] }> = {
  en_US: { domains: ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hotmail.com', 'aol.com', 'proton.me'], weights: [45, 14, 12, 12, 8, 4, 5] },
  ja: { domains: ['gmail.com', 'yahoo.co.jp', 'docomo.ne.jp', 'icloud.com', 'ezweb.ne.jp', 'softbank.ne.jp', 'outlook.jp'], weights: [38, 22, 12, 12, 6, 5, 5] },
  zh_CN: { domains: ['qq.com', '163.com', '126.com', 'sina.com', 'gmail.com', 'foxmail.com', 'outlook.com'], weights: [42, 22, 10, 6, 8, 6, 6] },
  de: { domains: ['gmail.com', 'gmx.de', 'web.de', 't-online.de', 'outlook.de', 'posteo.de', 'icloud.com'], weights: [30, 22, 20, 12, 7, 4, 5] },
};

/** Romanised name fragments for handles of people whose names faker writes in kanji or hanzi. */
const ROMAJI = ['sakura', 'haru', 'yuki', 'kenta', 'tomo', 'aki', 'hiro', 'mai', 'ryo', 'nao', 'sora', 'taka', 'yui', 'shin', 'kazu', 'miho', 'daichi', 'emi', 'kaito', 'rin', 'takumi', 'ayaka', 'sho', 'nana'];
const PINYIN = ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'lin', 'xiaoming', 'lei', 'jing', 'hua', 'mei', 'wei', 'fang', 'tao', 'yan', 'jun', 'hao'];

function asciiHandle(text: string): string {
  return text
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '')
    .replace(/^[._-]+|[._-]+$/g, '');
}

/**
 * Makes people for one generator run: seeded faker instances (one per locale, private to this
 * factory, so the global `faker` is untouched) and a record of e-mails already handed out, so no
 * two people share one.
 */
export class PersonFactory {
  private readonly fakers: Record<PersonLocale, Faker>;
  private readonly usedEmails = new Set<string>();

  /** @param rng - the run's generator; each locale's faker is seeded from it. */
  constructor(private readonly rng: Random) {
    const make = (locale: PersonLocale) => {
      const f = new Faker({ locale: LOCALE_DATA[locale] });
      f.seed(rng.uint32());
      return f;
    };
    this.fakers = { en_US: make('en_US'), ja: make('ja'), zh_CN: make('zh_CN'), de: make('de') };
  }

  /** Marks e-mails as taken (e.g. ones already in the database). */
  reserveEmails(emails: Iterable<string>): void {
    for (const e of emails) this.usedEmails.add(e);
  }

  /**
   * A new person of `locale`.
   *
   * @param options.emailShare - probability the person has an e-mail (default 0.95).
   * @param options.phoneShare - probability the person has a phone (default 0.6); a person
   *   without an e-mail always has a phone.
   */
  person(locale: PersonLocale, options: { emailShare?: number; phoneShare?: number } = {}): Person {
    const f = this.fakers[locale];
    const rng = this.rng;
    const firstName = f.person.firstName();
    const lastName = f.person.lastName();
    const name = locale === 'ja' ? `${lastName} ${firstName}` : locale === 'zh_CN' ? `${lastName}${firstName}` : `${firstName} ${lastName}`;
    const hasEmail = rng.chance(options.emailShare ?? 0.95);
    const hasPhone = !hasEmail || rng.chance(options.phoneShare ?? 0.6);
    const email = hasEmail ? this.email(locale, firstName, lastName) : null;
    const phone = hasPhone ? e164Phone(rng, locale) : null;
    const address = {
      line1: f.location.streetAddress(),
      city: f.location.city(),
      province: locale === 'en_US' ? f.location.state({ abbreviated: true }) : f.location.state(),
      zip: f.location.zipCode(),
    };
    return { locale, country: countryOf(locale), firstName, lastName, name, email, phone, address };
  }

  private localPart(locale: PersonLocale, firstName: string, lastName: string): string {
    const rng = this.rng;
    if (locale === 'en_US' || locale === 'de') {
      const first = asciiHandle(firstName);
      const last = asciiHandle(lastName);
      const style = rng.int(0, 5);
      const year = String((1960 + rng.int(0, 45)) % 100).padStart(2, '0'); // birth year, 60..05
      const candidates = [`${first}.${last}`, `${first}${last}`, `${first[0] ?? 'x'}${last}`, `${first}.${last}${rng.int(1, 99)}`, `${first}${year}`, `${last}.${first}`];
      const handle = candidates[style];
      if (handle.replace(/[._-]/g, '').length >= 3) return handle;
      return `${first}${last}${rng.digits(3)}`;
    }
    if (locale === 'zh_CN' && rng.chance(0.55)) return rng.digits(rng.int(6, 10));
    const fragments = locale === 'ja' ? ROMAJI : PINYIN;
    const a = rng.pick(fragments);
    const b = rng.pick(fragments);
    return rng.pick([`${a}.${b}`, `${a}${rng.int(1, 9999)}`, `${a}_${b}${rng.int(1, 99)}`, `${a}${b}`]);
  }

  private email(locale: PersonLocale, firstName: string, lastName: string): string | null {
    const rng = this.rng;
    const { domains, weights } = EMAIL_DOMAINS[locale];
    let local = this.localPart(locale, firstName, lastName);
    // A QQ number is only ever at qq.com.
    const domain = /^\d+$/.test(local) ? 'qq.com' : rng.weighted(domains, weights);
    for (let attempt = 0; attempt < 50; attempt++) {
      const email = normalizeEmail(`${local}@${domain}`);
      if (email && !this.usedEmails.has(email)) {
        this.usedEmails.add(email);
        return email;
      }
      local = /^\d+$/.test(local) ? rng.digits(rng.int(7, 10)) : `${local.replace(/\d+$/, '')}${rng.int(1, 9999)}`;
    }
    return null;
  }
}
