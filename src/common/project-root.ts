import fs from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

/** The folder holding salesgraph's package.json, from source (`src/`) or build (`dist/src/`). */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the salesgraph project root');
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** True when running TypeScript sources (tests, dev tools) rather than the compiled build. */
export const runningFromSource = __filename.endsWith('.ts');
