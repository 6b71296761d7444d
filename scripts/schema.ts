/**
 * The emitted schema is a committed file:
 *   npm run schema:emit    writes schema/schema.graphql from the code
 *   npm run schema:check   fails when the committed file differs from what the code emits
 */
import fs from 'node:fs';
import path from 'node:path';

import { printSchema } from 'graphql';

import { projectRoot } from '../src/common/project-root';
import { buildGatewaySchema } from '../src/server/schema';

const HEADER = '# Emitted from the code by `npm run schema:emit`; do not edit by hand.\n\n';

async function main(): Promise<void> {
  const file = path.join(projectRoot(), 'schema', 'schema.graphql');
  const emitted = HEADER + printSchema(await buildGatewaySchema()) + '\n';
  const mode = process.argv[2];
  if (mode === 'emit') {
    fs.writeFileSync(file, emitted);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
    return;
  }
  if (mode === 'check') {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (committed !== emitted) {
      console.error('schema/schema.graphql differs from the schema the code emits: run npm run schema:emit and commit it');
      process.exitCode = 1;
      return;
    }
    console.log('schema/schema.graphql matches the code');
    return;
  }
  console.error('usage: schema (emit | check)');
  process.exitCode = 2;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
