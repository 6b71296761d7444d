import { Field, InputType } from 'type-graphql';

import { ChannelKind } from '../channels/channel-kind';

/** Narrows a sales summary to some channels; every field given must match. */
@InputType({ description: 'Narrows Query.salesSummary to some channels. Every field given must match; null or empty: no restriction.' })
export class SalesSummaryFilter {
  @Field(() => [String], { nullable: true, description: 'Only these channels, by code (unknown codes match nothing).' })
  channelCodes?: string[] | null;

  @Field(() => [ChannelKind], { nullable: true, description: 'Only channels of these kinds.' })
  channelKinds?: ChannelKind[] | null;
}
