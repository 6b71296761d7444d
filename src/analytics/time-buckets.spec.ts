import { bucketIndexOf, slotWidthFor, resolveTimeZone, timeBuckets, ZoneClock, type BucketUnit } from './time-buckets';

const HOUR = 3_600_000;

/** The buckets of [from, to) as [period, periodStart ISO, hours inside the window]. */
function buckets(from: string, to: string, unit: BucketUnit | null, zone: string) {
  return timeBuckets({ from: new Date(from), to: new Date(to) }, unit, zone).map((b) => [b.period, b.periodStart?.toISOString() ?? null, (b.to - b.from) / HOUR]);
}

/** The local period holding `instant`. */
function periodAt(instant: string, unit: BucketUnit, zone: string): string | null {
  const at = new Date(instant).getTime();
  const all = timeBuckets({ from: new Date(at - 40 * 24 * HOUR), to: new Date(at + 40 * 24 * HOUR) }, unit, zone);
  return all[bucketIndexOf(all, at)].period;
}

describe('time zones', () => {
  it('knows an IANA name, keeping its spelling', () => {
    expect(resolveTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
  });

  it('does not know a made-up zone or an empty name', () => {
    expect(resolveTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(resolveTimeZone('')).toBeNull();
  });

  it('reads Asia/Kolkata as +05:30 and America/St_Johns as −03:30 in winter', () => {
    const at = Date.parse('2026-01-15T12:00:00Z');
    expect(new ZoneClock('Asia/Kolkata').offset(at)).toBe(5.5 * HOUR);
    expect(new ZoneClock('America/St_Johns').offset(at)).toBe(-3.5 * HOUR);
  });

  it('keeps one clock per zone name, and none for a name no zone has', () => {
    expect(ZoneClock.of('Asia/Kolkata')).toBe(ZoneClock.of('Asia/Kolkata'));
    expect(ZoneClock.of('Asia/Kolkata').offset(Date.parse('2026-01-15T12:00:00Z'))).toBe(5.5 * HOUR);
    expect(() => ZoneClock.of('Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => ZoneClock.of('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('local days', () => {
  it('in UTC are the calendar days of the instants', () => {
    expect(buckets('2026-11-01T00:00:00Z', '2026-11-03T00:00:00Z', 'DAY', 'UTC')).toEqual([
      ['2026-11-01', '2026-11-01T00:00:00.000Z', 24],
      ['2026-11-02', '2026-11-02T00:00:00.000Z', 24],
    ]);
  });

  it('move 2026-11-01T16:30Z to the next day in Asia/Tokyo', () => {
    expect(periodAt('2026-11-01T16:30:00Z', 'DAY', 'UTC')).toBe('2026-11-01');
    expect(periodAt('2026-11-01T16:30:00Z', 'DAY', 'Asia/Tokyo')).toBe('2026-11-02');
  });

  it('the day Europe/Berlin leaves summer time (2026-10-25) lasts 25 hours', () => {
    expect(buckets('2026-10-24T22:00:00Z', '2026-10-26T23:00:00Z', 'DAY', 'Europe/Berlin')).toEqual([
      ['2026-10-25', '2026-10-24T22:00:00.000Z', 25],
      ['2026-10-26', '2026-10-25T23:00:00.000Z', 24],
    ]);
  });

  it('the day Europe/Berlin enters summer time (2026-03-29) lasts 23 hours', () => {
    expect(buckets('2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 'DAY', 'Europe/Berlin')).toEqual([['2026-03-29', '2026-03-28T23:00:00.000Z', 23]]);
  });

  it('in Asia/Kolkata start at 18:30 UTC the evening before', () => {
    expect(buckets('2026-11-01T18:00:00Z', '2026-11-01T19:00:00Z', 'DAY', 'Asia/Kolkata')).toEqual([
      ['2026-11-01', '2026-10-31T18:30:00.000Z', 0.5],
      ['2026-11-02', '2026-11-01T18:30:00.000Z', 0.5],
    ]);
  });

  it('in America/St_Johns start at 02:30 UTC in summer time, 03:30 after it, with a 25-hour day between', () => {
    expect(buckets('2026-11-01T02:30:00Z', '2026-11-03T03:30:00Z', 'DAY', 'America/St_Johns')).toEqual([
      ['2026-11-01', '2026-11-01T02:30:00.000Z', 25],
      ['2026-11-02', '2026-11-02T03:30:00.000Z', 24],
    ]);
  });

  it('start at the end of the gap when a zone skips midnight (America/Santiago, 2026-09-06 begins at 01:00)', () => {
    expect(buckets('2026-09-06T00:00:00Z', '2026-09-07T03:00:00Z', 'DAY', 'America/Santiago')).toEqual([
      ['2026-09-05', '2026-09-05T04:00:00.000Z', 4],
      ['2026-09-06', '2026-09-06T04:00:00.000Z', 23],
    ]);
  });

  it('leave out a day the zone skipped whole (Pacific/Apia, 2011-12-30)', () => {
    const periods = buckets('2011-12-29T10:00:00Z', '2011-12-31T10:00:00Z', 'DAY', 'Pacific/Apia').map(([period]) => period);
    expect(periods).toEqual(['2011-12-29', '2011-12-31']);
  });

  it('cover a 400-day window with contiguous buckets', () => {
    const all = timeBuckets({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-02-05T00:00:00Z') }, 'DAY', 'Europe/Berlin');
    expect(all).toHaveLength(401);
    expect(all.every((b, i) => i === 0 || b.from === all[i - 1].to)).toBe(true);
  });
});

describe('local weeks and months', () => {
  it('a week starts on Monday: Sunday 2026-11-01 is in the week of 2026-10-26', () => {
    expect(periodAt('2026-11-01T12:00:00Z', 'WEEK', 'UTC')).toBe('2026-10-26');
    expect(periodAt('2026-11-02T00:00:00Z', 'WEEK', 'UTC')).toBe('2026-11-02');
  });

  it('a week in Asia/Tokyo turns on Sunday 15:00 UTC', () => {
    expect(periodAt('2026-11-01T14:59:59Z', 'WEEK', 'Asia/Tokyo')).toBe('2026-10-26');
    expect(periodAt('2026-11-01T15:00:00Z', 'WEEK', 'Asia/Tokyo')).toBe('2026-11-02');
  });

  it('the first week of a window starts before the window', () => {
    expect(buckets('2026-10-01T00:00:00Z', '2026-10-06T00:00:00Z', 'WEEK', 'UTC')).toEqual([
      ['2026-09-28', '2026-09-28T00:00:00.000Z', 96],
      ['2026-10-05', '2026-10-05T00:00:00.000Z', 24],
    ]);
  });

  it('months in Europe/Berlin start at local midnight of the 1st, in winter or summer time', () => {
    expect(buckets('2026-02-28T23:00:00Z', '2026-04-30T22:00:00Z', 'MONTH', 'Europe/Berlin')).toEqual([
      ['2026-03-01', '2026-02-28T23:00:00.000Z', 743],
      ['2026-04-01', '2026-03-31T22:00:00.000Z', 720],
    ]);
  });

  it('December rolls over to January of the next year', () => {
    expect(buckets('2026-12-31T00:00:00Z', '2027-01-02T00:00:00Z', 'MONTH', 'UTC').map(([period]) => period)).toEqual(['2026-12-01', '2027-01-01']);
  });
});

describe('one bucket and slot edges', () => {
  it('without a time unit the window is one bucket', () => {
    expect(buckets('2026-11-01T10:07:00Z', '2026-11-02T00:00:00Z', null, 'Asia/Tokyo')).toEqual([[null, null, 13 + 53 / 60]]);
  });

  it('slots are a day wide in UTC and without periods', () => {
    expect(slotWidthFor(timeBuckets({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') }, 'DAY', 'UTC'))).toBe(24 * HOUR);
    expect(slotWidthFor(timeBuckets({ from: new Date('2026-01-01T00:07:00Z'), to: new Date('2026-03-01T00:00:00Z') }, null, 'UTC'))).toBe(24 * HOUR);
  });

  it('slots are an hour wide in Europe/Berlin across its DST changes, 30 minutes in Asia/Kolkata', () => {
    const year = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-12-31T00:00:00Z') };
    expect(slotWidthFor(timeBuckets(year, 'DAY', 'Europe/Berlin'))).toBe(HOUR);
    expect(slotWidthFor(timeBuckets(year, 'DAY', 'Asia/Kolkata'))).toBe(HOUR / 2);
  });

  it('slots are 15 minutes wide in a zone with a 15-minute offset (Asia/Kathmandu, +05:45)', () => {
    const all = timeBuckets({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') }, 'WEEK', 'Asia/Kathmandu');
    expect(slotWidthFor(all)).toBe(HOUR / 4);
  });

  it('no slot width fits an offset of −00:44:30 (Africa/Monrovia in 1970)', () => {
    const all = timeBuckets({ from: new Date('1970-01-01T00:00:00Z'), to: new Date('1970-01-04T00:00:00Z') }, 'DAY', 'Africa/Monrovia');
    expect(all[1].from).toBe(Date.parse('1970-01-01T00:44:30Z'));
    expect(slotWidthFor(all)).toBeNull();
  });

  it('finds the bucket of an instant, an instant on an edge belonging to the later bucket', () => {
    const all = timeBuckets({ from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-04T00:00:00Z') }, 'DAY', 'UTC');
    expect(bucketIndexOf(all, Date.parse('2026-11-01T00:00:00Z'))).toBe(0);
    expect(bucketIndexOf(all, Date.parse('2026-11-01T23:59:59.999Z'))).toBe(0);
    expect(bucketIndexOf(all, Date.parse('2026-11-02T00:00:00Z'))).toBe(1);
    expect(bucketIndexOf(all, Date.parse('2026-11-03T12:00:00Z'))).toBe(2);
  });
});
