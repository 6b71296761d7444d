import { EventEmitter } from 'node:events';

import Redis from 'ioredis';
import type { Logger } from 'pino';

/** What gateway processes tell each other: new events were committed; a key was revoked. */
export type BusTopic = 'events' | 'revoked-keys';

/**
 * Messages between the gateway processes sharing a database: in process when there is one
 * gateway, over Redis pub/sub (`REDIS_URL`) when there are several. Messages are hints that make
 * every process act at once (read the log, drop a revoked key's sockets); nothing is lost when
 * one is missed, since each process also checks the database on its own from time to time.
 */
export interface EventBus {
  publish(topic: BusTopic, message: string): void;
  /** Calls `handler` for every message on `topic`, this process's own included; returns the unsubscribe. */
  subscribe(topic: BusTopic, handler: (message: string) => void): () => void;
  close(): Promise<void>;
}

/** One process: messages go straight to its own subscribers. */
export class LocalEventBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  publish(topic: BusTopic, message: string): void {
    this.emitter.emit(topic, message);
  }

  subscribe(topic: BusTopic, handler: (message: string) => void): () => void {
    this.emitter.on(topic, handler);
    return () => this.emitter.off(topic, handler);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * Several processes: a message goes to Redis and comes back to every subscribed process, this
 * one included (one path for all). Topics are prefixed so several deployments can share a Redis.
 */
export class RedisEventBus implements EventBus {
  private readonly local = new LocalEventBus();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  private constructor(url: string, private readonly prefix: string, log: Logger) {
    const options = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => log.warn({ err: error }, 'redis connection problem; live events fall back to polling the database'));
    }
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel.startsWith(this.prefix)) this.local.publish(channel.slice(this.prefix.length) as BusTopic, message);
    });
  }

  static async connect(url: string, log: Logger, prefix = 'salesgraph:'): Promise<RedisEventBus> {
    const bus = new RedisEventBus(url, prefix, log);
    await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
    await bus.subscriber.subscribe(`${prefix}events`, `${prefix}revoked-keys`);
    return bus;
  }

  publish(topic: BusTopic, message: string): void {
    this.publisher.publish(`${this.prefix}${topic}`, message).catch(() => {
      // reported by the connection's error handler; the database poll covers the missed hint
    });
  }

  subscribe(topic: BusTopic, handler: (message: string) => void): () => void {
    return this.local.subscribe(topic, handler);
  }

  async close(): Promise<void> {
    await this.local.close();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
