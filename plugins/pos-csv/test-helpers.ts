import fs from 'node:fs';
import path from 'node:path';

import { formatMinor, type BatchUnit, type ChannelContext, type Money } from '../../src/plugin-sdk';
import plugin from './index';

export const FIXTURES = path.join(__dirname, 'fixtures');

/** The bytes in small chunks, so that rows and UTF-8 characters straddle chunk boundaries. */
export async function* chunked(bytes: Buffer, size = 7): AsyncIterable<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export function channel(currencyCode = 'EUR', settings: Record<string, unknown> = {}): ChannelContext {
  return { code: 'pos', currencyCode, settings };
}

export async function readAll(input: AsyncIterable<Buffer>, ctx: ChannelContext): Promise<BatchUnit[]> {
  const units: BatchUnit[] = [];
  for await (const unit of plugin.batch!.read(input, ctx)) units.push(unit);
  return units;
}

export const readFixture = (file: string, ctx: ChannelContext, size = 7): Promise<BatchUnit[]> => readAll(chunked(fs.readFileSync(path.join(FIXTURES, file)), size), ctx);
export const readText = (text: string, ctx: ChannelContext): Promise<BatchUnit[]> => readAll(chunked(Buffer.from(text, 'utf8')), ctx);

export const show = (m: Money): string => `${formatMinor(m.minor, m.currency)} ${m.currency}`;
