// Model-based property tests for the keyspace engine: random set/delete/expire/persist
// sequences against a Map model, SCAN's guarantee across concurrent deletes and inserts,
// and random sampling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Db } from '../../src/store/keyspace.js';
import type { RedisObject, Value } from '../../src/types/value.js';
import { ExpiryModel } from '../helpers.js';

/** A stand-in collection: values starting with "obj:" are stored as objects (the objs list). */
class Obj implements RedisObject {
  readonly type = 1;
  constructor(readonly s: string) {}
  encoding(): string {
    return 'quicklist';
  }
}
const toDb = (v: string): Value => (v.startsWith('obj:') ? new Obj(v) : v);
const fromDb = (v: Value | undefined): string | undefined => (v === undefined || typeof v === 'string' ? v : (v as Obj).s);
/** Short inline strings, integers (INCR's in-place path), long strings and objects. */
const valArb = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 4 }) },
  { weight: 2, arbitrary: fc.integer({ min: -2000, max: 2000 }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 257, max: 400 }).map((n) => 'L'.repeat(n)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 3 }).map((x) => 'obj:' + x) },
);

// Mostly a small pool, so operations meet the same keys (TTL then overwrite, and so on).
const keyArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 12 }).map((i) => `k${i}`) },
  fc.integer({ min: 0, max: 300 }).map((i) => `k${i}`),
  fc.string({ maxLength: 6 }),
  fc.uint8Array({ maxLength: 80 }).map((a) => Buffer.from(a).toString('latin1')),
);

type Op =
  | { op: 'set'; key: string; val: string; ttl: number }
  | { op: 'keep'; key: string; val: string }
  | { op: 'incr'; key: string; by: number }
  | { op: 'del'; key: string }
  | { op: 'expire'; key: string; at: number }
  | { op: 'persist'; key: string }
  | { op: 'tick'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), key: keyArb, val: valArb, ttl: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 })) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('keep' as const), key: keyArb, val: valArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('incr' as const), key: keyArb, by: fc.integer({ min: -200000, max: 200000 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('del' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('expire' as const), key: keyArb, at: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('persist' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 20 }) }) },
);

test('keyspace behaves like a Map with expiry', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 400, size: 'max' }), (ops) => {
      // A realistic clock: expiry times need both 32-bit words of the TTL tail.
      const m = new ExpiryModel(1_764_000_000_000);
      const db = new Db(0);
      const model = m.entries;
      const alive = (k: string): boolean => m.alive(k);
      try {
        for (const o of ops) {
          switch (o.op) {
            case 'set':
              assert.equal(db.set(o.key, toDb(o.val), false, o.ttl ? m.now + o.ttl : 0), m.set(o.key, o.val, o.ttl));
              break;
            case 'keep': {
              const isNew = !alive(o.key);
              assert.equal(db.set(o.key, toDb(o.val), true), isNew);
              model.set(o.key, { val: o.val, exp: isNew ? 0 : model.get(o.key)!.exp });
              break;
            }
            case 'incr': {
              const e = alive(o.key) ? model.get(o.key)! : undefined;
              const ok = e !== undefined && /^(0|-?[1-9][0-9]{0,14})$/.test(e.val) && Number.isSafeInteger(Number(e.val) + o.by);
              const got = db.incrInline(o.key, o.by);
              if (ok) {
                assert.equal(got, Number(e.val) + o.by);
                e.val = String(got);
              } else assert.equal(got, undefined);
              break;
            }
            case 'del':
              assert.equal(db.delete(o.key), m.delete(o.key));
              break;
            case 'expire': {
              const ok = alive(o.key);
              assert.equal(db.setExpire(o.key, m.now + o.at), ok);
              if (ok) model.get(o.key)!.exp = m.now + o.at;
              break;
            }
            case 'persist': {
              const ok = alive(o.key) && model.get(o.key)!.exp !== 0;
              assert.equal(db.persist(o.key), ok);
              if (ok) model.get(o.key)!.exp = 0;
              break;
            }
            case 'tick':
              m.tick(o.ms);
              break;
          }
        }
        for (const k of [...model.keys()]) alive(k);
        for (const [k, e] of model) {
          assert.equal(fromDb(db.get(k)), e.val);
          assert.equal(db.getExpire(k), e.exp);
        }
        // Reclaim everything expired through the active cycle, then sizes must agree.
        db.activeExpire(1_000_000, Infinity);
        assert.equal(db.size, model.size);
        let vol = 0;
        for (const e of model.values()) if (e.exp !== 0) vol++;
        assert.equal(db.expiresCount, vol);
        const seen = new Set<string>();
        db.forEachKey((k, v) => {
          seen.add(k);
          assert.equal(fromDb(v), model.get(k)!.val);
        });
        assert.deepEqual([...seen].sort(), [...model.keys()].sort());
      } finally {
        m.release();
      }
    }),
    { numRuns: 200 },
  );
});

