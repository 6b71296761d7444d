import type { ChannelContext, ChannelPlugin, NormalizeInput } from '../plugin';
import type { NormalizeResult } from '../results';
import { deepClone } from './difference';
import type { ConformanceCase } from './types';

/** What one `normalize` call gave: its result, or what it threw. */
export type Run = { threw: false; result: NormalizeResult } | { threw: true; error: string };

const DEFAULT_CHANNEL: ChannelContext = { code: 'conformance', currencyCode: 'USD', settings: {} };

/** The headers as the gateway passes them: names in lower case. */
function lowerCaseHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

/** A fresh input for `payload` with the case's headers and channel (nothing shared between calls). */
export function inputFor(testCase: ConformanceCase, payload: unknown): NormalizeInput {
  return {
    payload,
    headers: lowerCaseHeaders(testCase.headers),
    channel: { ...DEFAULT_CHANNEL, ...testCase.channel, settings: deepClone(testCase.channel?.settings ?? {}) },
  };
}

/** Calls `normalize`, catching what it throws (a conforming plugin never throws). */
export function runNormalize(plugin: ChannelPlugin, input: NormalizeInput): Run {
  try {
    return { threw: false, result: plugin.normalize(input) };
  } catch (error) {
    return { threw: true, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Runs `normalize` on a deep clone of the case's payload. */
export function runOnClone(plugin: ChannelPlugin, testCase: ConformanceCase): Run {
  return runNormalize(plugin, inputFor(testCase, deepClone(testCase.payload)));
}

/** A one-line account of a run, for problem messages. */
export function describeRun(run: Run): string {
  if (run.threw) return `threw ${run.error}`;
  const r = run.result as Partial<Record<string, unknown>> | null;
  if (r?.outcome === 'invalid') return `invalid at "${String(r.path)}": ${String(r.reason)}`;
  if (r?.outcome === 'skip') return `skip: ${String(r.reason)}`;
  if (r?.outcome === 'record') return `record (${Array.isArray(r.records) ? r.records.length : '?'} records)`;
  return `a malformed result ${JSON.stringify(r)?.slice(0, 200)}`;
}
