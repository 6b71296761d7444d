/// <reference types="jest" />
/**
 * The plugin conformance kit: checks a channel plugin against the SDK contract on payloads of
 * its channel. Every built-in plugin runs it in its tests; partners run it on theirs.
 *
 * @example
 * import { describeConformance } from '../../src/plugin-sdk/testing';
 * describeConformance(plugin, [{ name: 'orders/create', payload, headers: { 'X-Shopify-Topic': 'orders/create' } }]);
 */
import type { ChannelPlugin } from '../plugin';
import {
  balanceCheck,
  deterministic,
  locatedOrders,
  normalizes,
  orderChecks,
  pure,
  recordsOf,
  recordsWellFormed,
  stableIds,
  survives,
} from './case-checks';
import { mutationFamilies } from './mutations';
import { balanceOf } from './order-checks';
import { runOnClone } from './run';
import type { ConformanceCase, ConformanceOptions, ConformanceReport } from './types';

export type { ConformanceCase, ConformanceCheck, ConformanceOptions, ConformanceReport, OrderBalance } from './types';

function checkCase(plugin: ChannelPlugin, testCase: ConformanceCase, toleranceMinor: number): ConformanceReport {
  const first = runOnClone(plugin, testCase);
  const second = runOnClone(plugin, testCase);
  const orders = locatedOrders(first);
  const balances = orders.map(({ order }) => balanceOf(order, toleranceMinor));
  const checks = [normalizes(first)];
  if (recordsOf(first).length > 0) checks.push(recordsWellFormed(first));
  if (orders.length > 0) {
    checks.push(...orderChecks(orders), balanceCheck(balances, toleranceMinor));
  }
  checks.push(deterministic(first, second), pure(plugin, testCase), stableIds(first, second));
  for (const family of mutationFamilies(testCase.payload)) checks.push(survives(plugin, testCase, family));
  return {
    case: testCase.name,
    outcome: first.threw ? 'threw' : first.result.outcome,
    balances,
    checks,
    ok: checks.every((c) => c.problems.length === 0),
  };
}

/** The conformance checks as plain functions, for use outside jest: one report per case. */
export function checkConformance(plugin: ChannelPlugin, cases: ConformanceCase[], options: ConformanceOptions = {}): ConformanceReport[] {
  const tolerance = options.balanceToleranceMinor ?? 0;
  return cases.map((testCase) => checkCase(plugin, testCase, tolerance));
}

/**
 * Registers jest describe/it blocks checking a plugin against the SDK contract: one `it` per
 * check and case, failing with the check's problems. The balance test's name carries each
 * order's difference between its total and the sum of its parts.
 */
export function describeConformance(plugin: ChannelPlugin, cases: ConformanceCase[], options: ConformanceOptions = {}): void {
  describe(`${plugin.name} ${plugin.version} conforms to the plugin SDK`, () => {
    for (const report of checkConformance(plugin, cases, options)) {
      describe(report.case, () => {
        for (const check of report.checks) {
          it(check.title, () => {
            expect(check.problems).toEqual([]);
          });
        }
      });
    }
  });
}
