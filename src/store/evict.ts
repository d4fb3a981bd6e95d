// maxmemory: memory accounting and key eviction (Redis 7.0's evict.c semantics).
//
// The dispatcher calls Evictor.perform() before every command while maxmemory > 0, as
// Redis's processCommand calls performEvictions(): when used memory exceeds maxmemory,
// keys are evicted according to maxmemory-policy until the estimate is back under the
// limit, nothing is left to evict, or the per-call time budget (maxmemory-eviction-tenacity)
// runs out; in that last case eviction continues from a setImmediate loop (Redis's
// evictionTimeProc) and the command still runs. Only a FAIL result (noeviction, or nothing
// evictable) makes the dispatcher refuse denyoom commands with the OOM error.
//
// Candidate choice follows Redis's approximation: for the LRU, LFU and volatile-ttl
// policies, maxmemory-samples random keys of every db are offered to a 16-entry pool of
// the best candidates seen so far (kept across calls), and the best pooled key that still
// exists is evicted; the random policies pick a random key, visiting dbs round robin.
//
// Memory accounting (MemoryMeter): used memory is the V8 heap in use plus external memory
// (Buffers, the keyspace slabs), the same number INFO reports as used_memory. Reading it
// costs ~0.4 µs (v8.getHeapStatistics; process.memoryUsage() also reads RSS and costs
// ~13 µs), so it is measured at most once per input batch. Memory freed by deleting keys
// does not show up in that measurement until the garbage collector runs (heap values) or
// until a shard slab is compacted or reused (slab bytes), so re-measuring after each
// eviction would see no progress and evict everything. Instead every evicted key's size
// is estimated (key + value + per-key overhead, as MEMORY USAGE computes it) and added to
// a "debt" subtracted from the measurement. The debt is cleared by the next major
// (mark-compact) GC, observed through perf_hooks, because from then on the measurement
// itself reflects what was freed. The result is approximate in both directions: young-gen
// garbage counts as used until a scavenge, and slab bytes freed by eviction are reused by
// later writes rather than returned; with a maxmemory far above the ~16 MB of young-gen
// noise the limit holds within a few percent.

import v8 from 'node:v8';
import { PerformanceObserver, performance, constants } from 'node:perf_hooks';
import type { Db } from './keyspace.js';
import { lruClock } from './keyspace.js';
import type { Value } from '../types/value.js';

/** The exact error line Redis replies when a denyoom command meets a full memory. */
export const OOM_ERROR = "OOM command not allowed when used memory > 'maxmemory'.";

const LRU_CLOCK_MAX = (1 << 24) - 1;
/** Redis's EVPOOL_SIZE. */
const POOL_SIZE = 16;

export const enum Policy {
  NoEviction = 0,
  AllkeysLru = 1,
  AllkeysLfu = 2,
  AllkeysRandom = 3,
  VolatileLru = 4,
  VolatileLfu = 5,
  VolatileRandom = 6,
  VolatileTtl = 7,
}

export function parsePolicy(name: string): Policy {
  switch (name) {
    case 'allkeys-lru': return Policy.AllkeysLru;
    case 'allkeys-lfu': return Policy.AllkeysLfu;
    case 'allkeys-random': return Policy.AllkeysRandom;
    case 'volatile-lru': return Policy.VolatileLru;
    case 'volatile-lfu': return Policy.VolatileLfu;
    case 'volatile-random': return Policy.VolatileRandom;
    case 'volatile-ttl': return Policy.VolatileTtl;
    default: return Policy.NoEviction;
  }
}

/** Outcome of one eviction attempt (Redis's EVICT_OK / EVICT_RUNNING / EVICT_FAIL). */
export const enum EvictResult {
  Ok = 0,
  Running = 1,
  Fail = 2,
}

/** evictionTimeLimitUs: the time one call may spend evicting, from the tenacity 0..100. */
export function evictionTimeLimitUs(tenacity: number): number {
  if (tenacity <= 10) return 50 * tenacity;
  if (tenacity < 100) return 500 * Math.pow(1.15, tenacity - 10);
  return Infinity;
}

