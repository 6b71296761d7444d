/**
 * Scaffolds a working channel plugin from scripts/plugin-template/:
 *
 *   npm run plugin:new -- NAME [--kind STOREFRONT|MARKETPLACE|OFFLINE_STORE] [--dir plugins]
 *
 * writes DIR/NAME/ (default plugins/NAME/, a built-in plugin) with index.ts, README.md,
 * fixtures/*.json and NAME.spec.ts; it passes its tests and the type check as written. A relative
 * --dir is taken from the directory npm was run in; the SDK imports are computed from where the
 * folder lands. A bad name, a folder that exists or a name a built-in plugin has: exit code 1.
 * See docs/writing-a-plugin.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import semver from 'semver';

import { projectRoot } from '../src/common/project-root';
import { SDK_VERSION } from '../src/plugin-sdk/sdk-version';

const USAGE = 'usage: npm run plugin:new -- NAME [--kind STOREFRONT|MARKETPLACE|OFFLINE_STORE] [--dir plugins]';
/** As defineChannelPlugin checks it. */
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const KINDS = ['STOREFRONT', 'MARKETPLACE', 'OFFLINE_STORE'];

class Refusal extends Error {}

interface Options {
  name: string;
  kind: string;
  /** The folder the plugin folder goes in. */
  parent: string;
}

/** The directory the user typed the command in (npm runs scripts from the package root). */
const userCwd = () => process.env.INIT_CWD ?? process.cwd();

const FLAGS = { kind: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS, allowPositionals: true });
  } catch (error) {
    throw new Refusal(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

function parseOptions(argv: string[]): Options | 'help' {
  const parsed = parseCommandLine(argv);
  if (parsed.values.help) return 'help';
  const [name, ...extra] = parsed.positionals;
  if (!name) throw new Refusal(`the plugin's NAME is missing\n${USAGE}`);
  if (extra.length) throw new Refusal(`one NAME only, got also ${extra.join(' ')}\n${USAGE}`);
  if (!NAME.test(name)) {
    throw new Refusal(`plugin name "${name}" must be lower-case letters, digits and "-", starting with a letter or digit (at most 63): e.g. acme-tmall`);
  }
  const kind = (parsed.values.kind ?? 'STOREFRONT').toUpperCase();
  if (!KINDS.includes(kind)) throw new Refusal(`--kind must be ${KINDS.join(', ')}; got "${parsed.values.kind}"`);
  const parent = parsed.values.dir ? path.resolve(userCwd(), parsed.values.dir) : path.join(projectRoot(), 'plugins');
  return { name, kind, parent };
}

/** A relative import specifier from `fromDir` to `target`, with forward slashes. */
function importPath(fromDir: string, target: string): string {
  const relative = path.relative(fromDir, target).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function render(template: string, values: Record<string, string>, file: string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (match, key: string) => {
    if (!(key in values)) throw new Error(`${file}: unknown placeholder ${match}`);
    return values[key];
  });
}

/** The files of the new plugin folder, by path inside it. */
function pluginFiles(options: Options, target: string): Map<string, string> {
  const templates = path.join(projectRoot(), 'scripts', 'plugin-template');
  const values = {
    name: options.name,
    kind: options.kind,
    sdkRange: `^${semver.major(SDK_VERSION)}.0.0`,
    sdkImport: importPath(target, path.join(projectRoot(), 'src', 'plugin-sdk')),
    deliveryHeader: `x-${options.name}-delivery-id`,
  };
  const files = new Map<string, string>([
    ['index.ts', render(fs.readFileSync(path.join(templates, 'index.ts.tmpl'), 'utf8'), values, 'index.ts.tmpl')],
    ['README.md', render(fs.readFileSync(path.join(templates, 'README.md.tmpl'), 'utf8'), values, 'README.md.tmpl')],
    [`${options.name}.spec.ts`, render(fs.readFileSync(path.join(templates, 'plugin.spec.ts.tmpl'), 'utf8'), values, 'plugin.spec.ts.tmpl')],
  ]);
  for (const file of fs.readdirSync(path.join(templates, 'fixtures')).sort()) {
    files.set(`fixtures/${file}`, fs.readFileSync(path.join(templates, 'fixtures', file), 'utf8'));
  }
  return files;
}

/** Writes the folder whole or not at all: into a temporary sibling, then renamed into place. */
function writeFolder(target: string, files: Map<string, string>): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.partial-${process.pid}`;
  try {
    for (const [file, text] of files) {
      fs.mkdirSync(path.dirname(path.join(staging, file)), { recursive: true });
      fs.writeFileSync(path.join(staging, file), text);
    }
    fs.renameSync(staging, target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function nextSteps(options: Options, target: string, files: Map<string, string>): string {
  const relative = path.relative(userCwd(), target);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? target : relative;
  const builtIn = path.resolve(options.parent) === path.join(projectRoot(), 'plugins');
  const fromRoot = path.relative(projectRoot(), target);
  const lines = [
    `Created ${shown}/: the ${options.kind} plugin "${options.name}" 0.1.0 (SDK ^${semver.major(SDK_VERSION)}.0.0), reading an example order format.`,
    ...[...files.keys()].map((file) => `  ${shown}/${file}`),
    '',
    'Next steps:',
    `  1. Put your channel's real payloads in ${shown}/fixtures/ (one body per .json file, as the channel sends it).`,
    `  2. Map your channel's format in index.ts (every spot is marked TODO) and fill in README.md.`,
  ];
  if (builtIn) {
    lines.push(
      `  3. Test it (the conformance kit runs on every fixture):  npx jest ${fromRoot}`,
      '  4. Type-check:  npx tsc --noEmit -p tsconfig.json',
      `  5. It is a built-in plugin: the gateway loads it on start (npm start compiles it with the gateway); create a channel with plugin: "${options.name}".`,
    );
  } else {
    lines.push(
      `  3. Test it, from ${projectRoot()}:  npx jest --roots ${target}`,
      `  4. Type-check it, from there:  npx tsc --noEmit --strict --target es2022 --module node16 --moduleResolution node16 --esModuleInterop --skipLibCheck --types node,jest ${target}/*.ts`,
      `  5. Load it with SALESGRAPH_PLUGINS=${target} (see "Loading the plugin" in the guide).`,
    );
  }
  lines.push('  Guide: docs/writing-a-plugin.md');
  return lines.join('\n');
}

function main(argv: string[]): number {
  let options: Options | 'help';
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    console.error(error.message);
    return 1;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const target = path.join(options.parent, options.name);
  if (fs.existsSync(target)) {
    console.error(`${target} already exists: choose another name, or remove the folder first`);
    return 1;
  }
  const builtIn = path.join(projectRoot(), 'plugins', options.name);
  if (target !== builtIn && fs.existsSync(builtIn)) {
    console.error(`a built-in plugin is named "${options.name}" (plugins/${options.name}): the gateway refuses two plugins with one name`);
    return 1;
  }
  const files = pluginFiles(options, target);
  writeFolder(target, files);
  console.log(nextSteps(options, target, files));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
