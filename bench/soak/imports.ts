/**
 * The CSV imports of `npm run bench:soak`: one seeded pos-csv till export (bench/import/pos-csv-file.ts)
 * cut into files of about N lines at receipt boundaries, so that every receipt is new to the
 * gateway and a return always follows its sale; and a runner that POSTs the next file to
 * `/channels/{code}/imports` every few seconds, one at a time, checking each answer.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { clock } from '../fanout/common';
import { POS_CSV_HEADER, writePosCsvFile } from '../import/pos-csv-file';

export interface ImportFile {
  file: string;
  lines: number;
  receipts: number;
  /** Receipts that are sales (each a new order); the others return a line of an earlier sale. */
  saleReceipts: number;
  bytes: number;
}

/** `count` files of about `lines` data lines each, receipts never split, in the order they must be sent. */
export function writeImportFiles(dir: string, count: number, lines: number, seed: number, now: Date): ImportFile[] {
  const whole = path.join(dir, 'pos-all.csv');
  writePosCsvFile(whole, { lines: count * lines, seed, now, customers: 2_000 });
  const rows = fs.readFileSync(whole, 'utf8').split('\n').slice(1).filter(Boolean);
  fs.rmSync(whole);
  const files: ImportFile[] = [];
  let start = 0;
  while (start < rows.length && files.length < count) {
    let end = Math.min(rows.length, start + lines);
    // keep a receipt's rows together: extend to the end of the receipt the cut falls in
    const receiptOf = (row: string) => row.split(',', 2).join(',');
    while (end < rows.length && receiptOf(rows[end]) === receiptOf(rows[end - 1])) end++;
    const chunk = rows.slice(start, end);
    const file = path.join(dir, `pos-${String(files.length).padStart(4, '0')}.csv`);
    const text = `${POS_CSV_HEADER}\n${chunk.join('\n')}\n`;
    fs.writeFileSync(file, text);
    const receipts = new Set(chunk.map(receiptOf));
    // a return names the receipt it returns in the last column; a sale leaves it empty
    const returns = new Set(chunk.filter((row) => !row.endsWith(',')).map(receiptOf));
    files.push({ file, lines: chunk.length, receipts: receipts.size, saleReceipts: receipts.size - returns.size, bytes: Buffer.byteLength(text) });
    start = end;
  }
  return files;
}

export interface ImportRecord {
  file: string;
  /** clock() ms when the first byte left, and when the answer was read. */
  startedAt: number;
  endedAt: number;
  seconds: number;
  /** How late the import started after its turn (the previous one still running). */
  lateSeconds: number;
  lines: number;
  receipts: number;
  saleReceipts: number;
  status: number;
  accepted: number | null;
  duplicates: number | null;
  rejected: number | null;
  /** 200, no line rejected, and every receipt accepted (they are all new). */
  ok: boolean;
  failure?: string;
}

function postFile(baseUrl: string, key: string, channelCode: string, file: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL(`/channels/${encodeURIComponent(channelCode)}/imports`, baseUrl),
      { method: 'POST', headers: { 'content-type': 'text/csv', 'content-length': fs.statSync(file).size, authorization: `Bearer ${key}` } },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (chunk: Buffer) => parts.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.setTimeout(120_000, () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    fs.createReadStream(file).on('error', reject).pipe(request);
  });
}

async function importOne(baseUrl: string, key: string, channelCode: string, file: ImportFile, due: number): Promise<ImportRecord> {
  const startedAt = clock();
  const base = { file: path.basename(file.file), startedAt, lateSeconds: Math.max(0, Math.round(startedAt - due) / 1000), lines: file.lines, receipts: file.receipts, saleReceipts: file.saleReceipts };
  try {
    const { status, body } = await postFile(baseUrl, key, channelCode, file.file);
    const endedAt = clock();
    let answer: { accepted?: number; duplicates?: number; rejected?: unknown[] } = {};
    try {
      answer = JSON.parse(body) as typeof answer;
    } catch {
      // reported as the failure below
    }
    const accepted = answer.accepted ?? null;
    const duplicates = answer.duplicates ?? null;
    const rejected = answer.rejected?.length ?? null;
    const ok = status === 200 && rejected === 0 && duplicates === 0 && accepted === file.receipts;
    return {
      ...base,
      endedAt,
      seconds: Math.round(endedAt - startedAt) / 1000,
      status,
      accepted,
      duplicates,
      rejected,
      ok,
      ...(ok ? {} : { failure: `${status} ${body.slice(0, 300)}` }),
    };
  } catch (error) {
    const endedAt = clock();
    return { ...base, endedAt, seconds: Math.round(endedAt - startedAt) / 1000, status: 0, accepted: null, duplicates: null, rejected: null, ok: false, failure: (error as Error).message };
  }
}

/** Sends the files in turn, one every `everySeconds` (or as soon as the previous one answered), until stopped. */
export class ImportRunner {
  readonly records: ImportRecord[] = [];
  private next = 0;

  constructor(
    private readonly files: ImportFile[],
    private readonly target: { baseUrl: string; key: string; channelCode: string },
  ) {}

  /**
   * Imports until `stop()` resolves, the first half a period after `origin` (clock() ms), so that
   * every window of whole periods from `origin` holds as many, none on its edge.
   */
  start(everySeconds: number, origin: number): { stop: () => Promise<ImportRecord[]> } {
    const records: ImportRecord[] = [];
    let stopped = false;
    let wake: (() => void) | null = null;
    const sleepUntil = (due: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          const wait = due - clock();
          // a timer may fire a fraction of a millisecond early by this clock
          if (stopped || wait <= 0) return resolve();
          const timer = setTimeout(check, wait);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        };
        check();
      });
    const loop = (async () => {
      for (let turn = 0; !stopped && this.next < this.files.length; turn++) {
        const due = origin + (turn + 0.5) * everySeconds * 1000;
        await sleepUntil(due);
        wake = null;
        if (stopped) break;
        const record = await importOne(this.target.baseUrl, this.target.key, this.target.channelCode, this.files[this.next++], due);
        records.push(record);
        this.records.push(record);
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        (wake as (() => void) | null)?.();
        await loop;
        return records;
      },
    };
  }
}
