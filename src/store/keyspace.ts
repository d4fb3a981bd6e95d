// The keyspace of one logical database (SELECT n).
//
// Commands see only this class's methods: get/set/delete, expiry, random sampling, a
// stateless SCAN cursor and per-key metadata. How keys are stored behind it is private,
// so the storage engine can be replaced (off-heap slabs, see docs/architecture.md)
// without touching command code.
//
// Engine: keys are spread over 1024 shards by a hash of their bytes. Each shard keeps key
// and small-value bytes in one byte slab, dense typed arrays indexed by slot (entry
// offset, hash, expiry, LRU/LFU stamp) and its own open-addressing index (an Int32Array
// of slot numbers): no JS Map, so no per-key heap object and no Map rehash; an index
// rebuild touches one shard (~1/1024 of the keys). See class Shard.
// Deleting swaps the last slot into the hole, so:
//  - random sampling is O(1) (random shard, random slot);
//  - SCAN walks each shard's slots in descending order: an element only ever moves from
//    the last slot to a lower hole, so every key present for the whole scan is returned
//    at least once (Redis's guarantee), with a cursor that needs no server-side state;
//  - no single Map grows past a few thousand entries per million keys, so rehashing
//    stays short and the 2^24 per-Map limit is never reached.
// Keys with a TTL are also listed in a per-shard volatile array, walked incrementally by
// the active expiry cycle.

import { performance } from 'node:perf_hooks';
import type { Value } from '../types/value.js';
import { now, lruNow } from '../util/clock.js';
import { latin1String } from '../util/strings.js';
import { writeDecimal } from '../util/numbers.js';

const SHARD_BITS = 10;
const SHARDS = 1 << SHARD_BITS;
const SHARD_MASK = SHARDS - 1;

/** Keys up to this many chars are hashed and compared 4 bytes at a time (see keyHash). */
const WORD_KEY_MAX = 64;
/** Int32Array words are little-endian on every platform Node supports in practice; checked. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/**
 * The 4-byte little-endian words of the key hashed last (when it had <= WORD_KEY_MAX
 * chars), zero-padded: Shard.find compares them with the slab's key bytes as Int32 words,
 * so each char of a looked-up key is read from the JS string once per lookup, not twice.
 */
const keyWords = new Int32Array(WORD_KEY_MAX / 4);
/**
 * Length of the key whose words keyWords holds (-1 after a long key). Every Shard.find
 * follows the keyHash of its key (Db.shardOf/shardForWrite, then liveSlot), so the words
 * are that key's; a length is kept rather than the key itself because storing a new
 * string in a module variable costs a GC write barrier on every lookup (measured ~1%).
 */
let keyWordsLen = -1;

/**
 * Hash of a latin1 key. Keys up to 64 chars: MurmurHash3 (x86, 32-bit) over their 4-byte
 * words, which also fills keyWords for the comparison that follows. Reading the chars
 * (charCodeAt, ~1.8 ns each) costs more than the mixing, so the gain is that the key
 * comparison compares words instead of reading every char a second time (measured: -8%
 * per pipelined SET/GET, -11% per MSET). Longer keys: FNV-1a over at most 32 leading and
 * 32 trailing chars plus the length (hashing cost bounded for huge keys).
 */
