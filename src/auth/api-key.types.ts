import { Field, ID, InputType, ObjectType } from 'type-graphql';

import { RateLimitInput } from '../rate-limit/rate-limit.type';
import { Role } from './role';

@InputType()
export class CreateApiKeyInput {
  @Field()
  name: string;

  @Field(() => Role)
  role: Role;

  @Field(() => String, { nullable: true, description: 'The channel a PARTNER key is bound to.' })
  channelCode?: string | null;

  @Field(() => RateLimitInput, { nullable: true, description: "The limit on this key's GraphQL requests; absent: the gateway's default." })
  rateLimit?: RateLimitInput | null;

  @Field(() => RateLimitInput, { nullable: true, description: "The limit on this key's imports; absent: the gateway's default." })
  importRateLimit?: RateLimitInput | null;
}

@InputType()
export class ApiKeyRateLimitsInput {
  @Field(() => RateLimitInput, { nullable: true, description: "GraphQL requests; null: back to the gateway's default; absent: unchanged." })
  rateLimit?: RateLimitInput | null;

  @Field(() => RateLimitInput, { nullable: true, description: "Imports; null: back to the gateway's default; absent: unchanged." })
  importRateLimit?: RateLimitInput | null;
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
