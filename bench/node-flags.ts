/**
 * The Node.js options a package.json script starts its file with, so that a benchmark's child
 * runs as the product runs: `npm start` is `node --max-old-space-size=1024 dist/src/main.js`,
 * and a gateway measured without that heap ceiling would grow its heap further between full
 * collections than the product does.
 */
import fs from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../src/common/project-root';

/** The `--` options between `node` and the file in the last command of the script `name`. */
export function scriptNodeFlags(name: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const script = pkg.scripts?.[name];
  if (!script) throw new Error(`package.json has no script "${name}"`);
  const command = script.split('&&').at(-1)!.trim().split(/\s+/);
  if (command[0] !== 'node') throw new Error(`the script "${name}" does not end with a node command: ${script}`);
  const flags: string[] = [];
  for (const word of command.slice(1)) {
    if (!word.startsWith('--')) break;
    flags.push(word);
  }
  return flags;
}
