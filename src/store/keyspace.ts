// The keyspace of one logical database (SELECT n).
//
// Commands see only this class's methods: get/set/delete, expiry, random sampling, a
// stateless SCAN cursor and per-key metadata. How keys are stored behind it is private,
// so the storage engine can be replaced (off-heap slabs, see docs/architecture.md)
// without touching command code.
//
// Interim engine: keys are spread over 1024 shards by a string hash. Each shard keeps
// dense parallel arrays indexed by slot (key, value, hash, expiry, LRU clock) and its own
// open-addressing index (an Int32Array of slot numbers): no JS Map, so no per-entry heap
// object and no Map rehash; an index rebuild touches one shard (~1/1024 of the keys).
// Deleting swaps the last slot into the hole, so:
//  - random sampling is O(1) (random shard, random slot);
//  - SCAN walks each shard's slots in descending order: an element only ever moves from
//    the last slot to a lower hole, so every key present for the whole scan is returned
//    at least once (Redis's guarantee), with a cursor that needs no server-side state;
//  - no single Map grows past a few thousand entries per million keys, so rehashing
//    stays short and the 2^24 per-Map limit is never reached.
// Keys with a TTL are also listed in a per-shard volatile array, walked incrementally by
// the active expiry cycle.

import type { Value } from '../types/value.js';
import { now } from '../util/clock.js';

const SHARD_BITS = 10;
const SHARDS = 1 << SHARD_BITS;
const SHARD_MASK = SHARDS - 1;

/** Hash of a latin1 key: FNV-1a over at most 32 leading and 32 trailing chars plus length. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5 ^ key.length;
  const n = key.length;
  if (n <= 64) {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  } else {
    for (let i = 0; i < 32; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    for (let i = n - 32; i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Growth factors are randomised per shard and per growth: shards fill at the same rate,
 * so with a fixed factor all 1024 would reallocate their arrays within the same few
 * thousand inserts (measured: a 240 ms stall around 9.6M keys). Jitter spreads the
 * reallocations over a wide range of key counts.
 */
function jitter(lo: number, hi: number): number {
  return lo + Math.random() * (hi - lo);
}

class Shard {
  /** Number of live slots (keys.length is the capacity). */
  n = 0;
  keys: string[] = new Array<string>(4).fill('');
  vals: Value[] = new Array<Value>(4).fill('');
  /** Rebuild the index when n exceeds this (a jittered load factor of 0.5-0.75). */
  indexLimit = 6;
  /** Full 32-bit hash of each slot's key (probing and resizing never rehash strings). */
  hashes: Int32Array = new Int32Array(4);
  /** Absolute expiry in ms; 0 = no TTL. */
  exp: Float64Array = new Float64Array(4);
  /** LRU clock (seconds, 24 bits as Redis) or LFU data per slot. */
  lru: Uint32Array = new Uint32Array(4);
  /** 1 + index into vol for keys with a TTL; 0 = not volatile. */
  volPos: Int32Array = new Int32Array(4);
  vol: Int32Array = new Int32Array(0);
  volCount = 0;
  /**
   * Open-addressing index (linear probing, backward-shift deletion): slot + 1, 0 = empty.
   * Positions come from the hash bits above the shard bits. Kept at most 3/4 full.
   */
  index: Int32Array = new Int32Array(8);
  mask = 7;

  get size(): number {
    return this.n;
  }

  /** Slot of key or -1. */
  find(key: string, h: number): number {
    const index = this.index;
    const mask = this.mask;
    let i = (h >>> SHARD_BITS) & mask;
    for (;;) {
      const e = index[i]!;
      if (e === 0) return -1;
      const slot = e - 1;
      if (this.hashes[slot] === h && this.keys[slot] === key) return slot;
      i = (i + 1) & mask;
    }
  }

  /** Append a new key (known absent) and return its slot. */
  insert(key: string, h: number, value: Value): number {
    const slot = this.n;
    if (slot + 1 > this.indexLimit) this.rebuildIndex(this.index.length * 2);
    this.ensureCapacity(slot + 1);
    this.keys[slot] = key;
    this.vals[slot] = value;
    this.n = slot + 1;
    this.hashes[slot] = h;
    this.exp[slot] = 0;
    this.volPos[slot] = 0;
    const mask = this.mask;
    let i = (h >>> SHARD_BITS) & mask;
    while (this.index[i] !== 0) i = (i + 1) & mask;
    this.index[i] = slot + 1;
    return slot;
  }

