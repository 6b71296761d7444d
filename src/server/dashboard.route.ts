import fs from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';

import express, { type Response, type Router } from 'express';
import helmet from 'helmet';

import { projectRoot, runningFromSource } from '../common/project-root';

/** The live dashboard's files, by the name each is served under at /dashboard/. */
export type DashboardFiles = ReadonlyMap<string, Buffer>;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/** Files copied from dashboard/ as they are; app.js and app.css are bundled from dashboard/main.ts. */
const STATIC_FILES = ['index.html', 'favicon.svg'];

/** A Host header as browsers send it (a name or an address, and a port), safe to write into a policy. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The page's own WebSocket, by the address the browser used: `'self'` covers it in browsers that
 * follow CSP 3, the explicit ws: / wss: source in those that do not. Nothing else is reachable.
 */
function ownSockets(req: IncomingMessage): string {
  const host = req.headers.host;
  return host && HOST.test(host) ? `'self' ws://${host} wss://${host}` : "'self'";
}

/**
 * Every dashboard response (helmet): only the gateway's own scripts, styles and socket (no inline
 * script or style, no other origin), no plugins, no framing, no referrer, no content sniffing, no
 * cross-origin embedding of its files. HSTS is left to the TLS-terminating proxy in front.
 */
const dashboardSecurityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      connectSrc: [ownSockets],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  crossOriginOpenerPolicy: { policy: 'same-origin' },
});

/** Where `npm run build` writes the bundled dashboard. */
export function builtDashboardDir(): string {
  return path.join(projectRoot(), 'dist', 'dashboard');
}

/**
 * Bundles dashboard/main.ts (the page's script, graphql-ws and uPlot, and the styles it imports)
 * into app.js and app.css with esbuild, in memory. esbuild is needed at build time only: the
 * compiled gateway serves what `npm run build` wrote.
 */
export async function bundleDashboard(): Promise<DashboardFiles> {
  const source = path.join(projectRoot(), 'dashboard');
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(source, 'main.ts')],
    bundle: true,
    write: false,
    outdir: path.join(source, 'out'),
    entryNames: 'app',
    platform: 'browser',
    format: 'iife',
    target: ['es2020'],
    minify: true,
    logLevel: 'silent',
  });
  const files = new Map<string, Buffer>();
  for (const file of result.outputFiles) files.set(path.basename(file.path), Buffer.from(file.contents));
  for (const name of STATIC_FILES) files.set(name, await fs.readFile(path.join(source, name)));
  return files;
}

async function readBuiltDashboard(): Promise<DashboardFiles> {
  const dir = builtDashboardDir();
  const files = new Map<string, Buffer>();
  for (const name of Object.keys(CONTENT_TYPES)) files.set(name, await fs.readFile(path.join(dir, name)));
  return files;
}

/**
 * `GET /dashboard`: the live sales page, and its script, styles and icon under /dashboard/.
 * From the build it serves dist/dashboard/; from TypeScript sources (tests, development) it
 * bundles the page on the first request and keeps the result.
 */
export function dashboardRouter(): Router {
  const router = express.Router();
  let files: Promise<DashboardFiles> | undefined;
  const load = () =>
    (files ??= (runningFromSource ? bundleDashboard() : readBuiltDashboard()).catch((error: unknown) => {
      files = undefined; // a later request tries again (after `npm run build`, say)
      throw error;
    }));

  const send = async (name: string, res: Response) => {
    let loaded: DashboardFiles;
    try {
      loaded = await load();
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      if (!missing) throw error;
      res.status(503).type('text/plain').send('The dashboard is not built: run `npm run build`.\n');
      return;
    }
    const body = loaded.get(name);
    if (!body || !CONTENT_TYPES[name]) {
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    res.set('cache-control', 'no-cache').type(CONTENT_TYPES[name]).send(body);
  };

  router.use('/dashboard', dashboardSecurityHeaders);
  router.get('/dashboard', (_req, res) => send('index.html', res));
  router.get('/dashboard/:file', (req, res) => send(String(req.params.file), res));
  return router;
}
