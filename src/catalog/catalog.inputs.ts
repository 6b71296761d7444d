import { ArgsType, Field, InputType } from 'type-graphql';

import { PageArgs } from '../common/page.args';

/** Most items one `setCatalogItems` call takes, and most SKUs one `catalogItems` filter names. */
export const MAX_ITEMS_PER_CALL = 1_000;

/** One SKU of the catalog as `setCatalogItems` takes it; it replaces whatever was stored for the SKU. */
@InputType({ description: "One SKU of the catalog; it replaces what is stored for the SKU (leaving out the cost clears it)." })
export class CatalogItemInput {
  @Field({ description: 'The SKU as the channels send it, matched exactly (case-sensitive); trimmed, 1–200 characters.' })
  sku: string;

  @Field({ description: 'Trimmed, 1–500 characters.' })
  title: string;

  @Field(() => String, {
    nullable: true,
    description: 'What a unit costs the company: an exact decimal in major units ("12.50", "5980" JPY), 0 or more, with currencyCode.',
  })
  cost?: string | null;

  @Field(() => String, { nullable: true, description: "The cost's ISO-4217 currency; given exactly when cost is." })
  currencyCode?: string | null;
}

/** The arguments of `Query.catalogItems`. */
@ArgsType()
export class CatalogItemsArgs extends PageArgs {
  @Field(() => [String], {
    nullable: true,
    description: `Only these SKUs (exact, at most ${MAX_ITEMS_PER_CALL}); null or empty: every SKU.`,
  })
  skus?: string[] | null;
}