  /** Index position holding `slot`. */
  private positionOf(slot: number): number {
    const mask = this.mask;
    let i = (this.hashes[slot]! >>> SHARD_BITS) & mask;
    while (this.index[i] !== slot + 1) i = (i + 1) & mask;
    return i;
  }

  /** Remove `slot` from the index (backward-shift deletion keeps probe chains intact). */
  unindex(slot: number): void {
    const index = this.index;
    const mask = this.mask;
    let i = this.positionOf(slot);
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const e = index[j]!;
      if (e === 0) break;
      const home = (this.hashes[e - 1]! >>> SHARD_BITS) & mask;
      // Move e back to i if its home is not cyclically within (i, j].
      const inRange = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!inRange) {
        index[i] = e;
        i = j;
      }
    }
    index[i] = 0;
  }

  /** Point the index entry of slot `from` at slot `to` (the last slot filling a hole). */
  renumber(from: number, to: number): void {
    this.index[this.positionOf(from)] = to + 1;
  }

  rebuildIndex(size: number): void {
    const index = new Int32Array(size);
    const mask = size - 1;
    const n = this.n;
    this.indexLimit = Math.floor(size * jitter(0.5, 0.75));
    for (let slot = 0; slot < n; slot++) {
      let i = (this.hashes[slot]! >>> SHARD_BITS) & mask;
      while (index[i] !== 0) i = (i + 1) & mask;
      index[i] = slot + 1;
    }
    this.index = index;
    this.mask = mask;
  }

  ensureCapacity(n: number): void {
    if (n <= this.exp.length) return;
    const cap = Math.max(n, Math.ceil(this.exp.length * jitter(1.3, 1.9)));
    const keys = new Array<string>(cap).fill('');
    const vals = new Array<Value>(cap).fill('');
    for (let i = 0; i < this.n; i++) {
      keys[i] = this.keys[i]!;
      vals[i] = this.vals[i]!;
    }
    this.keys = keys;
    this.vals = vals;
    this.hashes = growInt32(this.hashes, cap);
    const exp = new Float64Array(cap);
    exp.set(this.exp);
    this.exp = exp;
    const lru = new Uint32Array(cap);
    lru.set(this.lru);
    this.lru = lru;
    this.volPos = growInt32(this.volPos, cap);
  }

  addVolatile(slot: number): void {
    if (this.volPos[slot] !== 0) return;
    if (this.volCount === this.vol.length) this.vol = growInt32(this.vol, Math.max(4, this.vol.length * 2));
    this.vol[this.volCount] = slot;
    this.volPos[slot] = ++this.volCount;
  }

  removeVolatile(slot: number): void {
    const p = this.volPos[slot]! - 1;
    if (p < 0) return;
    const lastIdx = --this.volCount;
    const moved = this.vol[lastIdx]!;
    this.vol[p] = moved;
    this.volPos[moved] = p + 1;
    this.volPos[slot] = 0;
    if (this.vol.length > 64 && this.volCount < this.vol.length / 4) {
      this.vol = this.vol.slice(0, this.vol.length / 2);
    }
  }

  /** Renumber slot `from` (the last) as `to` in the volatile index. */
  moveVolatile(from: number, to: number): void {
    const p = this.volPos[from]!;
    this.volPos[to] = p;
    this.volPos[from] = 0;
    if (p !== 0) this.vol[p - 1] = to;
  }

  shrinkIfSparse(): void {
    const n = this.n;
    if (this.exp.length > 64 && n < this.exp.length / 4) {
      const cap = Math.max(4, this.exp.length >>> 1);
      this.keys = this.keys.slice(0, cap);
      this.vals = this.vals.slice(0, cap);
      this.hashes = this.hashes.slice(0, cap);
      this.exp = this.exp.slice(0, cap);
      this.lru = this.lru.slice(0, cap);
      this.volPos = this.volPos.slice(0, cap);
    }
    if (this.index.length > 16 && n * 8 < this.index.length) this.rebuildIndex(this.index.length >>> 1);
  }
}

function growInt32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** Callbacks the server installs so keyspace events reach stats, notifications and propagation. */
export interface KeyspaceHooks {
  /** A key was found expired and removed (lazily or by the active cycle). */
  expired(db: Db, key: string): void;
  /** Current LRU/LFU stamp for an access (depends on maxmemory-policy). */
  accessStamp(old: number): number;
}

