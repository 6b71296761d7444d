import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import type { Logger } from 'pino';

import { Channel } from '../channels/channel.entity';
import { BackgroundJob } from '../jobs/background-job';
import { acquireLease, leaseHolderId, releaseLease } from '../jobs/lease';
import type { ChannelPlugin, PullPages } from '../plugin-sdk';
import type { IngestService } from './ingest.service';
import type { PluginRegistry } from './plugin-registry';
import { ChannelPullState } from './pull-state.entity';

/** The lease that lets one gateway process pull at a time. */
export const PULL_LEASE = 'channel-pull';

const UPSTREAM_TIMEOUT_MS = 10_000;

export interface PullRunnerOptions {
  orm: MikroORM;
  plugins: PluginRegistry;
  ingest: IngestService;
  log: Logger;
  /** Time between the end of one run and the start of the next. */
  intervalMs: number;
  /** How long the lease lasts unless renewed (it is renewed before every page). Default: twice the interval plus a minute. */
  leaseTtlMs?: number;
  /** This process's name in the lease. */
  holder?: string;
  /** Epoch milliseconds; the lease's clock. */
  now?: () => number;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

/** How one channel's pull went in a run. */
export interface ChannelPullReport {
  channel: string;
  pages: number;
  payloads: number;
  /** True when the plugin had no more pages; false when the run stopped early. */
  complete: boolean;
  error: string | null;
}

/** One run: whether this process held the lease, and each pulled channel. */
export interface PullRunReport {
  leader: boolean;
  channels: ChannelPullReport[];
}

/**
 * Pulls every enabled channel whose plugin has `pull`, on an interval, in the one gateway process
 * that holds the pull lease. Each page's payloads go through `IngestService.ingest` like webhook
 * bodies (archived, normalized, stored or dead-lettered); the page's cursor is saved only after
 * all of them are stored, so a run that stops (the API down, a 429, the process ending) resumes
 * at the last page stored and creates nothing twice.
 */
export class PullRunner {
  readonly holder: string;
  private readonly now: () => number;
  private readonly leaseTtlMs: number;
  private readonly job: BackgroundJob<PullRunReport>;
  /** Aborts the plugin's requests when the gateway stops. */
  private readonly aborter = new AbortController();

  constructor(private readonly options: PullRunnerOptions) {
    this.holder = options.holder ?? leaseHolderId();
    this.now = options.now ?? Date.now;
    this.leaseTtlMs = options.leaseTtlMs ?? 2 * options.intervalMs + 60_000;
    this.job = new BackgroundJob({
      name: 'channel pull',
      log: options.log,
      run: () => this.run(),
      intervalMs: options.intervalMs,
      firstRunAfterMs: 0,
      ref: true,
      onStopped: () =>
        releaseLease(this.em(), PULL_LEASE, this.holder).then(
          () => undefined,
          (error) => this.options.log.warn({ err: error }, 'could not release the pull lease; it expires by itself'),
        ),
    });
  }

  private get stopped(): boolean {
    return this.job.isStopped;
  }

  /** Runs now, then every interval after each run ends, until `stop`. */
  start(): void {
    this.job.start();
  }

  /** Stops the timer, waits for a run in progress to end after its current page, and releases the lease. */
  stop(): Promise<void> {
    this.aborter.abort(new Error('the gateway is stopping'));
    return this.job.stop();
  }

  /** One run (or the run already in progress): pulls every channel if this process holds the lease. */
  runOnce(): Promise<PullRunReport> {
    return this.job.runOnce();
  }

  /** `fetch`, also aborted when the gateway stops. */
  private abortable(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
    const stopping = this.aborter.signal;
    return (url, init) => fetch(url, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, stopping]) : stopping });
  }

  private em(): EntityManager {
    return this.options.orm.em.fork() as EntityManager;
  }

  /** Takes or renews the lease. */
  private holdsLease(): Promise<boolean> {
    return acquireLease(this.em(), { name: PULL_LEASE, holder: this.holder, ttlMs: this.leaseTtlMs, now: this.now() });
  }

  private async run(): Promise<PullRunReport> {
    if (this.stopped || !(await this.holdsLease())) return { leader: false, channels: [] };
    const channels = await this.em().find(Channel, { enabled: true }, { orderBy: { id: 'asc' } });
    const reports: ChannelPullReport[] = [];
    for (const channel of channels) {
      const plugin = this.options.plugins.get(channel.plugin);
      if (!plugin?.pull || this.stopped) continue;
      const report = await this.pullChannel(channel, plugin);
      if (report) reports.push(report);
    }
    return { leader: true, channels: reports };
  }

  private async pullChannel(channel: Channel, plugin: ChannelPlugin): Promise<ChannelPullReport | null> {
    const em = this.em();
    const state = (await em.findOne(ChannelPullState, { channel: channel.id })) ?? em.create(ChannelPullState, { channel: em.getReference(Channel, channel.id) });
    const context = { code: channel.code, currencyCode: channel.currencyCode, settings: channel.settings ?? {} };
    const upstream = { fetch: this.abortable(this.options.fetch ?? globalThis.fetch), timeoutMs: this.options.timeoutMs ?? UPSTREAM_TIMEOUT_MS };
    let pages: PullPages | null;
    try {
      pages = plugin.pull!({ channel: context, cursor: state.cursor }, upstream);
    } catch (error) {
      pages = failing(error);
    }
    if (pages === null) return null;

    const report: ChannelPullReport = { channel: channel.code, pages: 0, payloads: 0, complete: false, error: null };
    state.lastRunAt = new Date(this.now());
    await em.flush();
    try {
      for await (const page of pages) {
        if (this.stopped) throw new Error('the gateway is stopping');
        if (!(await this.holdsLease())) throw new Error('the pull lease was lost to another gateway process');
        for (const payload of page.payloads) {
          const reply = await this.options.ingest.ingest(em.fork(), channel, plugin, lowerCased(payload.headers), Buffer.from(payload.body, 'utf8'), null);
          if (reply.status === 503) throw new Error(`the page could not be stored: ${JSON.stringify(reply.body)}`);
          report.payloads++;
        }
        state.cursor = page.cursor;
        state.pagesStored++;
        await em.flush();
        report.pages++;
      }
      report.complete = true;
      state.lastSuccessAt = new Date(this.now());
      state.lastError = null;
    } catch (error) {
      report.error = error instanceof Error ? error.message : String(error);
      state.lastError = report.error.slice(0, 2000);
      this.options.log.warn({ channel: channel.code, pages: report.pages, reason: report.error }, 'channel pull stopped; the next run resumes from the last page stored');
    }
    await em.flush();
    if (report.complete) this.options.log.info({ channel: channel.code, pages: report.pages, payloads: report.payloads }, 'channel pulled');
    return report;
  }
}

function lowerCased(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

/** A pull that could not even start, as pages that fail at once. */
async function* failing(error: unknown): AsyncGenerator<never> {
  throw error;
}
