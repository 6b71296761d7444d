import { MoneyError, normalizeCurrencyCode, parseMoney } from '../money';

/** Longest SKU and title, in characters (Unicode code points, as PostgreSQL counts them). */
export const MAX_SKU_LENGTH = 200;
export const MAX_TITLE_LENGTH = 500;

/** A catalog item as the caller wrote it (GraphQL input or a CSV row): blank cost and currency mean none. */
export interface CatalogItemDraft {
  sku: string;
  title: string;
  cost?: string | null;
  currencyCode?: string | null;
}

/** A catalog item checked and ready to store: money in integer minor units. */
export interface CheckedCatalogItem {
  sku: string;
  title: string;
  costMinor: number | null;
  currencyCode: string | null;
}

/** The part of an item at fault, by its GraphQL input field name. */
export type CatalogItemField = 'sku' | 'title' | 'cost' | 'currencyCode';

export type CatalogItemCheck =
  | { ok: true; item: CheckedCatalogItem }
  /** `code` is machine-readable (INVALID_SKU…); `message` says what is wrong, without the field's name. */
  | { ok: false; field: CatalogItemField; code: string; message: string };

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const refuse = (field: CatalogItemField, code: string, message: string): CatalogItemCheck => ({ ok: false, field, code, message });

/** Blank (absent, null or only spaces) reads as not given. */
function given(value: string | null | undefined): string | null {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return trimmed === '' ? null : trimmed;
}

/** The trimmed text, or why it cannot be a SKU or title. */
function checkText(value: unknown, field: 'sku' | 'title', max: number): string | CatalogItemCheck {
  const code = field === 'sku' ? 'INVALID_SKU' : 'INVALID_TITLE';
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return refuse(field, code, 'must not be empty');
  const length = [...text].length;
  if (length > max) return refuse(field, code, `must be at most ${max} characters; got ${length}`);
  if (CONTROL.test(text)) return refuse(field, code, 'must be one line of text, without control characters');
  return text;
}

/**
 * Checks one catalog item: SKU (trimmed, 1–200 characters) and title (trimmed, 1–500), and the
 * cost, an exact decimal in major units (≥ 0, at most its currency's decimals) that comes with
 * its ISO-4217 currency, or neither. Pure: the first fault found is returned as a value.
 * @example checkCatalogItem({ sku: 'MUG-1', title: 'Mug', cost: '4.20', currencyCode: 'eur' })
 * // { ok: true, item: { sku: 'MUG-1', title: 'Mug', costMinor: 420, currencyCode: 'EUR' } }
 */
export function checkCatalogItem(draft: CatalogItemDraft): CatalogItemCheck {
  const sku = checkText(draft.sku, 'sku', MAX_SKU_LENGTH);
  if (typeof sku !== 'string') return sku;
  const title = checkText(draft.title, 'title', MAX_TITLE_LENGTH);
  if (typeof title !== 'string') return title;
  const cost = given(draft.cost);
  const currency = given(draft.currencyCode);
  if (cost === null && currency === null) return { ok: true, item: { sku, title, costMinor: null, currencyCode: null } };
  if (cost === null) return refuse('cost', 'INVALID_COST', `is missing: the currency ${currency} is given without a cost`);
  if (currency === null) return refuse('currencyCode', 'INVALID_CURRENCY', `is missing: the cost "${cost}" needs its currency`);
  let code: string;
  try {
    code = normalizeCurrencyCode(currency);
  } catch {
    return refuse('currencyCode', 'INVALID_CURRENCY', `"${currency}" is not an ISO-4217 currency code`);
  }
  try {
    const money = parseMoney(cost, code);
    if (money.minor < 0) return refuse('cost', 'INVALID_COST', `must be 0 or more; got "${cost}"`);
    return { ok: true, item: { sku, title, costMinor: money.minor, currencyCode: money.currency } };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    const why = error.code === 'INVALID_AMOUNT' ? `"${cost}" is not a decimal amount in major units, such as "12.50"` : error.message;
    return refuse('cost', 'INVALID_COST', why);
  }
}
