/**
 * `npm run import -- --channel CODE FILE`: imports a batch file (a till's CSV export) into a
 * channel, on the database DATABASE_URL names (the embedded one by default), with a progress bar
 * (rows/s and ETA) and a summary. The file is streamed; memory stays flat however large it is.
 */
import 'reflect-metadata';

import fs from 'node:fs';

import { SingleBar } from 'cli-progress';

import { Channel } from '../src/channels/channel.entity';
import { ConfigError, loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/database';
import { createSqlWriter } from '../src/db/sql-writer';
import { ImportService } from '../src/ingest/import.service';
import { GroupCommit } from '../src/ingest/store/group-commit';
import { PluginRegistry } from '../src/ingest/plugin-registry';
import { createLogger } from '../src/server/logger';

function usage(message?: string): never {
  if (message) process.stderr.write(`import: ${message}\n`);
  process.stderr.write('usage: npm run import -- --channel CODE FILE\n');
  process.exit(2);
}

function parseArgs(argv: string[]): { channel: string; file: string } {
  let channel: string | undefined;
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--channel') channel = argv[++i];
    else if (!file) file = argv[i];
    else usage(`unexpected argument "${argv[i]}"`);
  }
  if (!channel) usage('--channel is required');
  if (!file) usage('a file is required');
  return { channel, file };
}

/** The file as chunks, counting bytes read so the bar can show how far along it is. */
async function* counted(file: string, onBytes: (n: number) => void): AsyncIterable<Buffer> {
  for await (const chunk of fs.createReadStream(file)) {
    onBytes((chunk as Buffer).length);
    yield chunk as Buffer;
  }
}

async function main(): Promise<void> {
  const { channel: code, file } = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(file)) usage(`no file "${file}"`);
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const orm = await openDatabase(config.database);
  const writer = createSqlWriter(config.database, orm);
  try {
    const channel = await orm.em.fork().findOne(Channel, { code });
    if (!channel) usage(`no channel with code "${code}"`);
    const plugins = PluginRegistry.load(config.plugins);
    const plugin = plugins.get(channel.plugin);
    if (!plugin?.batch) usage(`the channel's plugin "${channel.plugin}" takes no batch files`);

    const size = fs.statSync(file).size;
    const started = Date.now();
    let bytes = 0;
    const bar = new SingleBar({
      format: ' {bar} {percentage}% | {receipts} receipts | {rate} receipts/s | ETA {eta_formatted}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    });
    bar.start(size, 0, { receipts: 0, rate: 0 });
    const commits = new GroupCommit(writer);
    const report = await new ImportService(log, commits).run(channel, plugin, counted(file, (n) => (bytes += n)), {
      onProgress: (progress) => {
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        bar.update(bytes, { receipts: progress.receipts, rate: Math.round(progress.receipts / seconds) });
      },
      pluginFile: plugins.fileOf(plugin.name),
      bytes: size,
    });
    bar.update(size);
    bar.stop();
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `\nImported ${file} into ${code} in ${seconds.toFixed(1)} s: ${report.accepted} orders created or updated, ` +
        `${report.duplicates} already present, ${report.rejected.length} lines rejected.\n`,
    );
    for (const r of report.rejected.slice(0, 20)) process.stdout.write(`  line ${r.line}: ${r.code} ${r.message}\n`);
    if (report.rejected.length > 20) process.stdout.write(`  … and ${report.rejected.length - 20} more\n`);
    process.exitCode = report.rejected.length ? 1 : 0;
  } finally {
    await writer.close();
    await orm.close();
  }
}

main().catch((error) => {
  process.stderr.write(`import failed: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
