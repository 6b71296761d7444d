import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

import { Role } from '../auth/role';
import { AuditAction, AuditTargetType } from './audit-action';

/**
 * One administrative change: who made it (the API key, by id and by the name it had then, and
 * its role), when, what, and to what. Details never hold a secret: a rotated webhook secret is
 * recorded as rotated, a key's secret not at all. Rows are only ever added.
 */
@ObjectType({ simpleResolvers: true, description: 'One administrative change: who, when, what.' })
@Entity({ tableName: 'audit_log' })
@Index({ name: 'audit_log_target_index', properties: ['targetType', 'targetId'] })
@Index({ name: 'audit_log_action_index', properties: ['action'] })
export class AuditLogEntry {
  [OptionalProps]?: 'at' | 'details';

  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id: number;

  @Field({ description: 'When the change was made.' })
  @Property({ type: 'datetime' })
  at: Date = new Date();

  /** No foreign key: the entry outlives anything done to the key. */
  @Field(() => ID, { description: 'The API key that made the change.' })
  @Property({ type: 'integer' })
  actorKeyId: number;

  @Field({ description: "The key's name when it made the change." })
  @Property({ type: 'string', length: 200 })
  actorKeyName: string;

  @Field(() => Role)
  @Property({ type: 'string', length: 16 })
  actorRole: Role;

  @Field(() => AuditAction)
  @Property({ type: 'string', length: 32 })
  action: AuditAction;

  @Field(() => AuditTargetType)
  @Property({ type: 'string', length: 16 })
  targetType: AuditTargetType;

  @Field(() => ID)
  @Property({ type: 'string', length: 200 })
  targetId: string;

  @Field(() => GraphQLJSON, { description: 'What changed, by action (never a secret).' })
  @Property({ type: 'json' })
  details: Record<string, unknown> = {};
}
