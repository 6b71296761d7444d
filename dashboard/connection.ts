import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws/client';

import { EVENT_CURSOR, ORDER_EVENTS, SALES_TICKER, type OrderEvent, type SalesTicker } from './operations';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface ConnectionListener {
  state(state: ConnectionState, reason: string): void;
  orderEvent(event: OrderEvent): void;
  ticker(ticker: SalesTicker): void;
  /** The gateway refused the key (4401 or 4403): the connection is closed for good. */
  keyRefused(): void;
}

/** Why one connection ended, and whether trying again with the same key can help. */
interface Ending {
  reason: string;
  retry: boolean;
  keyRefused?: boolean;
}

/** The key was refused: reconnecting with it cannot help. */
const KEY_REFUSED = new Set([4401, 4403]);
const CLOSE_REASONS: Record<number, string> = {
  4401: 'the key was refused (4401)',
  4403: 'the key was refused (4403)',
  4413: 'fell behind the live events (4413)',
  4499: 'the connection dropped',
};

function describeClose(event: CloseEvent): Ending {
  const reason = CLOSE_REASONS[event.code] ?? `socket closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`;
  const keyRefused = KEY_REFUSED.has(event.code);
  return { reason, retry: !keyRefused, keyRefused };
}

interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: string; field?: string };
}

function isCloseEvent(value: unknown): value is CloseEvent {
  return typeof value === 'object' && value !== null && 'code' in value && typeof (value as CloseEvent).code === 'number';
}

/** A query over the socket, answered once. */
function query<T>(client: Client, text: string): Promise<FormattedExecutionResult<T, unknown>> {
  return new Promise((resolve, reject) => {
    let answer: FormattedExecutionResult<T, unknown> = {};
    client.subscribe<T>({ query: text }, { next: (result) => (answer = result), error: reject, complete: () => resolve(answer) });
  });
}

/**
 * One live connection to the gateway: graphql-ws on /graphql with the key in connection_init,
 * `orderEvents` and `salesTicker` on it. When the socket drops (the network, a restart, 4413
 * for falling behind) it reconnects by itself and subscribes again with `after:` the cursor of
 * the last event it handed on, so no event is missed or handed on twice.
 */
export class LiveConnection {
  private lastCursor: string | null = null;
  private client: Client | null = null;
  private stopped = false;
  private holdUntil = 0;
  private wake: (() => void) | null = null;
  private endCurrent: ((ending: Ending) => void) | null = null;

  constructor(
    private readonly url: string,
    private readonly key: string,
    private readonly listener: ConnectionListener,
    private readonly windowSeconds = 60,
  ) {}

  start(): void {
    void this.run();
  }

  /** Closes for good. */
  stop(reason: string): void {
    this.stopped = true;
    this.endCurrent?.({ reason, retry: false });
    this.wake?.();
  }

  /** Drops the socket at once, as a lost network would; the connection then resumes by itself. */
  dropConnection(): void {
    this.client?.terminate();
  }

  /** Holds any reconnection back for `ms` from now (0: no longer). */
  pauseReconnect(ms: number): void {
    this.holdUntil = Date.now() + ms;
    this.wake?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    let ending: Ending = { reason: '', retry: true };
    for (let first = true; !this.stopped; first = false) {
      this.listener.state(first ? 'connecting' : 'reconnecting', ending.reason);
      const attempt = await this.connectOnce();
      ending = attempt.ending;
      if (this.stopped || !ending.retry) break;
      failures = attempt.wentLive ? 0 : failures + 1;
      this.listener.state('reconnecting', ending.reason);
      const delay = failures === 0 ? 250 : Math.min(15_000, 1000 * 2 ** (failures - 1)) * (0.75 + Math.random() / 2);
      await this.waitUntil(Date.now() + delay);
    }
    if (ending.keyRefused) this.listener.keyRefused();
    this.listener.state('closed', ending.reason);
  }

