/**
 * What every benchmark runner shares: reading its settings, the statistics it reports, the
 * conditions it records, and the child processes and temporary resources it must clean up.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../src/common/project-root';

/** A non-negative number from the environment (an integer when `integer`), or the fallback. */
export function envNumber(name: string, fallback: number, integer = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!(integer ? Number.isInteger(n) : Number.isFinite(n)) || n < 0) {
    throw new Error(`${name} must be a non-negative ${integer ? 'integer' : 'number'}; got "${raw}"`);
  }
  return n;
}

export const log = (line: string): void => void process.stdout.write(`${line}\n`);
export const round2 = (n: number): number => Math.round(n * 100) / 100;
export const round3 = (n: number): number => Math.round(n * 1000) / 1000;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  spreadUp: number;
  spreadDown: number;
  spreadOver20Percent: boolean;
}

/** Median, min and max, and how far min and max stray from the median (> ±20% means a busy machine). */
export function spread(values: number[], digits: (n: number) => number = round2): Spread {
  const m = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const up = m ? max / m - 1 : 0;
  const down = m ? min / m - 1 : 0;
  return {
    median: digits(m),
    min: digits(min),
    max: digits(max),
    spreadUp: round3(up),
    spreadDown: round3(down),
    spreadOver20Percent: up > 0.2 || down < -0.2,
  };
}

/** Peak and current resident memory of a process, in MB (Linux). */
export function memoryOf(pid: number | undefined): { vmHWMMB: number; vmRSSMB: number } | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { vmHWMMB: Math.round(kb('VmHWM') / 102.4) / 10, vmRSSMB: Math.round(kb('VmRSS') / 102.4) / 10 };
  } catch {
    return null;
  }
}

/** The commit checked out, read from .git (no git binary needed); null outside a checkout. */
export function gitCommit(): string | null {
  try {
    const gitDir = path.join(projectRoot(), '.git');
    const head = fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    const loose = path.join(gitDir, ref);
    if (fs.existsSync(loose)) return fs.readFileSync(loose, 'utf8').trim();
    const packed = fs.readFileSync(path.join(gitDir, 'packed-refs'), 'utf8');
    return packed.split('\n').find((l) => l.endsWith(` ${ref}`))?.split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/** A digest of the code measured (src, plugins, migrations), for runs on a tree with uncommitted edits. */
export function sourceDigest(): { sha256: string; files: number } | null {
  try {
    const hash = createHash('sha256');
    let files = 0;
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && entry.name.endsWith('.ts')) {
          hash.update(path.relative(projectRoot(), full)).update('\0').update(fs.readFileSync(full)).update('\0');
          files++;
        }
      }
    };
    for (const dir of ['src', 'plugins', 'migrations']) walk(path.join(projectRoot(), dir));
    return { sha256: hash.digest('hex'), files };
  } catch {
    return null;
  }
}

/** Child processes still running, and what to undo on exit (temporary databases, folders). */
export const children = new Set<ChildProcess>();
export const cleanups: (() => Promise<void> | void)[] = [];

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Asks a child to stop (IPC `stop`, else SIGTERM), killing it after `timeoutMs`. */
export async function stopChild(child: ChildProcess, timeoutMs = 8_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.send({ type: 'stop' });
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** Stops every child still running, then undoes what `cleanups` lists, newest first. */
export async function cleanUp(): Promise<void> {
  await Promise.all([...children].map((c) => stopChild(c)));
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (error) {
      log(`cleanup failed: ${(error as Error).message}`);
    }
  }
}

/** Kills the children if the runner exits, and cleans up on SIGINT/SIGTERM before exiting. */
export function cleanUpOnExit(): void {
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`\n${signal}: stopping children and removing temporary files and databases`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
}