// ---------------------------------------------------------------- memory meter

/** Major GCs seen so far (process wide); observed only once some server evicted a key. */
let majorGcs = 0;
let gcObserver: PerformanceObserver | null = null;

function watchMajorGcs(): void {
  if (gcObserver !== null) return;
  gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs++;
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
}

/** Used-memory estimate: measured heap + external bytes minus evicted-but-not-yet-collected bytes. */
export class MemoryMeter {
  private measured = 0;
  private stale = true;
  /** Estimated bytes evicted since the last major GC (not yet visible in `measured`). */
  private debt = 0;
  private debtSince = 0;

  /** Forget the cached measurement (start of each input batch and timer tick). */
  invalidate(): void {
    this.stale = true;
  }

  used(): number {
    if (this.debt !== 0 && majorGcs !== this.debtSince) {
      this.debt = 0;
      this.stale = true;
    }
    if (this.stale) {
      this.stale = false;
      const h = v8.getHeapStatistics();
      this.measured = h.used_heap_size + h.external_memory;
    }
    return this.debt >= this.measured ? 0 : this.measured - this.debt;
  }

  /** Record `bytes` freed by an eviction. */
  freed(bytes: number): void {
    watchMajorGcs();
    if (this.debt === 0) this.debtSince = majorGcs;
    this.debt += bytes;
  }

  /** Current debt (INFO / tests). */
  get pendingFree(): number {
    return this.debt;
  }
}

// ---------------------------------------------------------------- evictor

/** What the evictor needs from the server (the Server passes closures over itself). */
export interface EvictionHost {
  dbs(): Db[];
  meter: { used(): number; freed(bytes: number): void; invalidate(): void };
  config: { raw(name: string): unknown; on(name: string, fn: (v: number | boolean | string) => void): void };
  stats: { evictedKeys: number };
  /** True while clients are paused: the dataset must not change (isSafeToPerformEvictions). */
  paused(): boolean;
  /** Estimated bytes a key and its value occupy (freed when it is deleted). */
  keyBytes(key: string, value: Value): number;
  /** The decayed LFU counter of an access stamp (LFUDecrAndReturn). */
  lfuCounter(stamp: number): number;
  /** Eviction side effects: modified-key hooks, "evicted" event, DEL propagation. */
  evicted(db: Db, key: string, lazy: boolean): void;
  warning(message: string): void;
}

export class Evictor {
  maxmemory = 0;
  policy: Policy = Policy.NoEviction;
  samples = 5;
  tenacity = 10;
  lazy = false;
  // The eviction pool, sorted by ascending score (best candidate last).
  private readonly poolKeys: (string | null)[] = new Array<string | null>(POOL_SIZE).fill(null);
  private readonly poolScore = new Float64Array(POOL_SIZE);
  private readonly poolDb = new Int32Array(POOL_SIZE);
  // Sampling scratch arrays, reused.
  private readonly sKeys: string[] = [];
  private readonly sStamps: number[] = [];
  private readonly sExpires: number[] = [];
  private nextDb = 0;
  private timer: NodeJS.Immediate | null = null;
  private stopped = false;

  constructor(private readonly host: EvictionHost) {
    const cfg = host.config;
    const num = (name: string, dflt: number): number => {
      const v = cfg.raw(name);
      return typeof v === 'number' ? v : dflt;
    };
    this.maxmemory = num('maxmemory', 0);
    this.policy = parsePolicy(String(cfg.raw('maxmemory-policy') ?? 'noeviction'));
    this.samples = num('maxmemory-samples', 5);
    this.tenacity = num('maxmemory-eviction-tenacity', 10);
    this.lazy = cfg.raw('lazyfree-lazy-eviction') === true;
    cfg.on('maxmemory', (v) => {
      this.maxmemory = Number(v);
      if (this.maxmemory > 0) {
        const used = host.meter.used();
        if (this.maxmemory < used) {
          host.warning(`WARNING: the new maxmemory value set via CONFIG SET (${this.maxmemory}) is smaller than the current memory usage (${used}). This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.`);
        }
        this.startBackground();
      }
    });
    cfg.on('maxmemory-policy', (v) => {
      const p = parsePolicy(String(v));
      // Pool scores are in the old policy's unit (idle seconds, counters, expire times).
      if (p !== this.policy) this.clearPool();
      this.policy = p;
    });
    cfg.on('maxmemory-samples', (v) => (this.samples = Number(v)));
    cfg.on('maxmemory-eviction-tenacity', (v) => (this.tenacity = Number(v)));
    cfg.on('lazyfree-lazy-eviction', (v) => (this.lazy = v === true || v === 'yes'));
  }

