/** Runs the load generator (bench/query/load.ts, autocannon) in a child process of its own. */
import { fork } from 'node:child_process';
import path from 'node:path';

import { track } from './harness';
import type { LoadOptions, LoadResult } from './query/load';

/** Requests that did not get the expected answer: errors, timeouts, non-2xx statuses and mismatching bodies. */
export function failedRequests(r: LoadResult): number {
  return r.errors + r.timeouts + r.non2xx + r.mismatches;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const child = track(fork(path.join(__dirname, 'query', 'load.js'), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  return new Promise((resolve, reject) => {
    let result: LoadResult | undefined;
    child.once('message', (message: LoadResult) => {
      result = message;
    });
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`autocannon child exited with code ${code}`))));
    child.send(options);
  });
}
