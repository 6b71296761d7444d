import type { ChannelRecord } from './records';

/**
 * What `normalize` returns. Bad data is a value, never a throw:
 * - `record`: the payload is understood; `records` are what it says (several for an API page),
 * - `skip`: understood and deliberately ignored (a topic the plugin does not handle),
 * - `invalid`: not acceptable; `path` points at the offending field (`line_items[2].price`).
 */
export type NormalizeResult =
  | { outcome: 'record'; records: ChannelRecord[]; warnings: string[] }
  | { outcome: 'skip'; reason: string }
  | { outcome: 'invalid'; reason: string; path: string };

export function record(records: ChannelRecord | ChannelRecord[], warnings: string[] = []): NormalizeResult {
  return { outcome: 'record', records: Array.isArray(records) ? records : [records], warnings };
}

export function skip(reason: string): NormalizeResult {
  return { outcome: 'skip', reason };
}

export function invalid(reason: string, path = ''): NormalizeResult {
  return { outcome: 'invalid', reason, path };
}

/**
 * Thrown by the payload readers (and by plugins, if they like) to reject a payload at a path;
 * `defineChannelPlugin` turns it into an `invalid` result, so `normalize` never throws.
 */
export class PayloadError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadError';
  }
}
