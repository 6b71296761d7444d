import { ArgsType, Field, Int } from 'type-graphql';

/** Relay forward pagination: `first` (default 20, at most 500) items after an opaque cursor. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size: default 20, at most 500.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the previous page.' })
  after?: string | null;
}
