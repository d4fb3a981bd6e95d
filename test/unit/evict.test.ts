// Eviction policies in isolation: an Evictor over real Dbs with a fake memory meter where
// every key costs 100 bytes, so "over the limit" is exact and deterministic. Checks the
// properties Redis's approximated policies promise in aggregate (LRU/LFU prefer idle or
// rarely used keys, volatile-ttl the nearest expiry, volatile-* never touch persistent
// keys), plus the time budget, the background loop, pausing and the memory meter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Db, lruClock } from '../../src/store/keyspace.js';
import { EvictResult, Evictor, MemoryMeter, evictionTimeLimitUs, type EvictionHost } from '../../src/store/evict.js';
import { lfuDecayed, lfuStampWithFreq } from '../../src/commands/object.js';
import { now } from '../../src/util/clock.js';
import type { Value } from '../../src/types/value.js';

const KEY_COST = 100;

interface Harness {
  dbs: Db[];
  evictor: Evictor;
  evicted: { db: number; key: string }[];
  setConfig(name: string, value: number | string | boolean): void;
  paused: { on: boolean };
}

function harness(policy: string, limitKeys: number, extra: Record<string, number | string | boolean> = {}, ndb = 2): Harness {
  const dbs: Db[] = [];
  for (let i = 0; i < ndb; i++) dbs.push(new Db(i));
  const values = new Map<string, number | string | boolean>([
    ['maxmemory', limitKeys * KEY_COST],
    ['maxmemory-policy', policy],
    ['maxmemory-samples', 5],
    ['maxmemory-eviction-tenacity', 100],
    ['lazyfree-lazy-eviction', false],
    ...Object.entries(extra),
  ]);
  const listeners = new Map<string, ((v: number | string | boolean) => void)[]>();
  const evicted: { db: number; key: string }[] = [];
  const paused = { on: false };
  const host: EvictionHost = {
    dbs: () => dbs,
    // Logical accounting: memory is the number of keys times KEY_COST.
    meter: {
      used: () => dbs.reduce((n, d) => n + d.size, 0) * KEY_COST,
      freed: () => {},
      invalidate: () => {},
    },
    config: {
      raw: (name) => values.get(name),
      on: (name, fn) => {
        const l = listeners.get(name) ?? [];
        l.push(fn);
        listeners.set(name, l);
      },
    },
    stats: { evictedKeys: 0 },
    paused: () => paused.on,
    keyBytes: (_k: string, _v: Value) => KEY_COST,
    lfuCounter: (stamp) => lfuDecayed(stamp, 1),
    evicted: (db, key) => evicted.push({ db: db.id, key }),
    warning: () => {},
  };
  const evictor = new Evictor(host);
  return {
    dbs,
    evictor,
    evicted,
    paused,
    setConfig(name, value) {
      values.set(name, value);
      for (const fn of listeners.get(name) ?? []) fn(value);
    },
  };
}

test('evictionTimeLimitUs follows maxmemory-eviction-tenacity', () => {
  assert.equal(evictionTimeLimitUs(0), 0);
  assert.equal(evictionTimeLimitUs(10), 500);
  assert.ok(Math.abs(evictionTimeLimitUs(11) - 575) < 1e-9);
  assert.ok(evictionTimeLimitUs(99) > 100e6);
  assert.equal(evictionTimeLimitUs(100), Infinity);
});

test('noeviction: over the limit fails and evicts nothing', () => {
  const h = harness('noeviction', 5);
  for (let i = 0; i < 10; i++) h.dbs[0]!.set(`k${i}`, 'v');
  assert.equal(h.evictor.perform(), EvictResult.Fail);
  assert.equal(h.dbs[0]!.size, 10);
  h.setConfig('maxmemory', 0);
  assert.equal(h.evictor.perform(), EvictResult.Ok);
});

test('under the limit nothing happens; paused clients stop eviction', () => {
  const h = harness('allkeys-random', 20);
  for (let i = 0; i < 10; i++) h.dbs[0]!.set(`k${i}`, 'v');
  assert.equal(h.evictor.perform(), EvictResult.Ok);
  assert.equal(h.evicted.length, 0);
  h.setConfig('maxmemory', 5 * KEY_COST);
  h.paused.on = true;
  assert.equal(h.evictor.perform(), EvictResult.Ok);
  assert.equal(h.dbs[0]!.size, 10);
  h.paused.on = false;
  // CONFIG SET maxmemory started the background loop, so this reports Running (as Redis).
  assert.notEqual(h.evictor.perform(), EvictResult.Fail);
  assert.equal(h.dbs[0]!.size, 5);
  h.evictor.stop();
  assert.equal(h.evicted.length, 5);
});