  /** Waits for `time` and for any hold set by pauseReconnect, whichever ends later. */
  private async waitUntil(time: number): Promise<void> {
    for (;;) {
      const wait = Math.max(time, this.holdUntil) - Date.now();
      if (wait <= 0 || this.stopped) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private connectOnce(): Promise<{ ending: Ending; wentLive: boolean }> {
    return new Promise((resolve) => {
      let wentLive = false;
      let ended = false;
      const end = (ending: Ending) => {
        if (ended) return;
        ended = true;
        this.endCurrent = null;
        this.client = null;
        void client.dispose();
        resolve({ ending, wentLive });
      };
      const live = () => {
        if (ended || wentLive) return;
        wentLive = true;
        this.listener.state('live', '');
      };
      this.endCurrent = end;
      let pongDue: ReturnType<typeof setTimeout> | undefined;
      const client: Client = createClient({
        url: this.url,
        lazy: false,
        retryAttempts: 0,
        connectionAckWaitTimeout: 10_000,
        keepAlive: 10_000,
        connectionParams: { authorization: `Bearer ${this.key}` },
        onNonLazyError: () => undefined, // reported by the closed listener
        on: {
          connected: () => void this.subscribe(client, end, live, () => ended),
          // a socket that stops answering pings is dead even if the browser has not noticed
          ping: (received) => {
            if (received) return;
            clearTimeout(pongDue);
            pongDue = setTimeout(() => client.terminate(), 5_000);
          },
          pong: (received) => {
            if (received) clearTimeout(pongDue);
          },
          closed: (event) => {
            clearTimeout(pongDue);
            end(isCloseEvent(event) ? describeClose(event) : { reason: 'connection lost', retry: true });
          },
        },
      });
      this.client = client;
    });
  }

  private async subscribe(client: Client, end: (ending: Ending) => void, live: () => void, ended: () => boolean): Promise<void> {
    const failed = (error: unknown) => end(this.describeFailure(error));
    if (this.lastCursor === null) {
      // start from the newest event, so nothing committed while subscribing is missed
      try {
        const result = await query<{ eventCursor: string | null }>(client, EVENT_CURSOR);
        if (ended()) return;
        if (result.errors?.length) return failed(result.errors);
        this.lastCursor = result.data?.eventCursor ?? null;
      } catch (error) {
        return failed(error);
      }
    }
    client.subscribe<{ orderEvents: OrderEvent }>(
      { query: ORDER_EVENTS, variables: { after: this.lastCursor } },
      {
        next: (result) => {
          if (ended()) return;
          const event = result.data?.orderEvents;
          // an event that could not be read is read again on the next connection, from the same cursor
          if (!event) return end({ reason: result.errors?.[0]?.message ?? 'an event could not be read', retry: true });
          this.lastCursor = event.cursor;
          this.listener.orderEvent(event);
        },
        error: failed,
        complete: () => end({ reason: 'the server ended the order events', retry: true }),
      },
    );
    client.subscribe<{ salesTicker: SalesTicker }>(
      { query: SALES_TICKER, variables: { windowSeconds: this.windowSeconds } },
      {
        next: (result) => {
          if (ended() || !result.data?.salesTicker) return;
          // the ticker answers at once: the gateway is serving this connection's subscriptions
          live();
          this.listener.ticker(result.data.salesTicker);
        },
        error: failed,
        complete: () => end({ reason: 'the server ended the sales ticker', retry: true }),
      },
    );
  }

  private describeFailure(error: unknown): Ending {
    if (isCloseEvent(error)) return describeClose(error);
    if (Array.isArray(error)) {
      const errors = error as GraphQLErrorLike[];
      if (errors.some((e) => e.extensions?.field === 'after')) {
        // the cursor is older than the log keeps: start again from the newest event
        this.lastCursor = null;
        return { reason: `resumed from now: ${errors[0].message}`, retry: true };
      }
      return { reason: errors.map((e) => e.message).join('; '), retry: false };
    }
    return { reason: error instanceof Error ? error.message : 'connection lost', retry: true };
  }
}
