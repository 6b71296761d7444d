/**
 * `npm run plugin:new` as a partner runs it: scaffolds into a folder outside the repository with
 * --dir, and the plugin it writes loads (SDK range checked) and takes its own sample payloads.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const NAME = 'scaffold-check';

let dir: string;

/** Runs the scaffold script the way the npm script does, without npm. */
function scaffold(...args: string[]) {
  const run = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/plugin-new.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** In a fresh Node process: adds the plugin folder to a registry as SALESGRAPH_PLUGINS would, and normalizes each fixture. */
const LOAD_AND_NORMALIZE = `
const fs = require('node:fs');
const path = require('node:path');
const { PluginRegistry } = require('./src/ingest/plugin-registry');
const { parseJsonPayload } = require('./src/plugin-sdk');
const folder = process.argv[1];
const registry = new PluginRegistry();
registry.add(require(folder).default, folder);
const plugin = registry.get(process.argv[2]);
const fixtures = fs.readdirSync(path.join(folder, 'fixtures')).sort();
const outcomes = fixtures.map((file) => plugin.normalize({
  payload: parseJsonPayload(fs.readFileSync(path.join(folder, 'fixtures', file))),
  headers: {},
  channel: { code: 'scaffold', currencyCode: 'EUR', settings: {} },
}).outcome);
process.stdout.write(JSON.stringify({ name: plugin.name, kind: plugin.kind, version: plugin.version, sdk: plugin.sdk, outcomes }));
`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'salesgraph-scaffold-'));
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run plugin:new', () => {
  it('scaffolds a plugin folder outside the repository with --dir', () => {
    const run = scaffold(NAME, '--kind', 'OFFLINE_STORE', '--dir', dir);
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('Next steps');
    const folder = path.join(dir, NAME);
    for (const file of ['index.ts', 'README.md', `${NAME}.spec.ts`]) expect(fs.existsSync(path.join(folder, file))).toBe(true);
    expect(fs.readdirSync(path.join(folder, 'fixtures')).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
  });

  it('writes a plugin the registry loads that normalizes its own fixtures to records', () => {
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', LOAD_AND_NORMALIZE, path.join(dir, NAME), NAME], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const loaded = JSON.parse(run.stdout);
    expect(loaded).toMatchObject({ name: NAME, kind: 'OFFLINE_STORE', version: '0.1.0', sdk: expect.stringMatching(/^\^\d+\.0\.0$/) });
    expect(loaded.outcomes.length).toBeGreaterThan(0);
    expect(loaded.outcomes.every((outcome: string) => outcome === 'record')).toBe(true);
  });

  it('refuses a folder that already exists, with exit code 1', () => {
    const run = scaffold(NAME, '--dir', dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('already exists');
  });

  it.each([['Acme_Tmall'], ['acme.tmall'], ['acme tmall']])('refuses the name %j, with exit code 1', (name) => {
    const run = scaffold(name, '--dir', dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('must be lower-case letters, digits and "-"');
    expect(fs.existsSync(path.join(dir, name))).toBe(false);
  });

  it("refuses a built-in plugin's name, which the gateway could not load twice", () => {
    const run = scaffold('shopify', '--dir', dir);
    expect([run.status, fs.existsSync(path.join(dir, 'shopify'))]).toEqual([1, false]);
    expect(run.stderr).toContain('a built-in plugin is named "shopify"');
  });

  it('refuses an unknown kind, with exit code 1', () => {
    const run = scaffold('acme-kiosk', '--kind', 'KIOSK', '--dir', dir);
    expect([run.status, fs.existsSync(path.join(dir, 'acme-kiosk'))]).toEqual([1, false]);
  });
});
