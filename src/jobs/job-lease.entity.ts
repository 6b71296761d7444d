import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Who runs a background job (the channel pull, event pruning…) among the gateway processes
 * sharing a database, and until when. Taken and renewed with one conditional statement; see
 * lease.ts.
 */
@Entity({ tableName: 'job_lease' })
export class JobLease {
  /** The job's name, e.g. "channel-pull". */
  @PrimaryKey({ type: 'string', length: 100 })
  name: string;

  /** The process holding it: host, pid and a random part. */
  @Property({ type: 'string', length: 200 })
  holder: string;

  /** Epoch milliseconds, by the holder's clock; anyone may take the lease after this. */
  @Property({ type: new BigIntType('number') })
  expiresAt: number;
}
