import { Field, ID, InputType, ObjectType } from 'type-graphql';

import { Role } from './role';

@InputType()
export class CreateApiKeyInput {
  @Field()
  name: string;

  @Field(() => Role)
  role: Role;

  @Field(() => String, { nullable: true, description: 'The channel a PARTNER key is bound to.' })
  channelCode?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A new key. `key` is the secret, shown this once and never again.' })
export class CreatedApiKey {
  @Field(() => ID)
  id: number;

  @Field()
  key: string;

  @Field(() => Role)
  role: Role;

  @Field(() => String, { nullable: true })
  channelCode: string | null;
}