export function keyHash(key: string): number {
  const n = key.length;
  let h: number;
  if (n <= WORD_KEY_MAX) {
    h = n;
    const full = n >>> 2;
    let i = 0;
    for (let w = 0; w < full; w++, i += 4) {
      const k = key.charCodeAt(i) | (key.charCodeAt(i + 1) << 8) | (key.charCodeAt(i + 2) << 16) | (key.charCodeAt(i + 3) << 24);
      keyWords[w] = k;
      h = mixWord(h, k);
    }
    if (i < n) {
      let k = key.charCodeAt(i);
      if (i + 1 < n) k |= key.charCodeAt(i + 1) << 8;
      if (i + 2 < n) k |= key.charCodeAt(i + 2) << 16;
      keyWords[full] = k;
      h ^= Math.imul(rotl(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593);
    }
    keyWordsLen = n;
    h ^= n;
  } else {
    keyWordsLen = -1;
    h = 0x811c9dc5 ^ n;
    for (let i = 0; i < 32; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    for (let i = n - 32; i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  // Final avalanche (murmur3's fmix32): every input bit reaches the shard bits (low) and
  // the index bits (above them).
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function mixWord(h: number, k: number): number {
  h ^= Math.imul(rotl(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593);
  return (Math.imul(rotl(h, 13), 5) + 0xe6546b64) | 0;
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

/** Compaction counters of one Db's shards (INFO reports them as active defrag work). */
export class EngineStats {
  compactions = 0;
  entriesMoved = 0;
  bytesMoved = 0;
  compactMs = 0;
}

type Latin1Buffer = Buffer & {
  latin1Slice(start: number, end: number): string;
  latin1Write(s: string, offset: number, length?: number): number;
};

/** String values longer than this stay JS strings (one heap object) instead of slab bytes. */
const INLINE_VALUE_MAX = 256;
/**
 * Flags in an entry's value word. OBJ_FLAG: the value is a JS value kept in the shard's
 * `objs` list, at the index in the low bits. EXP_FLAG: the entry ends with a TTL tail.
 */
const OBJ_FLAG = 0x80000000 | 0;
const EXP_FLAG = 0x40000000;
/** Low bits of the value word: the inline value length, or the index into objs. */
const VAL_MASK = 0x3fffffff;
/** TTL tail of a volatile entry: expiry ms as two 32-bit words (low, high), then 1 + its position in vol. */
const TAIL_BYTES = 12;
/** Expiry times above this are stored as this (see Db.exactExpires for exact int64 times). */
const MAX_STORED_EXPIRE = 2147483647 * 4294967296;

/**
 * One shard: up to a few tens of thousands of keys.
 *
 * Key bytes and small string values live in one byte slab per shard: an entry is
 * [u32 keyLen][u32 value word][key bytes][value bytes] padded to 4 bytes, followed for a
 * key with a TTL by a 12-byte tail [expiry low][expiry high][1 + position in vol]. So a
 * small key costs no JS heap object at all: the garbage collector sees a handful of typed
 * arrays per shard instead of two strings per key, which is what made V8's marking stall
 * the event loop with millions of keys. Collections, mutable strings and long strings are
 * JS values in the shard's dense `objs` list, referenced from the entry by index.
 *
 * Per slot (dense, indexed 0..n-1): entry offset, key hash, access stamp. Nothing else is
 * per slot, so nothing is allocated for every slot of a shard when its first key gets a
 * TTL or its first collection: those arrays (sized to the shard's capacity) were
 * allocated for all 1024 shards within the first ~1000 EXPIREs of a workload, ~70 us
 * each, and stalled the loop for several ms. TTLs cost 12 bytes per volatile key instead.
 * An open-addressing index maps hash → slot. Deleting moves the last slot into the hole.
 * Freed slab bytes are counted and the slab is compacted (live entries copied in slot
 * order) when more than half of it is garbage, so memory does not fragment; compaction
 * is per shard, so its cost is bounded by the shard size.
 */
class Shard {
  constructor(private readonly stats: EngineStats) {}

  /** Number of live slots. */
  n = 0;
  /** Per-slot byte offset of the entry in `mem`. */
  refs: Int32Array = new Int32Array(4);
  /** JS values (objects, long strings), dense; an entry's value word holds the index. */
  objs: Value[] = [];
  /** Slot of each objs element (to renumber its entry when the last element fills a hole). */
  objSlots: Int32Array = new Int32Array(0);
  /** Full 32-bit hash of each slot's key (probing and resizing never rehash keys). */
  hashes: Int32Array = new Int32Array(4);
  /** LRU clock (seconds, 24 bits as Redis) or LFU data per slot. */
  lru: Uint32Array = new Uint32Array(4);
  /** Slots of the keys with a TTL (their entries' tails hold 1 + their position here). */
  vol: Int32Array = new Int32Array(0);
  volCount = 0;
  /**
   * Open-addressing index (linear probing, backward-shift deletion): slot + 1, 0 = empty.
   * Positions come from the hash bits above the shard bits.
   */
  index: Int32Array = new Int32Array(8);
  mask = 7;
  /** Rebuild the index when n exceeds this (a jittered load factor of 0.5-0.75). */
  indexLimit = 6;
  /** The slab: entries are appended at `used`; `garbage` bytes belong to dead entries. */
  mem: Latin1Buffer = Buffer.allocUnsafeSlow(256) as Latin1Buffer;
  mem32: Int32Array = new Int32Array(this.mem.buffer, this.mem.byteOffset, 64);
  used = 0;
  garbage = 0;

  get size(): number {
    return this.n;
  }

  /** Slab bytes plus per-slot arrays, for used_memory accounting. */
  bytes(): number {
    return this.mem.length + this.refs.length * 12 + this.index.length * 4 + this.vol.length * 4 + this.objSlots.length * 12;
  }

  /** Bytes of the entry at off without its TTL tail (value word w). */
  private baseBytes(off: number, w: number): number {
    return (8 + this.mem32[off >> 2]! + (w & OBJ_FLAG ? 0 : w & VAL_MASK) + 3) & ~3;
  }

  private entryBytes(off: number): number {
    const w = this.mem32[(off >> 2) + 1]!;
    return this.baseBytes(off, w) + (w & EXP_FLAG ? TAIL_BYTES : 0);
  }

  /** Int32 index of the TTL tail of the entry at off (value word w has EXP_FLAG). */
  private tailAt(off: number, w: number): number {
    return (off + this.baseBytes(off, w)) >> 2;
  }

  /** Absolute expiry of slot in ms, 0 = none. */
  expAt(slot: number): number {
    const off = this.refs[slot]!;
    const w = this.mem32[(off >> 2) + 1]!;
    if ((w & EXP_FLAG) === 0) return 0;
    const q = this.tailAt(off, w);
    return this.mem32[q + 1]! * 4294967296 + (this.mem32[q]! >>> 0);
  }

  private writeExp(q: number, at: number): void {
    if (at > MAX_STORED_EXPIRE) at = MAX_STORED_EXPIRE;
    const hi = Math.floor(at / 4294967296);
    this.mem32[q] = (at - hi * 4294967296) | 0;
    this.mem32[q + 1] = hi;
  }

  /** Give slot the TTL `at` (absolute ms, > 0). Returns 1 if it had none, else 0. */
  setExp(slot: number, at: number): number {
    let off = this.refs[slot]!;
    const w = this.mem32[(off >> 2) + 1]!;
    if (w & EXP_FLAG) {
      this.writeExp(this.tailAt(off, w), at);
      return 0;
    }
    // Append a copy of the entry with room for the tail (reserve may compact the slab and
    // move the entry: read its offset again after).
    const size = this.baseBytes(off, w);
    const dest = this.reserve(size + TAIL_BYTES);
    off = this.refs[slot]!;
    this.mem.copyWithin(dest, off, off + size);
    this.refs[slot] = dest;
    this.garbage += size;
    this.mem32[(dest >> 2) + 1] = w | EXP_FLAG;
    const q = (dest + size) >> 2;
    this.writeExp(q, at);
    this.volAdd(slot, q);
    return 1;
  }

  /** Remove slot's TTL. Returns 1 if it had one, else 0. */
  clearExp(slot: number): number {
    const off = this.refs[slot]!;
    const w = this.mem32[(off >> 2) + 1]!;
    if ((w & EXP_FLAG) === 0) return 0;
    this.volRemove(this.mem32[this.tailAt(off, w) + 2]!);
    this.mem32[(off >> 2) + 1] = w & ~EXP_FLAG;
    this.garbage += TAIL_BYTES;
    return 1;
  }

  /** Append slot (whose tail is at int32 index q) to the volatile list. */
  private volAdd(slot: number, q: number): void {
    if (this.volCount === this.vol.length) this.vol = resizeInt32(this.vol, Math.max(4, this.vol.length * 2));
    this.vol[this.volCount] = slot;
    this.mem32[q + 2] = ++this.volCount;
  }

  /** Remove position p - 1 from the volatile list (the last element fills the hole). */
  private volRemove(p: number): void {
    const last = --this.volCount;
    if (p - 1 !== last) {
      const moved = this.vol[last]!;
      this.vol[p - 1] = moved;
      const off = this.refs[moved]!;
      this.mem32[this.tailAt(off, this.mem32[(off >> 2) + 1]!) + 2] = p;
    }
    if (this.vol.length > 64 && this.volCount < this.vol.length / 4) {
      this.vol = this.vol.slice(0, this.vol.length / 2);
    }
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
      if (this.hashes[slot] === h && this.keyEquals(this.refs[slot]!, key)) return slot;
      i = (i + 1) & mask;
    }
  }

  private keyEquals(off: number, key: string): boolean {
    const len = key.length;
    const mem32 = this.mem32;
    if (mem32[off >> 2] !== len) return false;
    if (LITTLE_ENDIAN && keyWordsLen === len) {
      // Compare the words keyHash just computed with the slab's key bytes (4-aligned at
      // off + 8); the last partial word is masked (value bytes follow the key).
      const q = (off >> 2) + 2;
      const full = len >>> 2;
      for (let w = 0; w < full; w++) if (mem32[q + w] !== keyWords[w]) return false;
      const rem = len & 3;
      return rem === 0 || (mem32[q + full]! & ((1 << (rem << 3)) - 1)) === keyWords[full];
    }
    const mem = this.mem;
    const p = off + 8;
    for (let i = 0; i < len; i++) if (mem[p + i] !== key.charCodeAt(i)) return false;
    return true;
  }

  keyAt(slot: number): string {
    const off = this.refs[slot]!;
    return latin1String(this.mem, off + 8, off + 8 + this.mem32[off >> 2]!);
  }

  valueAt(slot: number): Value {
    const off = this.refs[slot]!;
    const w = this.mem32[(off >> 2) + 1]!;
    if (w & OBJ_FLAG) return this.objs[w & VAL_MASK]!;
    const p = off + 8 + this.mem32[off >> 2]!;
    return latin1String(this.mem, p, p + (w & VAL_MASK));
  }

  /** Write the slot's value to sink if it is an inline string; false otherwise. */
  writeInlineValue(slot: number, sink: BytesSink): boolean {
    const off = this.refs[slot]!;
    const w = this.mem32[(off >> 2) + 1]!;
    if (w & OBJ_FLAG) return false;
    const p = off + 8 + this.mem32[off >> 2]!;
    sink.bulkBytes(this.mem, p, p + (w & VAL_MASK));
    return true;
  }

  /**
   * The slot's value as an integer when it is an inline string in string2ll's canonical
   * form ("0", or an optional '-' and up to 15 digits without a leading zero: always a safe
   * integer); NaN otherwise.
   */
  intValueAt(slot: number): number {
    const off = this.refs[slot]!;
    const w = this.mem32[(off >> 2) + 1]!;
    const vlen = w & VAL_MASK;
    if (w & OBJ_FLAG || vlen === 0 || vlen > 16) return NaN;
    const mem = this.mem;
    let p = off + 8 + this.mem32[off >> 2]!;
    const end = p + vlen;
    const neg = mem[p] === 45;
    if (neg) p++;
    const digits = end - p;
    if (digits === 0 || digits > 15) return NaN;
    if (mem[p] === 48) return vlen === 1 ? 0 : NaN; // "-0" and leading zeros are not integers
    let v = 0;
    for (; p < end; p++) {
      const d = mem[p]! - 48;
      if (d < 0 || d > 9) return NaN;
      v = v * 10 + d;
    }
    return neg ? -v : v;
  }

  /** Store safe integer n as the slot's value (decimal text), in place when the entry size allows. */
  setIntValue(slot: number, n: number): void {
    const off = this.refs[slot]!;
    const klen = this.mem32[off >> 2]!;
    const w = this.mem32[(off >> 2) + 1]!;
    const abs = n < 0 ? -n : n;
    let vlen = n < 0 ? 2 : 1;
    for (let x = 10; x <= abs; x *= 10) vlen++;
    if (w & OBJ_FLAG || ((8 + klen + vlen + 3) & ~3) !== this.baseBytes(off, w)) {
      this.setValue(slot, String(n));
      return;
    }
    this.mem32[(off >> 2) + 1] = (w & EXP_FLAG) | vlen;
    let p = off + 8 + klen;
    if (n < 0) this.mem[p++] = 45;
    writeDecimal(this.mem, p, abs);
  }

  private static entrySize(keyLen: number, value: Value): number {
    const inline = typeof value === 'string' && value.length <= INLINE_VALUE_MAX ? value.length : 0;
    return (8 + keyLen + inline + 3) & ~3;
  }

  /** Replace the value of `slot` (keeping its TTL), in place when the new value fits the old entry. */
  setValue(slot: number, value: Value): void {
    const off = this.refs[slot]!;
    const klen = this.mem32[off >> 2]!;
    const w = this.mem32[(off >> 2) + 1]!;
    const oldBase = this.baseBytes(off, w);
    if (Shard.entrySize(klen, value) === oldBase) {
      this.storeValue(off, off + 8 + klen, value, slot);
      return;
    }
    // Copy the key into a new entry first (reserve may move the slab). If reserving
    // space compacts the slab, the old entry is copied as live: count it as garbage only
    // once the new entry exists. The TTL tail moves with the entry.
    const key = this.keyAt(slot);
    const tail = w & EXP_FLAG ? TAIL_BYTES : 0;
    const dest = this.writeEntry(key, value, slot, tail, w & ~EXP_FLAG);
    if (tail !== 0) {
      const src = this.refs[slot]!;
      const from = this.tailAt(src, this.mem32[(src >> 2) + 1]!);
      const to = (dest + Shard.entrySize(klen, value)) >> 2;
      this.mem32[to] = this.mem32[from]!;
      this.mem32[to + 1] = this.mem32[from + 1]!;
      this.mem32[to + 2] = this.mem32[from + 2]!;
      this.mem32[(dest >> 2) + 1] = this.mem32[(dest >> 2) + 1]! | EXP_FLAG;
    }
    this.garbage += oldBase + tail;
    this.refs[slot] = dest;
  }

  /** Copy live entries into a slab of `cap` bytes, in slot order. */
  private compact(cap: number): void {
    const t0 = performance.now();
    const old = this.mem;
    const mem = Buffer.allocUnsafeSlow(cap) as Latin1Buffer;
    let p = 0;
    // Entries of consecutive slots are usually adjacent in the old slab: copy such runs
    // with one native call instead of one per entry.
    let runStart = -1;
    let runEnd = -1;
    let runDest = 0;
    for (let slot = 0; slot < this.n; slot++) {
      const off = this.refs[slot]!;
      const size = this.entryBytes(off);
      if (off !== runEnd) {
        if (runStart >= 0) old.copy(mem, runDest, runStart, runEnd);
        runStart = off;
        runDest = p;
      }
      runEnd = off + size;
      this.refs[slot] = p;
      p += size;
    }
    if (runStart >= 0) old.copy(mem, runDest, runStart, runEnd);
    this.mem = mem;
    this.mem32 = new Int32Array(mem.buffer, mem.byteOffset, cap >> 2);
    this.used = p;
    this.garbage = 0;
    const st = this.stats;
    st.compactions++;
    st.entriesMoved += this.n;
    st.bytesMoved += p;
    st.compactMs += performance.now() - t0;
  }

  /** Reserve `size` bytes at the end of the slab (compacting or growing it). */
  private reserve(size: number): number {
    if (this.used + size > this.mem.length) {
      if (this.garbage > (this.used >> 2) && this.used - this.garbage + size <= this.mem.length) {
        this.compact(this.mem.length);
      } else if (this.garbage > (this.used >> 2)) {
        const live = this.used - this.garbage;
        const cap = Math.max(Math.ceil((live + size) * jitter(1.3, 1.9)), 256);
        this.compact((cap + 7) & ~7);
      } else {
        // Little garbage: grow by copying the used region in one piece (offsets stay valid).
        const cap = (Math.max(Math.ceil((this.used + size) * jitter(1.3, 1.9)), 256) + 7) & ~7;
        const mem = Buffer.allocUnsafeSlow(cap) as Latin1Buffer;
        this.mem.copy(mem, 0, 0, this.used);
        this.mem = mem;
        this.mem32 = new Int32Array(mem.buffer, mem.byteOffset, cap >> 2);
      }
    }
    const off = this.used;
    this.used += size;
    return off;
  }

  /**
   * Write an entry for key/value with `extra` bytes after it (a TTL tail) and return its
   * offset. `w0` is the value word of the entry it replaces (0 for a new key): an objs
   * element it refers to is reused or released by storeValue. The new value word has no
   * EXP_FLAG: the caller fills the tail and sets it.
   */
  private writeEntry(key: string, value: Value, slot: number, extra: number, w0: number): number {
    const klen = key.length;
    const off = this.reserve(Shard.entrySize(klen, value) + extra);
    const mem = this.mem;
    this.mem32[off >> 2] = klen;
    this.mem32[(off >> 2) + 1] = w0;
    let p = off + 8;
    if (klen < 48) for (let i = 0; i < klen; i++) mem[p++] = key.charCodeAt(i);
    else p += mem.latin1Write(key, p, klen);
    this.storeValue(off, p, value, slot);
    return off;
  }

  /**
   * Store value for the entry at off (value bytes start at p), keeping its EXP_FLAG, and
   * release the objs element it held before, if any.
   */
  private storeValue(off: number, p: number, value: Value, slot: number): void {
    const wq = (off >> 2) + 1;
    const w = this.mem32[wq]!;
    if (typeof value === 'string' && value.length <= INLINE_VALUE_MAX) {
      if (w & OBJ_FLAG) this.objRemove(w & VAL_MASK);
      const vlen = value.length;
      this.mem32[wq] = (w & EXP_FLAG) | vlen;
      const mem = this.mem;
      if (vlen < 48) for (let i = 0; i < vlen; i++) mem[p++] = value.charCodeAt(i);
      else mem.latin1Write(value, p, vlen);
    } else if (w & OBJ_FLAG) {
      this.objs[w & VAL_MASK] = value;
    } else {
      const i = this.objs.length;
      this.objs.push(value);
      if (i === this.objSlots.length) this.objSlots = resizeInt32(this.objSlots, Math.max(4, i * 2));
      this.objSlots[i] = slot;
      this.mem32[wq] = (w & EXP_FLAG) | OBJ_FLAG | i;
    }
  }

  /** Drop objs element i; the last element fills the hole and its entry is renumbered. */
  private objRemove(i: number): void {
    const last = this.objs.length - 1;
    if (i !== last) {
      const slot = this.objSlots[last]!;
      this.objs[i] = this.objs[last]!;
      this.objSlots[i] = slot;
      const wq = (this.refs[slot]! >> 2) + 1;
      this.mem32[wq] = (this.mem32[wq]! & ~VAL_MASK) | i;
    }
    this.objs.pop();
    if (this.objSlots.length > 64 && last < this.objSlots.length / 4) this.objSlots = this.objSlots.slice(0, this.objSlots.length / 2);
  }

  /** Append a new key (known absent) with TTL `exp` (absolute ms, 0 = none) and return its slot. */
  insert(key: string, h: number, value: Value, exp = 0): number {
    const slot = this.n;
    if (slot + 1 > this.indexLimit) this.rebuildIndex(this.index.length * 2);
    this.ensureCapacity(slot + 1);
    const off = this.writeEntry(key, value, slot, exp > 0 ? TAIL_BYTES : 0, 0);
    this.refs[slot] = off;
    this.hashes[slot] = h;
    this.n = slot + 1;
    if (exp > 0) {
      this.mem32[(off >> 2) + 1] = this.mem32[(off >> 2) + 1]! | EXP_FLAG;
      const q = (off + Shard.entrySize(key.length, value)) >> 2;
      this.writeExp(q, exp);
      this.volAdd(slot, q);
    }
    const mask = this.mask;
    let i = (h >>> SHARD_BITS) & mask;
    while (this.index[i] !== 0) i = (i + 1) & mask;
    this.index[i] = slot + 1;
    return slot;
  }

  /**
   * Remove `slot`: drop it from the index and the volatile list, free its entry and move
   * the last slot into the hole. Returns 1 if it had a TTL, else 0.
   */
  remove(slot: number): number {
    this.unindex(slot);
    const off = this.refs[slot]!;
    const w = this.mem32[(off >> 2) + 1]!;
    let wasVolatile = 0;
    if (w & EXP_FLAG) {
      this.volRemove(this.mem32[this.tailAt(off, w) + 2]!);
      wasVolatile = 1;
    }
    if (w & OBJ_FLAG) this.objRemove(w & VAL_MASK);
    this.garbage += this.entryBytes(off);
    const last = this.n - 1;
    if (slot !== last) {
      this.renumber(last, slot);
      const loff = this.refs[last]!;
      this.refs[slot] = loff;
      this.hashes[slot] = this.hashes[last]!;
      this.lru[slot] = this.lru[last]!;
      const lw = this.mem32[(loff >> 2) + 1]!;
      if (lw & OBJ_FLAG) this.objSlots[lw & VAL_MASK] = slot;
      if (lw & EXP_FLAG) this.vol[this.mem32[this.tailAt(loff, lw) + 2]! - 1] = slot;
    }
    this.n = last;
    if (this.n === 0) {
      this.used = 0;
      this.garbage = 0;
    } else if (this.garbage > 4096 && this.garbage * 2 > this.used) {
      this.compact(Math.max(256, (Math.ceil((this.used - this.garbage) * 1.5) + 7) & ~7));
    }
    this.shrinkIfSparse();
    return wasVolatile;
  }

  /** Index position holding `slot`. */
  private positionOf(slot: number): number {
    const mask = this.mask;
    let i = (this.hashes[slot]! >>> SHARD_BITS) & mask;
    while (this.index[i] !== slot + 1) i = (i + 1) & mask;
    return i;
  }

  /** Remove `slot` from the index (backward-shift deletion keeps probe chains intact). */
  private unindex(slot: number): void {
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
  private renumber(from: number, to: number): void {
    this.index[this.positionOf(from)] = to + 1;
  }

  private rebuildIndex(size: number): void {
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

  private ensureCapacity(n: number): void {
    if (n <= this.refs.length) return;
    const cap = Math.max(n, Math.ceil(this.refs.length * jitter(1.3, 1.9)));
    this.resizeSlots(cap);
  }

  private resizeSlots(cap: number): void {
    this.refs = resizeInt32(this.refs, cap);
    this.hashes = resizeInt32(this.hashes, cap);
    const lru = new Uint32Array(cap);
    lru.set(this.lru.subarray(0, Math.min(cap, this.lru.length)));
    this.lru = lru;
  }

  private shrinkIfSparse(): void {
    const n = this.n;
    if (this.refs.length > 64 && n < this.refs.length / 4) this.resizeSlots(Math.max(4, this.refs.length >>> 1));
    if (this.index.length > 16 && n * 8 < this.index.length) this.rebuildIndex(this.index.length >>> 1);
  }
}

function resizeInt32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a.subarray(0, Math.min(cap, a.length)));
  return b;
}

/** Receives raw value bytes (the reply writer), so GET copies slab bytes straight out. */
export interface BytesSink {
  bulkBytes(buf: Buffer, start: number, end: number): void;
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
  return lruNow();
}

/** The text of one of Redis's shared integer objects: 0..9999 in canonical form. */
function isSharedIntText(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 4) return false;
  const c0 = s.charCodeAt(0);
  if (c0 < 48 || c0 > 57 || (c0 === 48 && n > 1)) return false;
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export class Db {
  /** Slab compaction counters (INFO active_defrag_*). */
  readonly engineStats = new EngineStats();
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
  /** With deleteExpiredOnAccess off: expired keys still read as present (a replica applying its master's stream). */
  showExpired = false;
  /**
   * Keyspace events of classes 'n' (a key was added) and 'm' (a read missed): installed by
   * the server only while notify-keyspace-events asks for them, null otherwise.
   */
  onNewKey: ((db: Db, key: string) => void) | null = null;
  onKeyMiss: ((db: Db, key: string) => void) | null = null;
  /**
   * Copy-on-write hooks of a background snapshot (persistence/rdb/snapshot.ts), null
   * otherwise: called before a key's value or TTL changes or the key goes away (with the
   * old value and expiry; value undefined when the key is being created), and before the
   * whole db is emptied or swapped.
   */
  beforeKeyChange: ((db: Db, key: string, value: Value | undefined, expireAt: number) => void) | null = null;
  beforeBulkChange: ((db: Db) => void) | null = null;

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
  /**
   * Where getForWrite/has last found a live key, consumed by the next set/replace of the
   * same key: a read-modify-write (INCR, APPEND, SETNX, GETSET...) then hashes and probes
   * once, not twice (measured: ~15% of a pipelined INCR). A slot only moves when a key is
   * removed, so every removal forgets it; set re-checks the TTL because time may have
   * passed since the lookup.
   */
  private rmwKey: string | null = null;
  private rmwShard: Shard | null = null;
  private rmwSlot = -1;

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
      s = new Shard(this.engineStats);
      this.shards[i] = s;
    }
    return s;
  }

  /** Slot of a live key (expiring it lazily when its time has passed), or -1. */
  private liveSlot(s: Shard, key: string): number {
    const slot = s.find(key, this.h);
    if (slot < 0) return -1;
    const e = s.expAt(slot);
    if (e !== 0 && e <= now()) {
      if (this.deleteExpiredOnAccess) {
        this.removeSlot(s, slot);
        this.hooks.expired(this, key);
      } else if (this.showExpired) return slot;
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
        return s.valueAt(slot);
      }
    }
    this.counters.keyspaceMisses++;
    if (this.onKeyMiss !== null) this.onKeyMiss(this, key);
    return undefined;
  }

  /**
   * GET's fast path: when key holds a string stored in the slab, write it as a bulk reply
   * to sink without creating a JS string and return 1; otherwise return 0 and write
   * nothing (missing key, or a value the caller must handle via get()). Counts as a read.
   */
  readStringInto(key: string, sink: BytesSink): number {
    const s = this.shardOf(key);
    if (s === undefined) return 0;
    const slot = this.liveSlot(s, key);
    if (slot < 0) return 0;
    if (!s.writeInlineValue(slot, sink)) return 0;
    s.lru[slot] = this.hooks.accessStamp(s.lru[slot]!);
    this.counters.keyspaceHits++;
    return 1;
  }

  /**
   * INCRBY's fast path: when key holds an inline string that is a canonical integer of at
   * most 15 digits and value + delta is a safe integer, store the sum in place of the
   * digits (no JS string read or written) and return it, touching the access stamp as
   * getForWrite does. Otherwise change nothing and return undefined (missing key, other
   * types, long or non-integer text, big sums): the caller takes the general path.
   */
  incrInline(key: string, delta: number): number | undefined {
    const s = this.shardOf(key);
    if (s === undefined) return undefined;
    const slot = this.liveSlot(s, key);
    if (slot < 0) return undefined;
    const next = s.intValueAt(slot) + delta;
    if (!Number.isSafeInteger(next)) return undefined; // NaN included
    if (this.beforeKeyChange !== null) this.beforeKeyChange(this, key, s.valueAt(slot), s.expAt(slot));
    s.lru[slot] = this.hooks.accessStamp(s.lru[slot]!);
    s.setIntValue(slot, next);
    // A new small integer is one of Redis's shared objects again (see unsharedInts),
    // unless sharing is off.
    if (this.unsharedInts.size !== 0) this.unsharedInts.delete(key);
    if (this.noSharedInts && next >= 0 && next < 10000) this.unsharedInts.add(key);
    return next;
  }

  /** Bytes held by the engine (slabs and per-key arrays), for INFO used_memory. */
  memoryBytes(): number {
    let n = 0;
    for (const s of this.shards) if (s !== undefined) n += s.bytes();
    return n;
  }

  /** Value of a key about to be modified (updates the access stamp, not the hit counters). */
  getForWrite(key: string): Value | undefined {
    const s = this.shardOf(key);
    if (s === undefined) return undefined;
    const slot = this.liveSlot(s, key);
    if (slot < 0) return undefined;
    s.lru[slot] = this.hooks.accessStamp(s.lru[slot]!);
    if (this.beforeKeyChange !== null) this.beforeKeyChange(this, key, s.valueAt(slot), s.expAt(slot));
    this.rmwKey = key;
    this.rmwShard = s;
    this.rmwSlot = slot;
    return s.valueAt(slot);
  }

  /**
   * Whether a key is stored and live (1), stored but past its expiry time (2), or not
   * stored (0). Deletes nothing and fires no hook (Redis's keyIsExpired / dictFind, as
   * WATCH needs them).
   */
  storedState(key: string): 0 | 1 | 2 {
    const s = this.shardOf(key);
    if (s === undefined) return 0;
    const slot = s.find(key, this.h);
    if (slot < 0) return 0;
    const e = s.expAt(slot);
    return e !== 0 && e <= now() ? 2 : 1;
  }

  /** Value of a key without touching its access stamp (OBJECT, TYPE, DEBUG). */
  peek(key: string): Value | undefined {
    const s = this.shardOf(key);
    if (s === undefined) return undefined;
    const slot = this.liveSlot(s, key);
    return slot < 0 ? undefined : s.valueAt(slot);
  }

  has(key: string): boolean {
    const s = this.shardOf(key);
    if (s === undefined) return false;
    const slot = this.liveSlot(s, key);
    if (slot < 0) return false;
    this.rmwKey = key;
    this.rmwShard = s;
    this.rmwSlot = slot;
    return true;
  }

  /**
   * Set a key's value. The TTL is cleared unless keepTtl; `expireAt` (absolute ms, > 0)
   * sets a new one. Returns true when the key was new.
   */
  set(key: string, value: Value, keepTtl = false, expireAt = 0): boolean {
    let s: Shard;
    let slot: number;
    if (this.rmwKey === key && !this.rmwExpired()) {
      s = this.rmwShard!;
      slot = this.rmwSlot;
    } else {
      s = this.shardForWrite(key);
      slot = this.liveSlot(s, key);
    }
    this.rmwKey = null;
    if (this.beforeKeyChange !== null) this.beforeKeyChange(this, key, slot < 0 ? undefined : s.valueAt(slot), slot < 0 ? 0 : s.expAt(slot));
    if (this.exactExpires.size !== 0 && (!keepTtl || expireAt > 0)) this.exactExpires.delete(key);
    if (this.unsharedInts.size !== 0) this.unsharedInts.delete(key);
    if (this.noSharedInts && typeof value === 'string' && isSharedIntText(value)) this.unsharedInts.add(key);
    let added = false;
    if (slot < 0) {
      slot = s.insert(key, this.h, value, expireAt);
      this.count++;
      if (expireAt > 0) this.volatile++;
      added = true;
    } else {
      s.setValue(slot, value);
      if (expireAt > 0) this.volatile += s.setExp(slot, expireAt);
      else if (!keepTtl) this.volatile -= s.clearExp(slot);
    }
    // New keys start a fresh stamp; an overwrite keeps the key's LFU history (as Redis's
    // dbSetValue does) while an LRU hook simply returns the current clock.
    s.lru[slot] = this.hooks.accessStamp(added ? 0 : s.lru[slot]!);
    if (added && this.onNewKey !== null) this.onNewKey(this, key);
    return added;
  }

  /** Whether the key remembered by getForWrite/has has expired since (set then takes the slow path). */
  private rmwExpired(): boolean {
    const e = this.rmwShard!.expAt(this.rmwSlot);
    return e !== 0 && e <= now();
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
    if (this.beforeKeyChange !== null) this.beforeKeyChange(this, s.keyAt(slot), s.valueAt(slot), s.expAt(slot));
    this.rmwKey = null; // the last slot moves into the hole
    if (this.exactExpires.size !== 0) this.exactExpires.delete(s.keyAt(slot));
    if (this.unsharedInts.size !== 0) this.unsharedInts.delete(s.keyAt(slot));
    this.volatile -= s.remove(slot);
    this.count--;
  }

  /** Absolute expiry in ms of a live key, 0 when it has none, -1 when missing. */
  getExpire(key: string): number {
    const s = this.shardOf(key);
    if (s === undefined) return -1;
    const slot = this.liveSlot(s, key);
    if (slot < 0) return -1;
    return s.expAt(slot);
  }

  /** Set the absolute expiry (ms) of a live key; false if the key does not exist. */
  setExpire(key: string, at: number): boolean {
    const s = this.shardOf(key);
    if (s === undefined) return false;
    const slot = this.liveSlot(s, key);
    if (slot < 0) return false;
    if (this.beforeKeyChange !== null) this.beforeKeyChange(this, key, s.valueAt(slot), s.expAt(slot));
    if (this.exactExpires.size !== 0) this.exactExpires.delete(key);
    this.volatile += s.setExp(slot, at);
    return true;
  }

  /**
   * Exact int64 expiry times. The per-slot expiry is a double, exact only up to 2^53 ms;
   * Redis keeps any int64 (PXAT 9223372036854775807 is legal and PEXPIRETIME prints it
   * back). Such times are ~285,000 years away, so the double stays fine for expiry checks
   * and this side map only answers TTL/EXPIRETIME-style questions. Entries exist only for
   * times above Number.MAX_SAFE_INTEGER and are dropped whenever the key's TTL changes
   * or the key goes away.
   */
  private exactExpires = new Map<string, bigint>();

  /** setExpire with an exact int64 time (ms). */
  setExpireExact(key: string, at: bigint | number): boolean {
    if (!this.setExpire(key, Number(at))) return false;
    if (typeof at === 'bigint' && at > BigInt(Number.MAX_SAFE_INTEGER)) this.exactExpires.set(key, at);
    return true;
  }

  /**
   * Keys whose small-integer string value is a private object rather than one of Redis's
   * shared integers 0..9999 (a COPY result: OBJECT REFCOUNT says 1, not 2147483647). The
   * mark goes away with the next set() or removal of the key. While noSharedInts is set
   * (maxmemory with an LRU/LFU policy: Redis then creates private integer objects), set()
   * marks every small integer it stores: sharing is decided when a value is created.
   */
  private unsharedInts = new Set<string>();
  noSharedInts = false;

  /** Mark (or unmark) the value of `key` as a private small-integer object. */
  markUnsharedInt(key: string, unshared = true): void {
    if (unshared) this.unsharedInts.add(key);
    else if (this.unsharedInts.size !== 0) this.unsharedInts.delete(key);
  }

  isUnsharedInt(key: string): boolean {
    return this.unsharedInts.size !== 0 && this.unsharedInts.has(key);
  }

  /** getExpire, exact beyond 2^53 (a bigint there when the exact time is known). */
  getExpireExact(key: string): number | bigint {
    const e = this.getExpire(key);
    if (e <= Number.MAX_SAFE_INTEGER) return e;
    return this.exactExpires.get(key) ?? e;
  }

  /** Remove the TTL of a key; true if it had one. */
  persist(key: string): boolean {
    const s = this.shardOf(key);
    if (s === undefined) return false;
    const slot = this.liveSlot(s, key);
    if (slot < 0 || s.expAt(slot) === 0) return false;
    if (this.beforeKeyChange !== null) this.beforeKeyChange(this, key, s.valueAt(slot), s.expAt(slot));
    s.clearExp(slot);
    if (this.exactExpires.size !== 0) this.exactExpires.delete(key);
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
      const key = s.keyAt(slot);
      const e = s.expAt(slot);
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

  /**
   * A random shard holding a key (with a TTL when `volatileOnly`), or undefined: 64 random
   * probes, then a scan from a random start.
   */
  private randomShard(volatileOnly = false): Shard | undefined {
    if ((volatileOnly ? this.volatile : this.count) === 0) return undefined;
    for (let i = 0; i < 64; i++) {
      const s = this.shards[Math.floor(Math.random() * SHARDS)];
      if (s !== undefined && (volatileOnly ? s.volCount : s.n) > 0) return s;
    }
    const start = Math.floor(Math.random() * SHARDS);
    for (let i = 0; i < SHARDS; i++) {
      const s = this.shards[(start + i) & SHARD_MASK];
      if (s !== undefined && (volatileOnly ? s.volCount : s.n) > 0) return s;
    }
    return undefined;
  }

  /**
   * Eviction sampling (Redis's dictGetSomeKeys): up to `count` random keys, only keys with
   * a TTL when `volatileOnly`, written to keys[0..n) with their access stamps and absolute
   * expiry times (0 = none) at the same indexes; the arrays are reused, not truncated.
   * Keys may repeat and may be expired but not yet reclaimed. Touches no stamps or
   * counters. Returns n.
   */
  sampleKeys(count: number, volatileOnly: boolean, keys: string[], stamps: number[], expires: number[]): number {
    let n = 0;
    for (; n < count; n++) {
      const s = this.randomShard(volatileOnly);
      if (s === undefined) break;
      const slot = volatileOnly ? s.vol[Math.floor(Math.random() * s.volCount)]! : Math.floor(Math.random() * s.n);
      keys[n] = s.keyAt(slot);
      stamps[n] = s.lru[slot]!;
      expires[n] = s.expAt(slot);
    }
    return n;
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
        out.push(s!.keyAt(pos));
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
      for (let i = s.n - 1; i >= 0; i--) fn(s.keyAt(i), s.valueAt(i), s.expAt(i));
    }
  }

  /** Remove every key. */
  clear(): void {
    if (this.beforeBulkChange !== null) this.beforeBulkChange(this);
    this.rmwKey = null;
    this.shards = new Array<Shard | undefined>(SHARDS).fill(undefined);
    this.exactExpires = new Map();
    this.unsharedInts = new Set();
    this.count = 0;
    this.volatile = 0;
    this.expireShard = 0;
    this.expirePos = 0;
    this.avgTtl = 0;
  }

  /** Swap contents with another Db (SWAPDB). */
  swapWith(other: Db): void {
    if (this.beforeBulkChange !== null) this.beforeBulkChange(this);
    if (other.beforeBulkChange !== null) other.beforeBulkChange(other);
    this.rmwKey = null;
    other.rmwKey = null;
    const s = this.shards;
    this.shards = other.shards;
    other.shards = s;
    const x = this.exactExpires;
    this.exactExpires = other.exactExpires;
    other.exactExpires = x;
    const u = this.unsharedInts;
    this.unsharedInts = other.unsharedInts;
    other.unsharedInts = u;
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
  activeExpire(maxChecks: number, deadline: number): [number, number] {
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
      const e = s.expAt(slot);
      checked++;
      if (e <= t) {
        const key = s.keyAt(slot);
        this.removeSlot(s, slot);
        this.hooks.expired(this, key);
        expired++;
        // The slot at expirePos now holds another key: do not advance.
      } else {
        ttlSum += e - t;
        ttlSamples++;
        this.expirePos++;
      }
      if ((checked & 63) === 0 && performance.now() >= deadline) break;
    }
    if (ttlSamples > 0) {
      const avg = ttlSum / ttlSamples;
      this.avgTtl = this.avgTtl === 0 ? avg : (this.avgTtl / 50) * 49 + avg / 50;
    }
    return [checked, expired];
  }
}
