/**
 * The salesgraph plugin SDK: the only module a channel plugin imports.
 *
 * A plugin turns what one channel sends into normalized records (orders, customers, refunds…)
 * that the gateway's ingestion pipeline stores. See docs/writing-a-plugin.md.
 */
export { SDK_VERSION } from './sdk-version';
export { defineChannelPlugin, retryAfterSeconds } from './plugin';
export type {
  BatchLineRejection,
  BatchReader,
  BatchUnit,
  ChannelContext,
  ChannelPlugin,
  ChannelPluginDefinition,
  EnrichResult,
  NormalizeInput,
  UpstreamContext,
  VerifyResult,
  WebhookRequest,
} from './plugin';
export type { PulledPayload, PullInput, PullPage, PullPages } from './pull';
export type {
  CancellationRecord,
  ChannelKindName,
  ChannelRecord,
  CustomerIdentityRecord,
  CustomerRecord,
  OrderLineRecord,
  OrderPartRecord,
  OrderRefundEntry,
  OrderRecord,
  OrderStatusName,
  PaymentRecord,
  RefundRecord,
} from './records';
export { invalid, PayloadError, record, skip } from './results';
export type { NormalizeResult } from './results';
export { PayloadReader } from './reader';
export { linesForCharge } from './line-charges';
export type { LineCharge } from './line-charges';
export { parseJsonPayload } from './json';
export { checkSettings, redactSettings } from './settings';
export type { SettingSpec, SettingsCheck, SettingsSchema } from './settings';
export { hmacSha256Base64, hmacSha256Hex, signaturesMatch, verifySalesgraphSignature } from './signatures';
export {
  add,
  currencyExponent,
  formatMinor,
  fromMinor,
  isCurrencyCode,
  MoneyError,
  multiply,
  normalizeCurrencyCode,
  parseMoney,
  subtract,
  sum,
  zero,
} from '../money';
export type { Money } from '../money';
