import type { ChannelPlugin } from '../plugin';
import type { ChannelRecord, OrderRecord } from '../records';
import { deepClone, firstDifference } from './difference';
import type { MutationFamily } from './mutations';
import { ORDER_CHECKS, type LocatedOrder } from './order-checks';
import { CRASH_PREFIX, recordProblems, resultProblems } from './result-shape';
import { describeRun, inputFor, runNormalize, runOnClone, type Run } from './run';
import type { ConformanceCase, ConformanceCheck, OrderBalance } from './types';

/** Runs a check body, turning anything it throws (a malformed record) into a problem. */
export function guard(run: () => string[]): string[] {
  try {
    return run();
  } catch (error) {
    return [`the check could not read the result: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/** The records of a run, when it gave a well-formed record result. */
export function recordsOf(run: Run): ChannelRecord[] {
  if (run.threw || run.result.outcome !== 'record' || !Array.isArray(run.result.records)) return [];
  return run.result.records;
}

export function locatedOrders(run: Run): LocatedOrder[] {
  return recordsOf(run).flatMap((r, i) => (r && r.kind === 'order' ? [{ order: r as OrderRecord, where: `records[${i}]` }] : []));
}

export function normalizes(run: Run): ConformanceCheck {
  const problems = run.threw ? [describeRun(run)] : resultProblems(run.result);
  if (!run.threw && run.result.outcome === 'invalid') problems.push(describeRun(run));
  return { id: 'normalizes', title: 'normalizes to a record or a skip, not invalid', problems };
}

export function recordsWellFormed(run: Run): ConformanceCheck {
  const problems = recordsOf(run).flatMap((r, i) => guard(() => recordProblems(r as unknown as Record<string, unknown>, `records[${i}]`)));
  return { id: 'records', title: 'every record has the fields of its kind', problems };
}

export function balanceCheck(balances: OrderBalance[], toleranceMinor: number): ConformanceCheck {
  const differences = balances.map((b) => `${b.difference} on order ${b.externalId}`).join(', ');
  return {
    id: 'money-balances',
    title: `money balances within ${toleranceMinor} minor units: subtotal − discountTotal + shippingTotal (+ taxTotal unless taxesIncluded) = total (difference ${differences})`,
    problems: balances.filter((b) => !b.withinTolerance).map((b) => `order ${b.externalId}: total is off the sum of its parts by ${b.difference}`),
  };
}

export function orderChecks(orders: LocatedOrder[]): ConformanceCheck[] {
  return ORDER_CHECKS.map((c) => ({ id: c.id, title: c.title, problems: orders.flatMap((o) => guard(() => c.run(o))) }));
}

export function deterministic(first: Run, second: Run): ConformanceCheck {
  const at = firstDifference(first, second);
  return {
    id: 'deterministic',
    title: 'normalize is deterministic: two runs on deep clones deep-equal',
    problems: at === null ? [] : [`two runs differ at ${at}`],
  };
}

export function pure(plugin: ChannelPlugin, testCase: ConformanceCase): ConformanceCheck {
  const input = inputFor(testCase, deepClone(testCase.payload));
  const before = deepClone(input);
  runNormalize(plugin, input);
  const at = firstDifference(input, before);
  return { id: 'pure', title: 'normalize is pure: its input is not mutated', problems: at === null ? [] : [`normalize changed its input at ${at}`] };
}

function idsOf(run: Run): string[] {
  return recordsOf(run).map((r) => {
    switch (r.kind) {
      case 'order': return `order ${r.externalId}`;
      case 'customer': return `customer ${r.customer?.externalId}`;
      case 'refund': return `refund ${r.refundId} of order ${r.orderExternalId}`;
      case 'cancellation': return `cancellation of order ${r.orderExternalId}`;
      case 'payment': return `payment ${r.paymentId}`;
      case 'orderPart': return `part ${r.part} of order ${r.orderExternalId}`;
      default: return `unknown record`;
    }
  });
}

export function stableIds(first: Run, second: Run): ConformanceCheck {
  const [a, b] = [idsOf(first), idsOf(second)];
  const same = a.length === b.length && a.every((id, i) => id === b[i]);
  return { id: 'stable-ids', title: 'ids are stable: the same external ids on every run', problems: same ? [] : [`first run: ${a.join(', ')}; second run: ${b.join(', ')}`] };
}

/**
 * Problems of one run on a malformed payload: a throw, a malformed result, a crash, or a record
 * that is not well-formed. The money arithmetic is not checked: a mangled payload need not balance.
 */
function mutationProblems(run: Run): string[] {
  if (run.threw) return [describeRun(run)];
  const shape = resultProblems(run.result);
  if (shape.length) return shape;
  if (run.result.outcome === 'invalid' && run.result.reason.startsWith(CRASH_PREFIX)) return [`crashed instead of rejecting: ${run.result.reason}`];
  const records = recordsWellFormed(run).problems;
  const orders = orderChecks(locatedOrders(run)).filter((c) => !['line-totals', 'subtotal'].includes(c.id));
  return [...records, ...orders.flatMap((c) => c.problems)];
}

export function survives(plugin: ChannelPlugin, testCase: ConformanceCase, family: MutationFamily): ConformanceCheck {
  const problems = family.mutations().flatMap((m) => mutationProblems(runNormalize(plugin, inputFor(testCase, m.payload))).map((p) => `${m.name}: ${p}`));
  return { id: family.id, title: family.title, problems };
}