const DEFAULT_HOOKS: KeyspaceHooks = {
  expired: () => {},
  accessStamp: () => lruClock(),
};

/** Redis's 24-bit LRU clock in seconds resolution. */
export function lruClock(): number {
  return Math.floor(now() / 1000) & 0xffffff;
}

export class Db {
  private shards: (Shard | undefined)[] = new Array<Shard | undefined>(SHARDS).fill(undefined);
  private count = 0;
  private volatile = 0;
  /** Active expiry progress: shard and volatile index where the cycle resumes. */
  private expireShard = 0;
  private expirePos = 0;
  /** Average TTL bookkeeping for INFO keyspace avg_ttl. */
  avgTtl = 0;
  hooks: KeyspaceHooks = DEFAULT_HOOKS;
  /** Hit/miss counters for reads (INFO keyspace_hits / keyspace_misses); shared with the server. */
  counters: { keyspaceHits: number; keyspaceMisses: number } = { keyspaceHits: 0, keyspaceMisses: 0 };
  /**
   * When false (a replica, or while loading), expired keys are reported missing but not
   * deleted on access.
   */
  deleteExpiredOnAccess = true;

  constructor(readonly id: number) {}

  /** Number of keys, including keys that expired but were not reclaimed yet (as Redis). */
  get size(): number {
    return this.count;
  }

  /** Number of keys with a TTL. */
  get expiresCount(): number {
    return this.volatile;
  }

  /** Hash of the key looked up last by shardOf (consumed by liveSlot right after). */
  private h = 0;

  private shardOf(key: string): Shard | undefined {
    const h = keyHash(key) | 0;
    this.h = h;
    return this.shards[h & SHARD_MASK];
  }

  private shardForWrite(key: string): Shard {
    const h = keyHash(key) | 0;
    this.h = h;
    const i = h & SHARD_MASK;
    let s = this.shards[i];
    if (s === undefined) {
      s = new Shard();
      this.shards[i] = s;
    }
    return s;
  }

  /** Slot of a live key (expiring it lazily when its time has passed), or -1. */
  private liveSlot(s: Shard, key: string): number {
    const slot = s.find(key, this.h);
    if (slot < 0) return -1;
    const e = s.exp[slot]!;
    if (e !== 0 && e <= now()) {
      if (this.deleteExpiredOnAccess) {
        this.removeSlot(s, slot);
        this.hooks.expired(this, key);
      }
      return -1;
    }
    return slot;
  }

  /**
   * Value of a key for reading (updates its LRU/LFU stamp and the hit/miss counters),
   * or undefined.
   */
  get(key: string): Value | undefined {
    const s = this.shardOf(key);
    if (s !== undefined) {
      const slot = this.liveSlot(s, key);
      if (slot >= 0) {
        s.lru[slot] = this.hooks.accessStamp(s.lru[slot]!);
        this.counters.keyspaceHits++;
        return s.vals[slot];
      }
    }
    this.counters.keyspaceMisses++;
    return undefined;
  }

  /** Value of a key about to be modified (updates the access stamp, not the hit counters). */
  getForWrite(key: string): Value | undefined {
    const s = this.shardOf(key);
    if (s === undefined) return undefined;
    const slot = this.liveSlot(s, key);
    if (slot < 0) return undefined;
    s.lru[slot] = this.hooks.accessStamp(s.lru[slot]!);
    return s.vals[slot];
  }

  /** Value of a key without touching its access stamp (OBJECT, TYPE, DEBUG). */
  peek(key: string): Value | undefined {
    const s = this.shardOf(key);
    if (s === undefined) return undefined;
    const slot = this.liveSlot(s, key);
    return slot < 0 ? undefined : s.vals[slot];
  }

  has(key: string): boolean {
    const s = this.shardOf(key);
    return s !== undefined && this.liveSlot(s, key) >= 0;
  }

  /**
   * Set a key's value. The TTL is cleared unless keepTtl; `expireAt` (absolute ms, > 0)
   * sets a new one. Returns true when the key was new.
   */
  set(key: string, value: Value, keepTtl = false, expireAt = 0): boolean {
    const s = this.shardForWrite(key);
    let slot = this.liveSlot(s, key);
    let added = false;
    if (slot < 0) {
      slot = s.insert(key, this.h, value);
      this.count++;
      added = true;
    } else {
      s.vals[slot] = value;
      if (!keepTtl && s.exp[slot] !== 0) {
        s.exp[slot] = 0;
        s.removeVolatile(slot);
        this.volatile--;
      }
    }
    s.lru[slot] = this.hooks.accessStamp(0);
    if (expireAt > 0) {
      if (s.exp[slot] === 0) this.volatile++;
      s.exp[slot] = expireAt;
      s.addVolatile(slot);
    }
    return added;
  }