  /** Stop the background loop (server shutdown). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearImmediate(this.timer);
    this.timer = null;
  }

  /** Used memory above maxmemory, 0 when under the limit or unlimited. */
  overLimit(): number {
    if (this.maxmemory === 0) return 0;
    const used = this.host.meter.used();
    return used > this.maxmemory ? used - this.maxmemory : 0;
  }

  /**
   * performEvictions: evict until under maxmemory. Ok when under the limit (or eviction
   * is not allowed right now), Running when the time budget ran out and a background
   * loop continues, Fail when memory is over the limit and nothing (more) can be evicted.
   */
  perform(): EvictResult {
    if (this.maxmemory === 0 || this.host.paused()) return EvictResult.Ok;
    const toFree = this.overLimit();
    if (toFree === 0) return EvictResult.Ok;
    if (this.policy === Policy.NoEviction) return EvictResult.Fail;
    const limitUs = evictionTimeLimitUs(this.tenacity);
    const start = performance.now();
    let freed = 0;
    let keys = 0;
    while (freed < toFree) {
      const bytes = this.evictOne();
      if (bytes < 0) return EvictResult.Fail;
      freed += bytes;
      keys++;
      if ((keys & 15) === 0 && (performance.now() - start) * 1000 > limitUs) {
        this.startBackground();
        return EvictResult.Running;
      }
    }
    return this.timer !== null ? EvictResult.Running : EvictResult.Ok;
  }

  /** evictionTimeProc: keep evicting, one budgeted perform() per event-loop turn. */
  private startBackground(): void {
    if (this.timer !== null || this.stopped) return;
    const step = (): void => {
      this.timer = null;
      if (this.stopped) return;
      this.host.meter.invalidate();
      this.perform(); // reschedules itself through startBackground while the budget runs out
    };
    this.timer = setImmediate(step);
  }

  /** Evict one key; returns its estimated size, or -1 when there is nothing to evict. */
  private evictOne(): number {
    const dbs = this.host.dbs();
    let db: Db | undefined;
    let key: string | undefined;
    let value: Value | undefined;
    const p = this.policy;
    if (p === Policy.AllkeysRandom || p === Policy.VolatileRandom) {
      const volatile = p === Policy.VolatileRandom;
      for (let i = 0; i < dbs.length && key === undefined; i++) {
        this.nextDb = (this.nextDb + 1) % dbs.length;
        const d = dbs[this.nextDb]!;
        if ((volatile ? d.expiresCount : d.size) === 0) continue;
        if (volatile) {
          if (d.sampleKeys(1, true, this.sKeys, this.sStamps, this.sExpires) > 0) key = this.sKeys[0];
        } else {
          key = d.randomKey();
        }
        if (key !== undefined) db = d;
      }
    } else {
      // Ghosts (keys gone since they were pooled) are skipped; bound the rounds so a
      // keyspace that never yields a live key (a replica's expired keys) cannot spin.
      for (let round = 0; round < 64 && key === undefined; round++) {
        let total = 0;
        for (let i = 0; i < dbs.length; i++) {
          const d = dbs[i]!;
          const n = this.volatilePolicy() ? d.expiresCount : d.size;
          if (n === 0) continue;
          this.populate(i, d);
          total += n;
        }
        if (total === 0) break;
        for (let k = POOL_SIZE - 1; k >= 0; k--) {
          const cand = this.poolKeys[k];
          if (cand === null || cand === undefined) continue;
          const d = dbs[this.poolDb[k]!];
          this.poolRemove(k);
          if (d === undefined) continue;
          // Still there (and, for volatile policies, still with a TTL)? Else a ghost.
          value = !this.volatilePolicy() || d.getExpire(cand) > 0 ? d.peek(cand) : undefined;
          if (value !== undefined) {
            db = d;
            key = cand;
            break;
          }
        }
      }
    }
    if (db === undefined || key === undefined) return -1;
    if (value === undefined) value = db.peek(key);
    if (value === undefined) return 0;
    const bytes = this.host.keyBytes(key, value);
    db.delete(key);
    this.host.meter.freed(bytes);
    this.host.stats.evictedKeys++;
    this.host.evicted(db, key, this.lazy);
    return bytes;
  }

