/**
 * Summarizes a V8 .cpuprofile (from `BENCH_CPU_PROF=DIR npm run bench:query`): self time by
 * function and by package, idle time excluded from the percentages.
 *
 *   node dist/bench/query/profile-summary.js FILE.cpuprofile [TOP=30]
 */
import fs from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Which package (or part of the runtime) a script URL belongs to. */
export function packageOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(garbage collector)') return '(garbage collector)';
    if (functionName === '(program)') return '(program)';
    return '(native/builtin)';
  }
  if (url.startsWith('node:')) return 'node core';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /\/dist\/(src|bench)\/([^/]+)/.exec(url);
  if (m) return `salesgraph ${m[1]}/${m[2]}`;
  return url;
}

export function summarizeProfile(profile: CpuProfile, top = 30) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const fns = new Map<string, { fn: string; where: string; pkg: string; us: number }>();
  const pkgs = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const { callFrame: cf } = byId.get(id)!;
    const pkg = packageOf(cf.url, cf.functionName);
    if (pkg === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const where = cf.url ? `${cf.url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '')}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName}|${where}`;
    const entry = fns.get(key) ?? { fn: cf.functionName || '(anonymous)', where, pkg, us: 0 };
    entry.us += us;
    fns.set(key, entry);
    pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
  }
  const pct = (us: number) => Math.round((us / total) * 1000) / 10;

  // Inclusive ("total") time: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, { fn: string; where: string; pkg: string; us: number }>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { callFrame: cf } = byId.get(at)!;
      if (cf.functionName === '(root)' || cf.functionName === '(idle)') continue;
      const where = cf.url ? `${cf.url.replace(/^file:\/\//, '').replace(/^.*node_modules\//, '')}:${cf.lineNumber + 1}` : '';
      const key = `${cf.functionName}|${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = inclusive.get(key) ?? { fn: cf.functionName || '(anonymous)', where, pkg: packageOf(cf.url, cf.functionName), us: 0 };
      entry.us += us;
      inclusive.set(key, entry);
    }
  }

  return {
    busyMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    byPackage: [...pkgs.entries()].sort((a, b) => b[1] - a[1]).map(([pkg, us]) => ({ pkg, selfMs: Math.round(us / 1000), pct: pct(us) })),
    topFunctions: [...fns.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ fn: f.fn, where: f.where, pkg: f.pkg, selfMs: Math.round(f.us / 1000), pct: pct(f.us) })),
    topInclusive: [...inclusive.values()]
      .filter((f) => f.fn !== '(anonymous)' && f.where !== '')
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ fn: f.fn, where: f.where, pkg: f.pkg, totalMs: Math.round(f.us / 1000), pct: pct(f.us) })),
  };
}

if (require.main === module) {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node dist/bench/query/profile-summary.js FILE.cpuprofile [TOP]');
    process.exit(2);
  }
  const summary = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, Number(topArg ?? 30));
  console.log(`busy ${summary.busyMs} ms, idle ${summary.idleMs} ms (percentages of busy time)\n`);
  console.log('self time by package:');
  for (const p of summary.byPackage.slice(0, 25)) console.log(`  ${String(p.pct).padStart(5)}%  ${String(p.selfMs).padStart(7)} ms  ${p.pkg}`);
  console.log('\ntop functions by self time:');
  for (const f of summary.topFunctions) {
    console.log(`  ${String(f.pct).padStart(5)}%  ${String(f.selfMs).padStart(7)} ms  ${f.fn}  ${f.where}`);
  }
  console.log('\ntop named functions by inclusive time (self + callees):');
  for (const f of summary.topInclusive) {
    console.log(`  ${String(f.pct).padStart(5)}%  ${String(f.totalMs).padStart(7)} ms  ${f.fn}  ${f.where}`);
  }
}