  /** Replace the value of an existing live key keeping its TTL (in-place updates). */
  replace(key: string, value: Value): void {
    this.set(key, value, true);
  }

  /** Delete a key; true if it existed (and was not expired). */
  delete(key: string): boolean {
    const s = this.shardOf(key);
    if (s === undefined) return false;
    const slot = this.liveSlot(s, key);
    if (slot < 0) return false;
    this.removeSlot(s, slot);
    return true;
  }

  private removeSlot(s: Shard, slot: number): void {
    if (s.exp[slot] !== 0) {
      s.removeVolatile(slot);
      this.volatile--;
    }
    s.unindex(slot);
    const last = s.n - 1;
    if (slot !== last) {
      s.renumber(last, slot);
      s.keys[slot] = s.keys[last]!;
      s.vals[slot] = s.vals[last]!;
      s.hashes[slot] = s.hashes[last]!;
      s.exp[slot] = s.exp[last]!;
      s.lru[slot] = s.lru[last]!;
      s.moveVolatile(last, slot);
    }
    s.keys[last] = '';
    s.vals[last] = '';
    s.n = last;
    s.exp[last] = 0;
    s.volPos[last] = 0;
    this.count--;
    s.shrinkIfSparse();
  }

  /** Absolute expiry in ms of a live key, 0 when it has none, -1 when missing. */
  getExpire(key: string): number {
    const s = this.shardOf(key);
    if (s === undefined) return -1;
    const slot = this.liveSlot(s, key);
    if (slot < 0) return -1;
    return s.exp[slot]!;
  }

  /** Set the absolute expiry (ms) of a live key; false if the key does not exist. */
  setExpire(key: string, at: number): boolean {
    const s = this.shardOf(key);
    if (s === undefined) return false;
    const slot = this.liveSlot(s, key);
    if (slot < 0) return false;
    if (s.exp[slot] === 0) this.volatile++;
    s.exp[slot] = at;
    s.addVolatile(slot);
    return true;
  }

  /** Remove the TTL of a key; true if it had one. */
  persist(key: string): boolean {
    const s = this.shardOf(key);
    if (s === undefined) return false;
    const slot = this.liveSlot(s, key);
    if (slot < 0 || s.exp[slot] === 0) return false;
    s.exp[slot] = 0;
    s.removeVolatile(slot);
    this.volatile--;
    return true;
  }

  /** LRU/LFU stamp of a live key (OBJECT IDLETIME / FREQ), or -1. */
  getAccessStamp(key: string): number {
    const s = this.shardOf(key);
    if (s === undefined) return -1;
    const slot = this.liveSlot(s, key);
    return slot < 0 ? -1 : s.lru[slot]!;
  }

  setAccessStamp(key: string, stamp: number): void {
    const s = this.shardOf(key);
    if (s === undefined) return;
    const slot = s.find(key, this.h);
    if (slot >= 0) s.lru[slot] = stamp;
  }

  /**
   * A random live key, or undefined when the db is empty. Expired keys met while
   * sampling are reclaimed (as Redis's RANDOMKEY does).
   */
  randomKey(): string | undefined {
    for (let attempts = 0; attempts < 200 && this.count > 0; attempts++) {
      const s = this.randomShard();
      if (s === undefined) return undefined;
      const slot = Math.floor(Math.random() * s.n);
      const key = s.keys[slot]!;
      const e = s.exp[slot]!;
      if (e !== 0 && e <= now()) {
        if (this.deleteExpiredOnAccess) {
          this.removeSlot(s, slot);
          this.hooks.expired(this, key);
          continue;
        }
        // Replicas do not delete: return it only if everything is volatile and expired.
        if (attempts < 100) continue;
      }
      return key;
    }
    return undefined;
  }