test('allkeys-lru evicts idle keys first (aggregate), across dbs', () => {
  const h = harness('allkeys-lru', 1000);
  const clock = lruClock();
  // 1000 idle keys (idle 100..1099 s) and 1000 fresh ones, spread over two dbs.
  for (let i = 0; i < 1000; i++) {
    const db = h.dbs[i % 2]!;
    db.set(`old${i}`, 'v');
    db.setAccessStamp(`old${i}`, (clock - 100 - i) & 0xffffff);
    h.dbs[(i + 1) % 2]!.set(`new${i}`, 'v');
  }
  assert.equal(h.evictor.perform(), EvictResult.Ok);
  assert.equal(h.evicted.length, 1000);
  const oldEvicted = h.evicted.filter((e) => e.key.startsWith('old')).length;
  assert.ok(oldEvicted >= 900, `only ${oldEvicted}/1000 evicted keys were idle ones`);
  // The idlest keys go first: the 200 idlest old keys are practically all gone.
  let idlestLeft = 0;
  for (let i = 800; i < 1000; i++) if (h.dbs[i % 2]!.has(`old${i}`)) idlestLeft++;
  assert.ok(idlestLeft <= 10, `${idlestLeft} of the 200 idlest keys survived`);
  assert.ok(h.evicted.some((e) => e.db === 0) && h.evicted.some((e) => e.db === 1));
});

test('allkeys-lfu evicts rarely used keys first (aggregate)', () => {
  const h = harness('allkeys-lfu', 500);
  for (let i = 0; i < 1000; i++) {
    const key = `k${i}`;
    h.dbs[0]!.set(key, 'v');
    // Even keys are cold (counter 0..1), odd keys hot (counter 50..250).
    h.dbs[0]!.setAccessStamp(key, lfuStampWithFreq(i % 2 === 0 ? i % 3 === 0 ? 0 : 1 : 50 + (i % 200)));
  }
  assert.equal(h.evictor.perform(), EvictResult.Ok);
  assert.equal(h.evicted.length, 500);
  const cold = h.evicted.filter((e) => Number(e.key.slice(1)) % 2 === 0).length;
  assert.ok(cold >= 400, `only ${cold}/500 evicted keys were cold`);
});

test('volatile-ttl prefers the nearest expiry; persistent keys are never evicted', () => {
  const h = harness('volatile-ttl', 600);
  const t = now();
  for (let i = 0; i < 500; i++) h.dbs[0]!.set(`p${i}`, 'v');
  for (let i = 0; i < 500; i++) h.dbs[0]!.set(`t${i}`, 'v', false, t + 1_000_000 + i * 1000);
  assert.equal(h.evictor.perform(), EvictResult.Ok);
  assert.equal(h.evicted.length, 400);
  assert.ok(h.evicted.every((e) => e.key.startsWith('t')));
  // The 400 evicted should be mostly the 400 soonest to expire.
  const early = h.evicted.filter((e) => Number(e.key.slice(1)) < 400).length;
  assert.ok(early >= 360, `only ${early}/400 evicted keys were among the soonest to expire`);
  const lateGone = h.evicted.filter((e) => Number(e.key.slice(1)) >= 450).length;
  assert.ok(lateGone <= 10, `${lateGone} of the 50 latest-expiring keys were evicted`);
});

for (const policy of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
  test(`${policy}: only keys with a TTL go; FAIL once none is left`, () => {
    const h = harness(policy, 100);
    const t = now();
    for (let i = 0; i < 200; i++) h.dbs[i % 2]!.set(`p${i}`, 'v');
    for (let i = 0; i < 50; i++) h.dbs[i % 2]!.set(`t${i}`, 'v', false, t + 100_000 + i);
    assert.equal(h.evictor.perform(), EvictResult.Fail);
    assert.equal(h.evicted.length, 50);
    assert.ok(h.evicted.every((e) => e.key.startsWith('t')));
    assert.equal(h.dbs[0]!.size + h.dbs[1]!.size, 200);
    assert.equal(h.dbs[0]!.expiresCount + h.dbs[1]!.expiresCount, 0);
  });
}

