import type { EventPrunerOptions } from '../../src/events/event-pruner';
import type { TestGateway } from '../../src/testing/test-gateway';

/**
 * Options for an event pruner of the gateway under test whose clock runs 40 days ahead: every
 * event there is older than the 30 days the log keeps.
 */
export function prunerSeenLater(t: TestGateway): EventPrunerOptions {
  return {
    orm: t.gateway.orm,
    dialect: process.env.SALESGRAPH_TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite',
    log: t.gateway.log,
    retentionDays: 30,
    now: () => Date.now() + 40 * 86_400_000,
  };
}
