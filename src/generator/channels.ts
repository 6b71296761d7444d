/**
 * The channels generated data is sold through, and how each behaves: its id styles, tax rates,
 * shipping, local time zone, share of orders and of walk-in (anonymous) buyers.
 *
 * @packageDocumentation
 */

import { ChannelKind } from '../channels/channel-kind';
import { majorToMinor } from './minor-units';

/** A channel the generator can create and fill: the columns of a `channel` row. */
export interface DemoChannel {
  /** Unique short code, e.g. "web-us". */
  readonly code: string;
  readonly name: string;
  readonly kind: ChannelKind;
  /** A built-in plugin name: shopify, amazon-sp-api, square-pos, pos-csv, woocommerce. */
  readonly plugin: string;
  /** ISO-4217 currency of the channel's orders. */
  readonly currencyCode: string;
  /** ISO-3166 alpha-2 country. */
  readonly countryCode: string;
}

/**
 * The three demo channels: a Shopify storefront in USD, an Amazon Japan marketplace account in
 * JPY (a zero-decimal currency) and a physical store in Shanghai selling in CNY.
 */
export const DEMO_CHANNELS: ReadonlyArray<DemoChannel> = Object.freeze([
  { code: 'web-us', name: 'Web Store (US)', kind: ChannelKind.STOREFRONT, plugin: 'shopify', currencyCode: 'USD', countryCode: 'US' },
  { code: 'amazon-jp', name: 'Amazon.co.jp', kind: ChannelKind.MARKETPLACE, plugin: 'amazon-sp-api', currencyCode: 'JPY', countryCode: 'JP' },
  { code: 'store-cn', name: 'Shanghai Flagship Store', kind: ChannelKind.OFFLINE_STORE, plugin: 'pos-csv', currencyCode: 'CNY', countryCode: 'CN' },
]);

/**
 * The demo channels plus two more for benchmarks: a WooCommerce shop in EUR and a Square point
 * of sale in New York (USD), so every built-in plugin has data.
 */
export const BENCH_CHANNELS: ReadonlyArray<DemoChannel> = Object.freeze([
  ...DEMO_CHANNELS,
  { code: 'shop-eu', name: 'Online Shop (EU)', kind: ChannelKind.STOREFRONT, plugin: 'woocommerce', currencyCode: 'EUR', countryCode: 'DE' },
  { code: 'store-us', name: 'SoHo Store', kind: ChannelKind.OFFLINE_STORE, plugin: 'square-pos', currencyCode: 'USD', countryCode: 'US' },
]);

/** The person locales the generator draws customers from. */
export type PersonLocale = 'en_US' | 'ja' | 'zh_CN' | 'de';

/** The language product titles are written in on a channel. */
export type CatalogLanguage = 'en' | 'ja' | 'zh' | 'de';

/** The style of a channel's order ids, order numbers and customer ids. */
export type IdStyle = 'shopify' | 'amazon' | 'pos' | 'square' | 'woocommerce';

/** How the generator fills one channel. */
export interface ChannelProfile {
  readonly channel: DemoChannel;
  readonly idStyle: IdStyle;
  /** Customers of this channel mostly live here. */
  readonly locale: PersonLocale;
  readonly language: CatalogLanguage;
  /** Offset of the channel's local time from UTC, in minutes (no daylight saving). */
  readonly utcOffsetMinutes: number;
  /** Sales-tax / VAT rates in basis points; one is chosen per order (US states differ). */
  readonly taxRatesBps: ReadonlyArray<number>;
  /** Flat shipping fees in minor units and the order subtotal from which shipping is free; null offline. */
  readonly shipping: { readonly feesMinor: ReadonlyArray<number>; readonly freeFromMinor: number; readonly freeShare: number } | null;
  /** Relative share of all orders. */
  readonly orderWeight: number;
  /** Share of orders without a known customer (walk-ins, guest checkouts, Amazon without buyer data). */
  readonly anonymousShare: number;
  /** Share of orders carrying a discount. */
  readonly discountShare: number;
  /** Whether discounts here may come from typed coupon codes. */
  readonly couponCodes: boolean;
  /** Store codes for point-of-sale receipts. */
  readonly storeCodes: ReadonlyArray<string>;
  /** Relay-alias e-mail domain of a marketplace, e.g. "marketplace.amazon.co.jp". */
  readonly relayDomain: string | null;
}

