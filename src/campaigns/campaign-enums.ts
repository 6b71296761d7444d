import { registerEnumType } from 'type-graphql';

/** How a campaign combines with the others a cart qualifies for (see docs/pricing.md). */
export enum CampaignStacking {
  EXCLUSIVE = 'EXCLUSIVE',
  STACKABLE = 'STACKABLE',
}

registerEnumType(CampaignStacking, {
  name: 'CampaignStacking',
  description:
    'STACKABLE: applies beside others. EXCLUSIVE: applies alone: once applied it excludes every campaign of lower priority, ' +
    'and it does not apply after a campaign of higher priority already has.',
});

/** What a campaign gives (see docs/pricing.md for each formula). */
export enum CampaignRuleKind {
  PERCENT_OFF = 'PERCENT_OFF',
  AMOUNT_OFF = 'AMOUNT_OFF',
  SPEND_THRESHOLD = 'SPEND_THRESHOLD',
  GIFT = 'GIFT',
  FLASH_PRICE = 'FLASH_PRICE',
  POINTS_MULTIPLIER = 'POINTS_MULTIPLIER',
}

registerEnumType(CampaignRuleKind, {
  name: 'CampaignRuleKind',
  description:
    'PERCENT_OFF: a percentage off its lines. AMOUNT_OFF: a fixed amount off its lines. SPEND_THRESHOLD: an amount off once its lines ' +
    'reach a spend, in tiers or for every full spend. GIFT: a SKU free with a qualifying purchase. FLASH_PRICE: a fixed unit price for ' +
    'a SKU, up to a number of units. POINTS_MULTIPLIER: points earned multiplied.',
});
