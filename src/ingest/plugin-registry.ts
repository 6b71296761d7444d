import fs from 'node:fs';
import path from 'node:path';

import semver from 'semver';

import { projectRoot, runningFromSource } from '../common/project-root';
import type { ChannelPlugin } from '../plugin-sdk';
import { SDK_VERSION } from '../plugin-sdk/sdk-version';

export class PluginLoadError extends Error {}

function isChannelPlugin(value: unknown): value is ChannelPlugin {
  const p = value as Partial<ChannelPlugin> | null;
  return (
    !!p &&
    typeof p === 'object' &&
    typeof p.name === 'string' &&
    typeof p.sdk === 'string' &&
    typeof p.normalize === 'function' &&
    typeof p.verify === 'function' &&
    typeof p.deliveryId === 'function'
  );
}

/** The plugin a module exports: its default export, or an export named `plugin`. */
function pluginOf(module: unknown, from: string): ChannelPlugin {
  const m = module as { default?: unknown; plugin?: unknown } | null;
  const candidate = isChannelPlugin(m?.default) ? m!.default : isChannelPlugin(m?.plugin) ? m!.plugin : m;
  if (!isChannelPlugin(candidate)) {
    throw new PluginLoadError(`${from} does not export a channel plugin (make it with defineChannelPlugin and export it as default)`);
  }
  return candidate;
}

/**
 * The channel plugins this gateway runs: the built-in ones under plugins/ and the partner
 * plugins named in SALESGRAPH_PLUGINS. Nothing else in the gateway refers to a plugin by path.
 */
export class PluginRegistry {
  private readonly plugins = new Map<string, ChannelPlugin>();
  /** The file each plugin loaded from a module was exported by (see {@link fileOf}). */
  private readonly files = new Map<string, string>();

  constructor(plugins: Iterable<ChannelPlugin> = []) {
    for (const plugin of plugins) this.add(plugin, plugin.name);
  }

  /** Adds a plugin after checking that it fits this SDK and that its name is free. */
  add(plugin: ChannelPlugin, from: string): void {
    if (!semver.validRange(plugin.sdk) || !semver.satisfies(SDK_VERSION, plugin.sdk)) {
      throw new PluginLoadError(
        `plugin "${plugin.name}" (${from}) needs plugin SDK ${plugin.sdk}, but this gateway provides ${SDK_VERSION}`,
      );
    }
    if (this.plugins.has(plugin.name)) throw new PluginLoadError(`two plugins are named "${plugin.name}" (${from})`);
    this.plugins.set(plugin.name, plugin);
  }

  get(name: string): ChannelPlugin | undefined {
    return this.plugins.get(name);
  }

  /**
   * The file that exports the plugin, for plugins loaded from a module (not those given as
   * objects): another thread can load it from there (see readInThread).
   */
  fileOf(name: string): string | undefined {
    return this.files.get(name);
  }

  names(): string[] {
    return [...this.plugins.keys()].sort();
  }

  private addFrom(file: string, from: string, module: unknown): void {
    const plugin = pluginOf(module, from);
    this.add(plugin, from);
    this.files.set(plugin.name, file);
  }

  /** Loads the built-in plugins and the partner plugins given as module paths or package names. */
  static load(partnerModules: readonly string[] = [], cwd = process.cwd()): PluginRegistry {
    const registry = new PluginRegistry();
    const builtInRoot = runningFromSource ? path.join(projectRoot(), 'plugins') : path.join(projectRoot(), 'dist', 'plugins');
    if (fs.existsSync(builtInRoot)) {
      for (const entry of fs.readdirSync(builtInRoot, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        // a plugin folder is named like a plugin; anything else (a half-written scaffold) is not one
        if (!entry.isDirectory() || !/^[a-z0-9][a-z0-9-]*$/.test(entry.name)) continue;
        const dir = path.join(builtInRoot, entry.name);
        const index = ['index.ts', 'index.js'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
        if (!index || (index.endsWith('.ts') && !runningFromSource)) continue;
        registry.addFrom(index, `plugins/${entry.name}`, require(index));
      }
    }
    for (const spec of partnerModules) {
      const target = spec.startsWith('.') || path.isAbsolute(spec) ? path.resolve(cwd, spec) : spec;
      let file: string;
      let module: unknown;
      try {
        file = require.resolve(target, { paths: [cwd] });
        module = require(file);
      } catch (error) {
        throw new PluginLoadError(`cannot load plugin "${spec}" from SALESGRAPH_PLUGINS: ${error instanceof Error ? error.message : String(error)}`);
      }
      registry.addFrom(file, spec, module);
    }
    return registry;
  }
}