for (const policy of ['allkeys-lru', 'allkeys-lfu', 'allkeys-random']) {
  test(`${policy}: evicts exactly down to the limit`, () => {
    const h = harness(policy, 30);
    for (let i = 0; i < 100; i++) h.dbs[i % 2]!.set(`k${i}`, 'v', false, i % 3 === 0 ? now() + 100_000 : 0);
    assert.equal(h.evictor.perform(), EvictResult.Ok);
    assert.equal(h.dbs[0]!.size + h.dbs[1]!.size, 30);
    assert.equal(new Set(h.evicted.map((e) => `${e.db}:${e.key}`)).size, 70);
    h.setConfig('maxmemory', 1);
    assert.notEqual(h.evictor.perform(), EvictResult.Fail);
    assert.equal(h.dbs[0]!.size + h.dbs[1]!.size, 0);
    h.evictor.stop();
  });
}

test('allkeys-random spreads evictions over the dbs', () => {
  const h = harness('allkeys-random', 100, {}, 4);
  for (let d = 0; d < 4; d++) for (let i = 0; i < 100; i++) h.dbs[d]!.set(`k${i}`, 'v');
  h.evictor.perform();
  for (let d = 0; d < 4; d++) assert.ok(h.dbs[d]!.size < 100, `db ${d} untouched`);
});

test('changing the policy empties the pool; the pool never holds duplicates', () => {
  const h = harness('allkeys-lru', 10);
  for (let i = 0; i < 20; i++) h.dbs[0]!.set(`k${i}`, 'v');
  h.evictor.perform();
  const pool = h.evictor.poolSnapshot();
  assert.equal(new Set(pool.map((p) => p.key)).size, pool.length);
  for (let i = 1; i < pool.length; i++) assert.ok(pool[i - 1]!.score >= pool[i]!.score);
  h.setConfig('maxmemory-policy', 'allkeys-lfu');
  assert.equal(h.evictor.poolSnapshot().length, 0);
});

test('a tenacity of 0 stops after 16 keys and finishes in the background', async () => {
  const h = harness('allkeys-random', 10, { 'maxmemory-eviction-tenacity': 0 });
  for (let i = 0; i < 200; i++) h.dbs[0]!.set(`k${i}`, 'v');
  assert.equal(h.evictor.perform(), EvictResult.Running);
  assert.equal(h.evicted.length, 16);
  const deadline = Date.now() + 5000;
  while (h.dbs[0]!.size > 10 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
  assert.equal(h.dbs[0]!.size, 10);
  assert.equal(h.evictor.perform(), EvictResult.Ok);
  h.evictor.stop();
});

test('MemoryMeter: freed bytes are subtracted until re-measured after a major GC', () => {
  const m = new MemoryMeter();
  const a = m.used();
  assert.ok(a > 0);
  m.freed(1000);
  assert.equal(m.pendingFree, 1000);
  assert.equal(m.used(), a - 1000); // cached measurement, minus the debt
  m.freed(Number.MAX_SAFE_INTEGER);
  assert.equal(m.used(), 0);
  m.invalidate();
  assert.ok(m.used() >= 0);
});

test('MemoryMeter: a major GC clears the debt', async () => {
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const m = new MemoryMeter();
  m.used();
  m.freed(12345);
  assert.equal(m.pendingFree, 12345);
  gc();
  // The gc performance entry reaches the observer asynchronously.
  for (let i = 0; i < 50 && (m.pendingFree as number) !== 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
    m.used();
  }
  assert.equal(m.pendingFree, 0);
});

test('Db.sampleKeys: stamps and expiry times belong to the sampled keys; volatileOnly', () => {
  const db = new Db(0);
  const t = now();
  for (let i = 0; i < 300; i++) {
    db.set(`k${i}`, 'v', false, i % 3 === 0 ? t + 100_000 + i : 0);
    db.setAccessStamp(`k${i}`, 1000 + i);
  }
  const keys: string[] = [];
  const stamps: number[] = [];
  const expires: number[] = [];
  for (const volatileOnly of [false, true]) {
    const n = db.sampleKeys(50, volatileOnly, keys, stamps, expires);
    assert.equal(n, 50);
    for (let j = 0; j < n; j++) {
      const i = Number(keys[j]!.slice(1));
      assert.equal(stamps[j], 1000 + i);
      assert.equal(expires[j], i % 3 === 0 ? t + 100_000 + i : 0);
      if (volatileOnly) assert.equal(i % 3, 0);
    }
  }
  assert.equal(new Db(1).sampleKeys(5, false, keys, stamps, expires), 0);
  assert.equal(db.sampleKeys(0, false, keys, stamps, expires), 0);
});
