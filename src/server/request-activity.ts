import type { IncomingMessage, ServerResponse } from 'node:http';

import { isImportPost } from '../ingest/import.route';

/** How recently another request must have arrived for the process to count as serving others. */
const RECENT_MS = 250;

/**
 * What HTTP requests this process is serving, batch imports apart. Long writes that hold the
 * process's one thread (a SQLite import's transactions) read it to know whether others are waiting
 * on them: see GroupCommitOptions.contended. Requests still in the kernel's buffers are not seen,
 * so one that arrived in the last moments counts as well as one in flight.
 */
export class RequestActivity {
  private count = 0;
  private lastArrival = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Whether a request other than an import is being answered, or arrived in the last RECENT_MS. */
  get busy(): boolean {
    return this.count > 0 || this.now() - this.lastArrival < RECENT_MS;
  }

  /** Counts a request (every path, before any routing) until its response finishes or its socket closes. */
  track(req: IncomingMessage, res: ServerResponse): void {
    // an import's own request is the long write itself
    if (isImportPost(req)) return;
    this.count++;
    this.lastArrival = this.now();
    res.once('close', () => this.count--);
  }
}
