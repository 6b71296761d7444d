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
});
