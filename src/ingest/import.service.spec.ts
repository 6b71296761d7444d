import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import pino from 'pino';

import type { BatchUnit, ChannelContext, ChannelPlugin } from '../plugin-sdk';
import { ImportService, type ImportChannel } from './import.service';
import type { GroupCommit } from './store/group-commit';

// How an import shares the gateway's one thread: its reader parses the body a bounded piece at a
// time, and a long read lets the event loop run. Every unit here is refused, so nothing is written.

const channel: ImportChannel = { id: 1, countryCode: 'DE', code: 'tills', currencyCode: 'EUR', settings: null };
const service = () => new ImportService(pino({ level: 'silent' }), {} as GroupCommit);

function pluginReading(read: (input: AsyncIterable<Buffer>, context: ChannelContext) => AsyncIterable<BatchUnit>): ChannelPlugin {
  return { batch: { contentTypes: ['text/csv'], read } } as unknown as ChannelPlugin;
}

async function* body(...chunks: Buffer[]): AsyncIterable<Buffer> {
  for (const chunk of chunks) yield chunk;
}

const refused = (line: number): BatchUnit => ({ outcome: 'rejected', rejections: [{ line, code: 'INVALID_LINE', message: 'refused' }] });

describe('ImportService', () => {
  it('hands the reader the body in pieces of at most 16 KiB, every byte in order', async () => {
    const sent = [Buffer.alloc(100_000, 'a'), Buffer.alloc(3_000, 'b'), Buffer.alloc(40_000, 'c')];
    const seen: Buffer[] = [];
    const plugin = pluginReading(async function* (input) {
      for await (const piece of input) seen.push(piece);
      yield refused(2);
    });
    const report = await service().run(channel, plugin, body(...sent));
    expect(report.rejected).toEqual([{ line: 2, code: 'INVALID_LINE', message: 'refused' }]);
    expect(Math.max(...seen.map((piece) => piece.length))).toBe(16 * 1024);
    expect(seen.length).toBe(Math.ceil(100_000 / 16_384) + 1 + Math.ceil(40_000 / 16_384));
    expect(Buffer.concat(seen).equals(Buffer.concat(sent))).toBe(true);
  });

  it('lets the event loop run during a long read instead of only when the file is done', async () => {
    const units = 100;
    let produced = 0;
    const plugin = pluginReading(async function* () {
      for (let line = 2; line < units + 2; line++) {
        // a reader busy for 2 ms a unit, with nothing to await: the body is already buffered
        const until = performance.now() + 2;
        while (performance.now() < until);
        produced++;
        yield refused(line);
      }
    });
    let producedWhenImmediateRan: number | null = null;
    setImmediate(() => (producedWhenImmediateRan = produced));
    const report = await service().run(channel, plugin, body(Buffer.from('header\n')));
    expect(report.rejected).toHaveLength(units);
    // the callback queued before the import ran within its first slices, not after its 200 ms
    expect(producedWhenImmediateRan).not.toBeNull();
    expect(producedWhenImmediateRan!).toBeLessThan(units / 2);
  });

  it("reads a body of 1 MiB or more on a thread, from the plugin's file, and a smaller one here", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-import-'));
    const pluginFile = path.join(dir, 'index.js');
    fs.writeFileSync(
      pluginFile,
      `exports.default = { name: 'tills', batch: { contentTypes: ['text/csv'], async *read(input) {
        for await (const _ of input);
        yield { outcome: 'rejected', rejections: [{ line: 2, code: 'INVALID_LINE', message: 'read on a thread' }] };
      } } };`,
    );
    const here = pluginReading(async function* (input) {
      for await (const _ of input);
      yield { outcome: 'rejected', rejections: [{ line: 2, code: 'INVALID_LINE', message: 'read here' }] };
    });
    Object.assign(here, { name: 'tills' });
    const message = async (options: { bytes?: number; pluginFile?: string }) =>
      (await service().run(channel, here, body(Buffer.from('header\n')), options)).rejected[0].message;
    expect(await message({ pluginFile, bytes: 1024 * 1024 })).toBe('read on a thread');
    // a body of unknown size (chunked) may be large
    expect(await message({ pluginFile })).toBe('read on a thread');
    expect(await message({ pluginFile, bytes: 1024 * 1024 - 1 })).toBe('read here');
    // a plugin given as an object, with no file to load it from
    expect(await message({ bytes: 50 * 1024 * 1024 })).toBe('read here');
  });
});