test('SCAN returns every key present for the whole scan, despite deletes and inserts', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 50 }), fc.integer(), (n, count, seed) => {
      const db = new Db(0);
      for (let i = 0; i < n; i++) db.set(`key:${i}`, 'v');
      let rnd = seed >>> 0;
      const rand = (m: number): number => {
        rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0;
        return rnd % m;
      };
      const deleted = new Set<string>();
      const seen = new Set<string>();
      let cursor = 0;
      let next = n;
      let iterations = 0;
      do {
        const out: string[] = [];
        cursor = db.scan(cursor, count, out);
        for (const k of out) seen.add(k);
        // Mutate between calls.
        for (let j = 0; j < 5; j++) {
          if (n > 0 && rand(2) === 0) {
            const k = `key:${rand(n)}`;
            if (db.delete(k)) deleted.add(k);
          } else {
            db.set(`new:${next++}`, 'v');
          }
        }
        iterations++;
        assert.ok(iterations < 100000, 'scan did not terminate');
      } while (cursor !== 0);
      for (let i = 0; i < n; i++) {
        const k = `key:${i}`;
        if (!deleted.has(k)) assert.ok(seen.has(k), `missing ${k}`);
      }
    }),
    { numRuns: 60 },
  );
});

test('randomKey returns existing keys and undefined when empty', () => {
  const db = new Db(0);
  assert.equal(db.randomKey(), undefined);
  for (let i = 0; i < 100; i++) db.set(`k${i}`, 'v');
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const k = db.randomKey()!;
    assert.ok(db.has(k));
    seen.add(k);
  }
  assert.ok(seen.size > 50);
  db.clear();
  assert.equal(db.randomKey(), undefined);
  assert.equal(db.size, 0);
});

test('many keys in one db (index growth and shrink)', () => {
  const db = new Db(0);
  const N = 200_000;
  for (let i = 0; i < N; i++) db.set(`key:${i}`, String(i));
  assert.equal(db.size, N);
  for (let i = 0; i < N; i += 2) assert.equal(db.delete(`key:${i}`), true);
  assert.equal(db.size, N / 2);
  for (let i = 1; i < N; i += 2) assert.equal(db.get(`key:${i}`), String(i));
  for (let i = 0; i < N; i += 2) assert.equal(db.get(`key:${i}`), undefined);
});

test('slab compaction and growth keep every key and value intact', () => {
  const db = new Db(0);
  const N = 120_000;
  const model = new Map<string, string>();
  let seed = 42;
  const rnd = (m: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % m;
  };
  const val = (i: number, round: number): string => String.fromCharCode(97 + (i % 26)).repeat(1 + rnd(300)) + `:${round}`;
  for (let i = 0; i < N; i++) {
    const k = `k:${i}:${'x'.repeat(i % 17)}`;
    const v = val(i, 0);
    db.set(k, v);
    model.set(k, v);
  }
  for (let round = 1; round <= 3; round++) {
    for (const k of [...model.keys()]) {
      const r = rnd(10);
      if (r < 4) {
        assert.equal(db.delete(k), true);
        model.delete(k);
      } else if (r < 8) {
        const v = val(r, round);
        db.set(k, v, true);
        model.set(k, v);
      }
    }
    for (let i = 0; i < N / 4; i++) {
      const k = `new:${round}:${i}`;
      const v = val(i, round);
      db.set(k, v);
      model.set(k, v);
    }
  }
  assert.equal(db.size, model.size);
  for (const [k, v] of model) assert.equal(db.get(k), v);
  let seen = 0;
  db.forEachKey((k, v) => {
    assert.equal(model.get(k), v);
    seen++;
  });
  assert.equal(seen, model.size);
});