  private volatilePolicy(): boolean {
    return this.policy >= Policy.VolatileLru;
  }

  /** evictionPoolPopulate: offer `samples` random keys of db `dbid` to the pool. */
  private populate(dbid: number, db: Db): void {
    const keys = this.sKeys;
    const stamps = this.sStamps;
    const expires = this.sExpires;
    const n = db.sampleKeys(this.samples, this.volatilePolicy(), keys, stamps, expires);
    const p = this.policy;
    const clock = lruClock();
    for (let j = 0; j < n; j++) {
      const key = keys[j]!;
      const stamp = stamps[j]!;
      let score: number;
      if (p === Policy.AllkeysLru || p === Policy.VolatileLru) {
        score = clock >= stamp ? clock - stamp : clock + (LRU_CLOCK_MAX - stamp);
      } else if (p === Policy.AllkeysLfu || p === Policy.VolatileLfu) {
        score = 255 - this.host.lfuCounter(stamp);
      } else {
        score = -expires[j]!; // volatile-ttl: the sooner it expires, the better
      }
      this.poolInsert(dbid, key, score);
    }
  }

  private poolInsert(dbid: number, key: string, score: number): void {
    const pk = this.poolKeys;
    const ps = this.poolScore;
    const pd = this.poolDb;
    for (let i = 0; i < POOL_SIZE; i++) if (pk[i] === key && pd[i] === dbid) return; // already pooled
    let k = 0;
    while (k < POOL_SIZE && pk[k] !== null && ps[k]! < score) k++;
    if (k === 0 && pk[POOL_SIZE - 1] !== null) return; // worse than everything in a full pool
    if (k < POOL_SIZE && pk[k] === null) {
      // empty bucket: insert in place
    } else if (pk[POOL_SIZE - 1] === null) {
      // free space on the right: shift [k, end) right by one
      for (let i = POOL_SIZE - 1; i > k; i--) {
        pk[i] = pk[i - 1] ?? null;
        ps[i] = ps[i - 1]!;
        pd[i] = pd[i - 1]!;
      }
    } else {
      // full: drop the worst (leftmost) element, shift [1, k) left
      k--;
      for (let i = 0; i < k; i++) {
        pk[i] = pk[i + 1] ?? null;
        ps[i] = ps[i + 1]!;
        pd[i] = pd[i + 1]!;
      }
    }
    pk[k] = key;
    ps[k] = score;
    pd[k] = dbid;
  }

  /** Remove pool entry k, keeping the entries packed to the left. */
  private poolRemove(k: number): void {
    const pk = this.poolKeys;
    for (let i = k; i < POOL_SIZE - 1; i++) {
      pk[i] = pk[i + 1] ?? null;
      this.poolScore[i] = this.poolScore[i + 1]!;
      this.poolDb[i] = this.poolDb[i + 1]!;
    }
    pk[POOL_SIZE - 1] = null;
  }

  clearPool(): void {
    this.poolKeys.fill(null);
  }

  /** Pool contents, best first (tests). */
  poolSnapshot(): { db: number; key: string; score: number }[] {
    const out: { db: number; key: string; score: number }[] = [];
    for (let k = POOL_SIZE - 1; k >= 0; k--) {
      const key = this.poolKeys[k];
      if (key !== null && key !== undefined) out.push({ db: this.poolDb[k]!, key, score: this.poolScore[k]! });
    }
    return out;
  }
}
