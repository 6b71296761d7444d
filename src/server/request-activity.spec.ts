import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { RequestActivity } from './request-activity';

const request = (method: string, url: string) => ({ method, url }) as IncomingMessage;
const response = () => new EventEmitter() as unknown as ServerResponse;

describe('RequestActivity', () => {
  let now = 0;
  const activity = () => new RequestActivity(() => now);

  beforeEach(() => {
    now = 1_000;
  });

  it('is idle before any request', () => {
    expect(activity().busy).toBe(false);
  });

  it('is busy while a request is being answered, and for a moment after it arrived', () => {
    const a = activity();
    const res = response();
    a.track(request('POST', '/graphql'), res);
    now += 5_000;
    expect(a.busy).toBe(true); // still in flight
    res.emit('close');
    expect(a.busy).toBe(false); // answered, and it arrived long ago
    const quick = response();
    a.track(request('GET', '/healthz'), quick);
    quick.emit('close');
    now += 100;
    expect(a.busy).toBe(true); // answered at once, but others may be right behind it
    now += 200;
    expect(a.busy).toBe(false);
  });

  it('does not count batch imports, which are the long writes themselves', () => {
    const a = activity();
    for (const url of ['/channels/store-1/imports', '/channels/store-1/imports/', '/channels/tills/imports?dryRun=1']) {
      a.track(request('POST', url), response());
    }
    expect(a.busy).toBe(false);
    // any other request under a channel counts
    a.track(request('POST', '/channels/store-1/webhooks'), response());
    expect(a.busy).toBe(true);
  });

  it('counts each request once, however many requests overlap', () => {
    const a = activity();
    const responses = [response(), response(), response()];
    responses.forEach((res) => a.track(request('POST', '/graphql'), res));
    now += 1_000;
    responses.slice(0, 2).forEach((res) => res.emit('close'));
    expect(a.busy).toBe(true);
    responses[2].emit('close');
    expect(a.busy).toBe(false);
  });
});