const LOCALE_BY_COUNTRY: Record<string, PersonLocale> = { US: 'en_US', JP: 'ja', CN: 'zh_CN', DE: 'de', AT: 'de', CH: 'de' };
const LANGUAGE_BY_LOCALE: Record<PersonLocale, CatalogLanguage> = { en_US: 'en', ja: 'ja', zh_CN: 'zh', de: 'de' };
const OFFSET_BY_COUNTRY: Record<string, number> = { US: -5 * 60, JP: 9 * 60, CN: 8 * 60, DE: 60, AT: 60, CH: 60, GB: 0, FR: 60 };
const TAX_BY_COUNTRY: Record<string, number[]> = {
  US: [0, 400, 600, 625, 700, 725, 800, 825, 875, 888],
  JP: [1000],
  CN: [1300],
  DE: [1900],
  AT: [2000],
  CH: [810],
  GB: [2000],
  FR: [2000],
};
const AMAZON_RELAY: Record<string, string> = {
  US: 'marketplace.amazon.com',
  JP: 'marketplace.amazon.co.jp',
  DE: 'marketplace.amazon.de',
  GB: 'marketplace.amazon.co.uk',
  FR: 'marketplace.amazon.fr',
  CN: 'marketplace.amazon.cn',
};
const STORE_CODES: Record<string, string[]> = {
  CN: ['SH01', 'SH02', 'BJ01'],
  US: ['NYC01', 'NYC02'],
  JP: ['TYO01', 'OSA01'],
  DE: ['BER01', 'MUC01'],
};

/** Flat shipping fees of storefronts (standard, expedited, express) in minor units, by currency. */
const STOREFRONT_FEES: Record<string, number[]> = { USD: [599, 899, 1499], EUR: [495, 695, 1295], JPY: [600, 880], CNY: [1000, 2000], GBP: [399, 699] };
const STOREFRONT_FREE_FROM: Record<string, number> = { USD: 5000, EUR: 6000, JPY: 5000, CNY: 19900, GBP: 4000 };
const MARKETPLACE_FEES: Record<string, number[]> = { USD: [499, 699], EUR: [399], JPY: [410, 550], CNY: [1000] };
const MARKETPLACE_FREE_FROM: Record<string, number> = { USD: 3500, EUR: 2900, JPY: 3500, CNY: 9900 };

function idStyleOf(plugin: string): IdStyle {
  switch (plugin) {
    case 'shopify':
      return 'shopify';
    case 'amazon-sp-api':
      return 'amazon';
    case 'square-pos':
      return 'square';
    case 'woocommerce':
      return 'woocommerce';
    default:
      return 'pos';
  }
}

/** The generator's behaviour for a channel, derived from its plugin, kind, country and currency. */
export function profileFor(channel: DemoChannel): ChannelProfile {
  const country = channel.countryCode.toUpperCase();
  const locale = LOCALE_BY_COUNTRY[country] ?? 'en_US';
  const currency = channel.currencyCode;
  const online = channel.kind !== ChannelKind.OFFLINE_STORE;
  const marketplace = channel.kind === ChannelKind.MARKETPLACE;
  const shipping = !online
    ? null
    : marketplace
      ? { feesMinor: MARKETPLACE_FEES[currency] ?? [majorToMinor(5, currency)], freeFromMinor: MARKETPLACE_FREE_FROM[currency] ?? majorToMinor(35, currency), freeShare: 0.7 }
      : {
          feesMinor: STOREFRONT_FEES[currency] ?? [majorToMinor(6, currency), majorToMinor(9, currency), majorToMinor(15, currency)],
          freeFromMinor: STOREFRONT_FREE_FROM[currency] ?? majorToMinor(50, currency),
          freeShare: 0.1,
        };
  return {
    channel,
    idStyle: idStyleOf(channel.plugin),
    locale,
    language: LANGUAGE_BY_LOCALE[locale],
    utcOffsetMinutes: OFFSET_BY_COUNTRY[country] ?? 0,
    taxRatesBps: TAX_BY_COUNTRY[country] ?? [1000],
    shipping,
    orderWeight: channel.kind === ChannelKind.STOREFRONT ? 0.45 : marketplace ? 0.35 : 0.2,
    anonymousShare: channel.kind === ChannelKind.OFFLINE_STORE ? 0.4 : marketplace ? 0.03 : 0.06,
    discountShare: channel.kind === ChannelKind.OFFLINE_STORE ? 0.15 : 0.22,
    couponCodes: channel.kind === ChannelKind.STOREFRONT,
    storeCodes: STORE_CODES[country] ?? ['STORE01'],
    relayDomain: marketplace ? (AMAZON_RELAY[country] ?? 'marketplace.amazon.com') : null,
  };
}
