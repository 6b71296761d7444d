import type { CountryCode } from 'libphonenumber-js';

import { normalizePhone } from '../auth/masking';

/** What stands in for personal data removed from free text. */
export const ERASED = '[erased]';

/** Keys whose values are personal data in a channel's payload (names, e-mails, phones, addresses). */
const PERSONAL_KEY = /e-?mail|phone|name|address|street|city|postal|post_?code|zip|county|company|recipient|buyer_?info|tax_?info|note/i;
/** A key naming an id and its value: `"id": 727`, `"AmazonOrderId": "114-…"`, `"customer_id": "C1"`. */
const ID_PAIR = /"([^"\\]*?id)"\s*:\s*"?([^",}\]\s]+)/gi;
/** Something written like a phone number, in any common notation. */
const PHONE_LIKE = /[+(]?\d[\d\s().-]{5,}\d/g;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface PersonalDataSource {
  /** The customer's e-mails: its own and those its channel identities had (relay aliases too). */
  emails: Array<string | null>;
  /** E.164. */
  phone: string | null;
  name: string | null;
  /** The customer's orders: salesgraph id, channel and the channel's id. */
  orders: Array<{ id: number; channelId: number; externalId: string }>;
  /** The customer's channel identities. */
  identities: Array<{ channelId: number; externalId: string }>;
}

/**
 * How one customer shows in stored payloads: by their e-mails and phone anywhere, and, on the
 * channels they bought on, by the channel's ids of their orders and identities. Finds the
 * payloads that are theirs and takes their personal data out of what must be kept.
 */
export class PersonalData {
  readonly emails: string[];
  readonly phone: string | null;
  readonly orderIds: ReadonlySet<string>;
  /** Per channel: the channel's ids of the customer's orders and identities. */
  readonly externalIds: ReadonlyMap<number, ReadonlySet<string>>;
  private readonly names: string[];

  constructor(source: PersonalDataSource) {
    this.emails = [...new Set(source.emails.filter((e): e is string => !!e?.trim()).map((e) => e.trim().toLowerCase()))];
    this.phone = source.phone;
    this.names = source.name?.trim() ? [source.name.trim()] : [];
    this.orderIds = new Set(source.orders.map((o) => String(o.id)));
    const ids = new Map<number, Set<string>>();
    for (const { channelId, externalId } of [...source.orders, ...source.identities]) {
      if (!ids.has(channelId)) ids.set(channelId, new Set());
      ids.get(channelId)!.add(externalId);
    }
    this.externalIds = ids;
  }

  /** The channels the customer bought on or is known to. */
  get channelIds(): number[] {
    return [...this.externalIds.keys()];
  }

  /** The last four digits of the phone: every notation writes them together. */
  get phoneTail(): string | null {
    return this.phone && this.phone.length >= 4 ? this.phone.slice(-4) : null;
  }

  /**
   * Whether a payload received on `channelId` is about the customer: it holds one of their
   * e-mails or their phone, or names one of their orders or identities on that channel under an
   * id key.
   */
  mentionedIn(text: string | null | undefined, channelId: number, country: string | null): boolean {
    if (!text) return false;
    const lower = text.toLowerCase();
    if (this.emails.some((email) => lower.includes(email))) return true;
    const ids = this.externalIds.get(channelId);
    if (ids) {
      for (const match of text.matchAll(ID_PAIR)) if (ids.has(match[2])) return true;
    }
    return this.phone !== null && this.phonesIn(text, country).length > 0;
  }

  /** The spellings of the customer's phone in a text. */
  private phonesIn(text: string, country: string | null): string[] {
    if (!this.phoneTail || !text.includes(this.phoneTail)) return [];
    return [...text.matchAll(PHONE_LIKE)]
      .map((m) => m[0].trim())
      .filter((raw) => normalizePhone(raw, (country ?? undefined) as CountryCode | undefined) === this.phone);
  }

  /** Free text (a refusal reason quoting the payload) with the customer's e-mails, phone and name replaced. */
  redactText(text: string, country: string | null): string {
    let redacted = text;
    for (const value of [...this.emails, ...this.names, ...this.phonesIn(text, country)]) {
      redacted = redacted.replace(new RegExp(escapeRegExp(value), 'gi'), ERASED);
    }
    return redacted;
  }

  /**
   * A copy of a parsed payload with personal fields emptied: every value under a key that names
   * personal data (e-mail, phone, name, address, …) and every text that is one of the customer's
   * e-mails or their phone becomes null. Ids, amounts, products and statuses stay, so a payload
   * kept to be joined with others (an order's parts) still joins.
   */
  redactJson(value: unknown, country: string | null, personal = false): unknown {
    if (Array.isArray(value)) return value.map((item) => this.redactJson(item, country, personal));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, this.redactJson(item, country, personal || PERSONAL_KEY.test(key))]),
      );
    }
    if (typeof value === 'string') return personal || this.isPersonalText(value, country) ? null : value;
    return personal && typeof value === 'number' ? null : value;
  }

  private isPersonalText(text: string, country: string | null): boolean {
    const lower = text.trim().toLowerCase();
    if (this.emails.includes(lower)) return true;
    return this.phone !== null && normalizePhone(text, (country ?? undefined) as CountryCode | undefined) === this.phone;
  }
}
