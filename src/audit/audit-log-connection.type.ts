import { Field, Int, ObjectType } from 'type-graphql';

import { PageInfo } from '../common/pagination';
import { AuditLogEntry } from './audit-log.entity';

@ObjectType({ simpleResolvers: true })
export class AuditLogEdge {
  @Field()
  cursor: string;

  @Field(() => AuditLogEntry)
  node: AuditLogEntry;
}

/** A page of the audit log, newest first. totalCount runs its count only when it is asked for. */
@ObjectType({ simpleResolvers: true })
export class AuditLogConnection {
  @Field(() => [AuditLogEdge])
  edges: AuditLogEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  constructor(edges: AuditLogEdge[], pageInfo: PageInfo, private readonly count: () => Promise<number>) {
    this.edges = edges;
    this.pageInfo = pageInfo;
  }

  @Field(() => Int, { description: 'Entries matching the filters, over all pages; counted only when asked for.' })
  totalCount(): Promise<number> {
    return this.count();
  }
}
