import { Random } from './index';

describe('Random', () => {
  it('gives the same sequence for the same seed', () => {
    const a = new Random(42);
    const b = new Random(42);
    const seqA = Array.from({ length: 50 }, () => a.uint32());
    const seqB = Array.from({ length: 50 }, () => b.uint32());
    expect(seqA).toEqual(seqB);
  });

  it('gives different sequences for different seeds', () => {
    const a = Array.from({ length: 10 }, ((r) => () => r.uint32())(new Random(1)));
    const b = Array.from({ length: 10 }, ((r) => () => r.uint32())(new Random(2)));
    expect(a).not.toEqual(b);
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const rng = new Random(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('next() is in [0, 1) and roughly uniform', () => {
    const rng = new Random(9);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });

  it('chance(p) is true about p of the time', () => {
    const rng = new Random(11);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (rng.chance(0.2)) hits++;
    expect(hits / 10_000).toBeGreaterThan(0.18);
    expect(hits / 10_000).toBeLessThan(0.22);
  });

  it('weighted() follows the weights and never picks a zero weight', () => {
    const rng = new Random(5);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) counts[rng.weighted(['a', 'b', 'c'] as const, [3, 1, 0])]++;
    expect(counts.c).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.5);
    expect(counts.a / counts.b).toBeLessThan(3.5);
  });

  it('pick(), sample() and shuffle() only return elements of the input', () => {
    const rng = new Random(3);
    const items = ['x', 'y', 'z', 'w'];
    expect(items).toContain(rng.pick(items));
    const sample = rng.sample(items, 3);
    expect(new Set(sample).size).toBe(3);
    expect(rng.shuffle(items).sort()).toEqual([...items].sort());
  });

  it('digits() never starts with 0 unless asked to', () => {
    const rng = new Random(8);
    for (let i = 0; i < 500; i++) expect(rng.digits(13)).toMatch(/^[1-9]\d{12}$/);
  });

  it('uuid() has the version-4 shape', () => {
    expect(new Random(1).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('fork() is deterministic, label-dependent and does not advance the parent', () => {
    const parent = new Random(42);
    const before = new Random(42).uint32();
    const f1 = parent.fork('orders').uint32();
    const f2 = new Random(42).fork('orders').uint32();
    const f3 = new Random(42).fork('people').uint32();
    expect(f1).toBe(f2);
    expect(f1).not.toBe(f3);
    expect(parent.uint32()).toBe(before);
  });

  it('rejects a non-finite seed and bad int() bounds', () => {
    expect(() => new Random(Number.NaN)).toThrow(RangeError);
    expect(() => new Random(1).int(5, 4)).toThrow(RangeError);
  });
});
