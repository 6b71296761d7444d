import { isCurrencyCode } from '../../money/currency';
import type { CampaignRule, Cart, CartLine } from './pricing-types';

/**
 * What is wrong with a pricing input: where (`lines[2].quantity`, `rule.tiers[1].spendMinor`,
 * named after the fields of pricing-types.ts) and a sentence for the API user.
 */
export interface PricingProblem {
  path: string;
  message: string;
}

/** The most lines a cart may have. */
export const MAX_CART_LINES = 500;
/** The most units one cart line may have. */
export const MAX_LINE_QUANTITY = 100_000;
/** The longest SKU, in characters. */
export const MAX_SKU_LENGTH = 100;
/** The most units one GIFT rule may add. */
export const MAX_GIFT_QUANTITY = 1000;

const isWhole = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean =>
  Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;

function skuProblem(sku: unknown): string | null {
  if (typeof sku !== 'string' || sku.trim() === '') return 'The SKU must not be empty.';
  if (sku.length > MAX_SKU_LENGTH) return `The SKU must be at most ${MAX_SKU_LENGTH} characters long.`;
  return null;
}

function currencyProblem(currency: unknown): string | null {
  return typeof currency === 'string' && isCurrencyCode(currency)
    ? null
    : `"${String(currency)}" is not a known ISO-4217 currency code (upper case, such as EUR).`;
}

function checkLine(line: CartLine, path: string, problems: PricingProblem[]): void {
  const sku = skuProblem(line.sku);
  if (sku) problems.push({ path: `${path}.sku`, message: sku });
  if (!isWhole(line.quantity, 1, MAX_LINE_QUANTITY)) {
    problems.push({ path: `${path}.quantity`, message: `The quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}.` });
  }
  if (!isWhole(line.unitPriceMinor, 0)) {
    problems.push({ path: `${path}.unitPriceMinor`, message: 'The unit price must be a whole number of minor units, zero or more.' });
  } else if (isWhole(line.quantity, 1) && !Number.isSafeInteger(line.quantity * line.unitPriceMinor)) {
    problems.push({ path, message: 'The line is too large to price: quantity × unit price exceeds the largest amount supported.' });
  }
}

/**
 * Everything quoteCart assumes of a cart: a known currency, 1 to 500 lines, each with a SKU,
 * a quantity from 1 to 100,000 and a unit price of zero or more minor units, a cart subtotal
 * within the safe-integer range, a valid `at`, and whole points per unit when given.
 * Returns every problem found, none for a cart that can be quoted.
 */
export function checkCart(cart: Cart): PricingProblem[] {
  const problems: PricingProblem[] = [];
  const currency = currencyProblem(cart.currency);
  if (currency) problems.push({ path: 'currency', message: currency });
  if (!(cart.at instanceof Date) || Number.isNaN(cart.at.getTime())) {
    problems.push({ path: 'at', message: 'The moment of the quote must be a valid date.' });
  }
  if (cart.lines.length === 0) problems.push({ path: 'lines', message: 'The cart must have at least one line.' });
  if (cart.lines.length > MAX_CART_LINES) {
    problems.push({ path: 'lines', message: `The cart may have at most ${MAX_CART_LINES} lines; it has ${cart.lines.length}.` });
  }
  const before = problems.length;
  cart.lines.forEach((line, i) => checkLine(line, `lines[${i}]`, problems));
  if (problems.length === before) {
    const subtotal = cart.lines.reduce((sum, line) => sum + BigInt(line.quantity) * BigInt(line.unitPriceMinor), 0n);
    if (subtotal > BigInt(Number.MAX_SAFE_INTEGER)) {
      problems.push({ path: 'lines', message: "The cart's subtotal exceeds the largest amount supported." });
    }
  }
  if (cart.basePointsPerUnit !== undefined && !isWhole(cart.basePointsPerUnit, 0)) {
    problems.push({ path: 'basePointsPerUnit', message: 'Points per unit must be a whole number, zero or more.' });
  }
  return problems;
}

type Check = (path: string, ok: boolean, message: string) => void;

