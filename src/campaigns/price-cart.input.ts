import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A line of a cart to price.' })
export class CartLineInput {
  @Field()
  sku: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => Int, { description: '1 to 100,000.' })
  quantity: number;

  @Field({ description: "Decimal in major units of the channel's currency: \"19.99\", \"1980\" (JPY)." })
  unitPrice: string;
}

@InputType({ description: 'A cart on a channel the company prices itself (its storefront, its stores).' })
export class PriceCartInput {
  @Field({ description: "The channel's code; the cart is in its currency." })
  channelCode: string;

  @Field(() => ID, { nullable: true, description: 'The customer, for tier-scoped campaigns and per-customer coupon limits; null: a guest.' })
  customerId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Coupon codes as entered (case and surrounding spaces do not matter).' })
  couponCodes?: string[] | null;

  @Field(() => [CartLineInput], { description: '1 to 500 lines.' })
  lines: CartLineInput[];

  @Field(() => Date, { nullable: true, description: 'The moment to price at (default now), e.g. to preview a scheduled campaign.' })
  at?: Date | null;
}
