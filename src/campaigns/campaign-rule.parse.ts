import { badUserInput } from '../common/errors';
import { isCurrencyCode } from '../money/currency';
import { parseMoney } from '../money/money';
import { MoneyError } from '../money/money-error';
import type { CampaignRuleInput } from './campaign.inputs';
import { checkCampaignRule } from './pricing/check-pricing-input';
import type { CampaignRule } from './pricing/pricing-types';

/** The input fields each kind takes besides `kind`; any other field set is refused. */
const FIELDS_OF: Record<CampaignRule['kind'], ReadonlyArray<keyof CampaignRuleInput>> = {
  PERCENT_OFF: ['percent'],
  AMOUNT_OFF: ['currencyCode', 'amount'],
  SPEND_THRESHOLD: ['currencyCode', 'tiers', 'repeat', 'maxRepeats'],
  GIFT: ['currencyCode', 'giftSku', 'giftTitle', 'giftQuantity', 'minSpend'],
  FLASH_PRICE: ['currencyCode', 'sku', 'unitPrice', 'unitCap'],
  POINTS_MULTIPLIER: ['multiplier'],
};

const ALL_FIELDS: ReadonlyArray<keyof CampaignRuleInput> = [
  'currencyCode', 'percent', 'amount', 'tiers', 'repeat', 'maxRepeats', 'giftSku', 'giftTitle', 'giftQuantity', 'minSpend', 'sku', 'unitPrice', 'unitCap', 'multiplier',
];

/** Stored rule fields whose input field has another name. */
const INPUT_NAME: Record<string, string> = {
  currency: 'currencyCode',
  basisPoints: 'percent',
  amountMinor: 'amount',
  spendMinor: 'spend',
  offMinor: 'off',
  quantity: 'giftQuantity',
  minSpendMinor: 'minSpend',
  unitPriceMinor: 'unitPrice',
  hundredths: 'multiplier',
};

/** "15", "12.5", "2.25" → hundredths (1500, 1250, 225): at most two decimals, exactly. */
export function parseHundredths(text: string, field: string): number {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw badUserInput(`${field} must be a decimal number with at most two decimals, such as "15" or "12.5"; got "${text}"`, field);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Minor units of a decimal amount in the rule's currency, refused with the field's name. */
function minorOf(text: string, currency: string, field: string): number {
  try {
    return parseMoney(text, currency).minor;
  } catch (error) {
    if (error instanceof MoneyError) throw badUserInput(`${field}: ${error.message}`, field);
    throw error;
  }
}

function required<T>(value: T | null | undefined, field: string, kind: string): T {
  if (value === null || value === undefined) throw badUserInput(`${field} is required for ${kind}`, field);
  return value;
}

/**
 * A campaign rule from its API input, exactly: amounts in minor units of the rule's currency,
 * percentages in basis points, multipliers in hundredths; then checked whole (see
 * checkCampaignRule). Every refusal names the field at fault under `field`.
 */
export function parseCampaignRule(input: CampaignRuleInput, field = 'input.rule'): CampaignRule {
  const kind = input.kind as CampaignRule['kind'];
  const takes = FIELDS_OF[kind];
  for (const name of ALL_FIELDS) {
    if (input[name] !== null && input[name] !== undefined && !takes.includes(name)) {
      throw badUserInput(`${field}.${name} does not apply to ${kind}; it takes ${takes.join(', ')}`, `${field}.${name}`);
    }
  }
  let currency = '';
  if (takes.includes('currencyCode')) {
    currency = required(input.currencyCode, `${field}.currencyCode`, kind).trim().toUpperCase();
    if (!isCurrencyCode(currency)) throw badUserInput(`${field}.currencyCode "${input.currencyCode}" is not an ISO-4217 currency`, `${field}.currencyCode`);
  }
  const rule = ((): CampaignRule => {
    switch (kind) {
      case 'PERCENT_OFF':
        return { kind, basisPoints: parseHundredths(required(input.percent, `${field}.percent`, kind), `${field}.percent`) };
      case 'AMOUNT_OFF':
        return { kind, currency, amountMinor: minorOf(required(input.amount, `${field}.amount`, kind), currency, `${field}.amount`) };
      case 'SPEND_THRESHOLD':
        return {
          kind,
          currency,
          tiers: required(input.tiers, `${field}.tiers`, kind).map((tier, i) => ({
            spendMinor: minorOf(tier.spend, currency, `${field}.tiers[${i}].spend`),
            offMinor: minorOf(tier.off, currency, `${field}.tiers[${i}].off`),
          })),
          repeat: input.repeat ?? false,
          maxRepeats: input.maxRepeats ?? null,
        };
      case 'GIFT':
        return {
          kind,
          currency,
          giftSku: required(input.giftSku, `${field}.giftSku`, kind).trim(),
          giftTitle: (input.giftTitle ?? input.giftSku ?? '').trim(),
          quantity: input.giftQuantity ?? 1,
          minSpendMinor: input.minSpend ? minorOf(input.minSpend, currency, `${field}.minSpend`) : 0,
        };
      case 'FLASH_PRICE':
        return {
          kind,
          currency,
          sku: required(input.sku, `${field}.sku`, kind).trim(),
          unitPriceMinor: minorOf(required(input.unitPrice, `${field}.unitPrice`, kind), currency, `${field}.unitPrice`),
          unitCap: input.unitCap ?? null,
        };
      case 'POINTS_MULTIPLIER':
        return { kind, hundredths: parseHundredths(required(input.multiplier, `${field}.multiplier`, kind), `${field}.multiplier`) };
    }
  })();
  const [problem] = checkCampaignRule(rule);
  if (problem) {
    // the check names the stored rule's fields ("rule.tiers[1].spendMinor"): the input's names here
    const path = problem.path.replace(/^rule/, field).replace(/\.(\w+)$/, (_, name: string) => `.${INPUT_NAME[name] ?? name}`);
    throw badUserInput(`${path}: ${problem.message}`, path);
  }
  return rule;
}