  /** A random non-empty shard, weighted roughly by size via rejection sampling. */
  private randomShard(): Shard | undefined {
    if (this.count === 0) return undefined;
    for (let i = 0; i < 64; i++) {
      const s = this.shards[Math.floor(Math.random() * SHARDS)];
      if (s !== undefined && s.n > 0) return s;
    }
    const start = Math.floor(Math.random() * SHARDS);
    for (let i = 0; i < SHARDS; i++) {
      const s = this.shards[(start + i) & SHARD_MASK];
      if (s !== undefined && s.n > 0) return s;
    }
    return undefined;
  }

  /**
   * One SCAN step: visits about `count` slots from `cursor` and pushes their keys to out
   * (expired keys included; the caller filters). Returns the next cursor, 0 when done.
   * Cursor layout: shard index in the low 10 bits, (slot+1) above; slot+1 = 0 means "start
   * this shard from its last slot".
   */
  scan(cursor: number, count: number, out: string[]): number {
    let shard = cursor % SHARDS;
    let pos = Math.floor(cursor / SHARDS) - 1; // next slot to visit, descending; -1 = from top
    let visited = 0;
    let fresh = pos < 0;
    const budget = Math.max(1, count);
    while (shard < SHARDS) {
      const s = this.shards[shard];
      const n = s === undefined ? 0 : s.n;
      if (fresh) pos = n - 1;
      else if (pos > n - 1) pos = n - 1;
      while (pos >= 0 && visited < budget) {
        out.push(s!.keys[pos]!);
        pos--;
        visited++;
      }
      if (pos >= 0) return (pos + 1) * SHARDS + shard;
      shard++;
      fresh = true;
      // Empty shards are cheap to skip but bounded so one call stays short.
      if (visited >= budget) return shard >= SHARDS ? 0 : shard;
    }
    return 0;
  }

  /** Call fn for every key (KEYS, FLUSH, snapshots). fn must not modify the db. */
  forEachKey(fn: (key: string, value: Value, expireAt: number) => void): void {
    for (const s of this.shards) {
      if (s === undefined) continue;
      for (let i = s.n - 1; i >= 0; i--) fn(s.keys[i]!, s.vals[i]!, s.exp[i]!);
    }
  }

  /** Remove every key. */
  clear(): void {
    this.shards = new Array<Shard | undefined>(SHARDS).fill(undefined);
    this.count = 0;
    this.volatile = 0;
    this.expireShard = 0;
    this.expirePos = 0;
    this.avgTtl = 0;
  }

  /** Swap contents with another Db (SWAPDB). */
  swapWith(other: Db): void {
    const s = this.shards;
    this.shards = other.shards;
    other.shards = s;
    const c = this.count;
    this.count = other.count;
    other.count = c;
    const v = this.volatile;
    this.volatile = other.volatile;
    other.volatile = v;
    const a = this.avgTtl;
    this.avgTtl = other.avgTtl;
    other.avgTtl = a;
    this.expireShard = this.expirePos = other.expireShard = other.expirePos = 0;
  }

  /**
   * Active expiry: examine volatile keys from where the last cycle stopped, deleting the
   * expired ones, until `maxChecks` keys were looked at or `deadline` (ms, performance.now
   * scale) passes. Returns [checked, expired].
   */
  activeExpire(maxChecks: number, deadline: number, clockNow: () => number): [number, number] {
    let checked = 0;
    let expired = 0;
    if (this.volatile === 0) return [0, 0];
    const t = now();
    let ttlSum = 0;
    let ttlSamples = 0;
    let shardsVisited = 0;
    while (checked < maxChecks && shardsVisited <= SHARDS) {
      const s = this.shards[this.expireShard];
      if (s === undefined || this.expirePos >= s.volCount) {
        this.expireShard = (this.expireShard + 1) & SHARD_MASK;
        this.expirePos = 0;
        shardsVisited++;
        continue;
      }
      const slot = s.vol[this.expirePos]!;
      const e = s.exp[slot]!;
      checked++;
      if (e <= t) {
        const key = s.keys[slot]!;
        this.removeSlot(s, slot);
        this.hooks.expired(this, key);
        expired++;
        // The slot at expirePos now holds another key: do not advance.
      } else {
        ttlSum += e - t;
        ttlSamples++;
        this.expirePos++;
      }
      if ((checked & 63) === 0 && clockNow() >= deadline) break;
    }
    if (ttlSamples > 0) {
      const avg = ttlSum / ttlSamples;
      this.avgTtl = this.avgTtl === 0 ? avg : (this.avgTtl / 50) * 49 + avg / 50;
    }
    return [checked, expired];
  }
}
