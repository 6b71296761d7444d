/**
 * `npm run build:dashboard` (the last step of `npm run build`, after tsc): bundles the live
 * dashboard page (dashboard/) into dist/dashboard/, which the gateway serves at /dashboard.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

import { builtDashboardDir, bundleDashboard } from '../src/server/dashboard.route';

async function main(): Promise<void> {
  const files = await bundleDashboard();
  const dir = builtDashboardDir();
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  for (const [name, body] of files) await fs.writeFile(path.join(dir, name), body);
  const sizes = [...files].map(([name, body]) => `${name} ${(body.length / 1024).toFixed(1)} kB`);
  process.stdout.write(`dashboard: ${sizes.join(', ')} → ${path.relative(process.cwd(), dir) || dir}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`dashboard build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