function checkTiers(rule: Extract<CampaignRule, { kind: 'SPEND_THRESHOLD' }>, check: Check): void {
  const tiers = Array.isArray(rule.tiers) ? rule.tiers : [];
  check('rule.tiers', tiers.length > 0, 'A spend threshold needs at least one tier.');
  tiers.forEach((tier, i) => {
    const path = `rule.tiers[${i}]`;
    const spendOk = isWhole(tier.spendMinor, 1);
    check(`${path}.spendMinor`, spendOk, "The tier's spend must be more than zero.");
    const previous = i > 0 ? tiers[i - 1].spendMinor : null;
    if (spendOk && previous !== null && isWhole(previous, 1)) {
      check(`${path}.spendMinor`, tier.spendMinor > previous, "Each tier's spend must be more than the spend of the tier before it.");
    }
    check(`${path}.offMinor`, isWhole(tier.offMinor, 1), "The tier's amount off must be more than zero.");
    if (spendOk && isWhole(tier.offMinor, 1)) {
      check(`${path}.offMinor`, tier.offMinor <= tier.spendMinor, "The tier's amount off may not exceed its spend.");
    }
  });
  check('rule.repeat', typeof rule.repeat === 'boolean', 'Repeat must be true or false.');
  if (rule.repeat === true) {
    check('rule.repeat', tiers.length === 1, 'A repeating threshold must have exactly one tier.');
  }
  if (rule.maxRepeats !== null) {
    check('rule.maxRepeats', isWhole(rule.maxRepeats, 1), 'The most repeats must be a whole number, 1 or more (or none for no limit).');
    check('rule.maxRepeats', rule.repeat === true, 'The most repeats applies only to a repeating threshold.');
  }
}

/**
 * Everything quoteCart assumes of a campaign rule: percentages from 0.01% to 100%, positive
 * amounts, tiers with a strictly increasing spend and an amount off no larger than it, repeats
 * only with one tier, gift quantities from 1 to 1,000, flash prices of zero or more, unit caps
 * of 1 or more, multipliers from ×1.01 to ×1000, and known currencies. Returns every problem
 * found, none for a rule that can be priced.
 */
export function checkCampaignRule(rule: CampaignRule): PricingProblem[] {
  const problems: PricingProblem[] = [];
  const check: Check = (path, ok, message) => {
    if (!ok) problems.push({ path, message });
  };
  if ('currency' in rule) {
    const currency = currencyProblem(rule.currency);
    if (currency) problems.push({ path: 'rule.currency', message: currency });
  }
  const skuCheck = (path: string, sku: unknown) => {
    const message = skuProblem(sku);
    if (message) problems.push({ path, message });
  };
  switch (rule.kind) {
    case 'PERCENT_OFF':
      check('rule.basisPoints', isWhole(rule.basisPoints, 1, 10_000), 'The percentage must be more than 0% and at most 100%, in steps of 0.01%.');
      break;
    case 'AMOUNT_OFF':
      check('rule.amountMinor', isWhole(rule.amountMinor, 1), 'The amount off must be more than zero.');
      break;
    case 'SPEND_THRESHOLD':
      checkTiers(rule, check);
      break;
    case 'GIFT':
      skuCheck('rule.giftSku', rule.giftSku);
      check('rule.quantity', isWhole(rule.quantity, 1, MAX_GIFT_QUANTITY), `The gift quantity must be a whole number from 1 to ${MAX_GIFT_QUANTITY}.`);
      check('rule.minSpendMinor', isWhole(rule.minSpendMinor, 0), 'The minimum spend must be zero or more.');
      break;
    case 'FLASH_PRICE':
      skuCheck('rule.sku', rule.sku);
      check('rule.unitPriceMinor', isWhole(rule.unitPriceMinor, 0), 'The flash price must be zero or more.');
      check('rule.unitCap', rule.unitCap === null || isWhole(rule.unitCap, 1), 'The unit cap must be a whole number, 1 or more (or none for no cap).');
      break;
    case 'POINTS_MULTIPLIER':
      check('rule.hundredths', isWhole(rule.hundredths, 101, 100_000), 'The multiplier must be more than ×1 and at most ×1000, in steps of 0.01.');
      break;
    default:
      problems.push({ path: 'rule.kind', message: `"${String((rule as { kind: unknown }).kind)}" is not a kind of campaign rule.` });
  }
  return problems;
}
