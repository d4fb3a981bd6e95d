// The stream data type: entries with 128-bit IDs (ms-seq, two unsigned 64-bit halves),
// consumer groups with their pending entries lists (PEL), as Redis 7.0's t_stream.c.
//
// IDs are held as 16-character latin1 strings: the ID as a 128-bit big-endian number, one
// byte per char (Redis's rax key). JS string comparison of such strings is numeric order
// of the IDs, they are compact Map keys, and every uint64 value is exact. formatId turns
// one into "ms-seq" (a number fast path below 2^53, BigInt beyond).
//
// Storage models Redis's radix tree of listpacks node by node, because node boundaries
// are visible: approximate trimming (MAXLEN ~ / MINID ~) removes only whole nodes, and
// XINFO reports radix-tree-keys and radix-tree-nodes. A node starts at the entry that did
// not fit in the previous one (stream-node-max-entries, counting deleted entries, and
// stream-node-max-bytes, against the exact listpack byte size computed as Redis encodes
// it), deleted entries stay in their node flagged until the node empties, and the rax node
// count is derived from the node keys (a compressed radix tree over 16-byte keys).
//
// Operations return values and never write replies (commands/streams.ts does that).

import { ObjType, type RedisObject } from './value.js';
import { string2ll } from '../util/numbers.js';

// ---------------------------------------------------------------------------------------
// IDs
// ---------------------------------------------------------------------------------------

const TWO32 = 4294967296;
export const ID_MIN = '\0'.repeat(16);
export const ID_MAX = '\xff'.repeat(16);
const U64_MAX = 18446744073709551615n;

function u32(s: string, o: number): number {
  return ((s.charCodeAt(o) << 24) | (s.charCodeAt(o + 1) << 16) | (s.charCodeAt(o + 2) << 8) | s.charCodeAt(o + 3)) >>> 0;
}

function fromWords(a: number, b: number, c: number, d: number): string {
  return String.fromCharCode(
    a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255,
    b >>> 24, (b >>> 16) & 255, (b >>> 8) & 255, b & 255,
    c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255,
    d >>> 24, (d >>> 16) & 255, (d >>> 8) & 255, d & 255,
  );
}

function hi32(v: number | bigint): number {
  return typeof v === 'number' ? Math.floor(v / TWO32) : Number((v >> 32n) & 0xffffffffn);
}

function lo32(v: number | bigint): number {
  return typeof v === 'number' ? v >>> 0 : Number(v & 0xffffffffn);
}

/** The ID key of ms-seq (each a non-negative safe integer or a bigint below 2^64). */
export function makeId(ms: number | bigint, seq: number | bigint): string {
  return fromWords(hi32(ms), lo32(ms), hi32(seq), lo32(seq));
}

function halfToString(hi: number, lo: number): string {
  if (hi < 0x200000) return String(hi * TWO32 + lo);
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** "ms-seq" text of an ID key. */
export function formatId(id: string): string {
  return halfToString(u32(id, 0), u32(id, 4)) + '-' + halfToString(u32(id, 8), u32(id, 12));
}

export function idMs(id: string): bigint {
  return (BigInt(u32(id, 0)) << 32n) | BigInt(u32(id, 4));
}

export function idSeq(id: string): bigint {
  return (BigInt(u32(id, 8)) << 32n) | BigInt(u32(id, 12));
}

/** The ms part as a number (exact below 2^53; only compared with the clock above that). */
export function idMsNumber(id: string): number {
  return u32(id, 0) * TWO32 + u32(id, 4);
}

/** True when the seq part is 2^64-1. */
export function idSeqIsMax(id: string): boolean {
  return id.charCodeAt(8) === 255 && id.slice(8) === ID_MAX.slice(8);
}

/** Same ms, seq + 1 (caller checked seq is not max). */
export function idWithNextSeq(id: string): string {
  return idIncr(id)!;
}

const U32_MAX = 0xffffffff;

/** The next ID (streamIncrID: seq + 1, carrying into ms); null when id is the maximum. */
export function idIncr(id: string): string | null {
  let a = u32(id, 0);
  let b = u32(id, 4);
  let c = u32(id, 8);
  let d = u32(id, 12);
  if (d !== U32_MAX) return fromWords(a, b, c, d + 1);
  d = 0;
  if (c !== U32_MAX) return fromWords(a, b, c + 1, d);
  c = 0;
  if (b !== U32_MAX) return fromWords(a, b + 1, c, d);
  b = 0;
  if (a !== U32_MAX) return fromWords(a + 1, b, c, d);
  return null;
}

/** The previous ID (streamDecrID); null when id is 0-0. */
export function idDecr(id: string): string | null {
  let a = u32(id, 0);
  let b = u32(id, 4);
  let c = u32(id, 8);
  let d = u32(id, 12);
  if (d !== 0) return fromWords(a, b, c, d - 1);
  d = U32_MAX;
  if (c !== 0) return fromWords(a, b, c - 1, d);
  c = U32_MAX;
  if (b !== 0) return fromWords(a, b - 1, c, d);
  b = U32_MAX;
  if (a !== 0) return fromWords(a - 1, b, c, d);
  return null;
}

/**
 * Redis's string2ull: string2ll when it parses (negatives refused), else strtoull rules
 * (leading spaces, an optional sign, decimal digits to the end, no overflow; "-N" wraps).
 */
export function parseU64(s: string): number | bigint | null {
  const n = s.length;
  if (n > 0 && n < 16) {
    let ok = true;
    const c0 = s.charCodeAt(0);
    if (c0 === 48 && n > 1) ok = false;
    for (let i = 0; ok && i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) ok = false;
    }
    if (ok) return Number(s);
  }
  const ll = string2ll(s);
  if (ll !== null) return ll < 0 ? null : ll;
  // strtoull
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) i++;
    else break;
  }
  let neg = false;
  if (i < n && (s[i] === '+' || s[i] === '-')) {
    neg = s[i] === '-';
    i++;
  }
  const start = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  if (i === start || i !== n) return null;
  let v = BigInt(s.slice(start, i));
  if (v > U64_MAX) return null;
  if (neg) v = (U64_MAX + 1n - v) & U64_MAX;
  return v;
}

/** Set by parseId: false when the ID was "ms-*" (sequence to be generated). */
export let parsedSeqGiven = true;

/**
 * Redis's streamGenericParseIDOrReply: "-", "+" (unless strict), "ms", "ms-seq", and with
 * allowSeqStar "ms-*". `missingSeq` is the seq of a bare "ms" (0 or max). Returns the ID
 * key or null when invalid.
 */
export function parseId(arg: string, maxSeqWhenMissing: boolean, strict: boolean, allowSeqStar: boolean): string | null {
  parsedSeqGiven = true;
  if (arg.length > 127) return null;
  const nul = arg.indexOf('\0');
  const s = nul === -1 ? arg : arg.slice(0, nul);
  if (s.length === 1) {
    if (s === '-') return strict ? null : ID_MIN;
    if (s === '+') return strict ? null : ID_MAX;
  }
  const dash = s.indexOf('-');
  const msPart = dash === -1 ? s : s.slice(0, dash);
  const ms = parseU64(msPart);
  if (ms === null) return null;
  if (dash === -1) return makeId(ms, maxSeqWhenMissing ? U64_MAX : 0);
  const seqPart = s.slice(dash + 1);
  if (allowSeqStar && seqPart === '*') {
    parsedSeqGiven = false;
    return makeId(ms, 0);
  }
  const seq = parseU64(seqPart);
  if (seq === null) return null;
  return makeId(ms, seq);
}

// ---------------------------------------------------------------------------------------
// Listpack byte sizes (to place node boundaries where Redis does)
// ---------------------------------------------------------------------------------------

function lpIntSize(v: number): number {
  if (v >= 0 && v <= 127) return 2;
  if (v >= -4096 && v <= 4095) return 3;
  if (v >= -32768 && v <= 32767) return 4;
  if (v >= -8388608 && v <= 8388607) return 5;
  if (v >= -2147483648 && v <= 2147483647) return 6;
  return 10;
}

function lpBigIntSize(v: bigint): number {
  if (v >= -2147483648n && v <= 2147483647n) return lpIntSize(Number(v));
  return 10;
}

function backlenSize(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

/** Bytes of a string element in a listpack (integers are stored as integers). */
export function lpStrSize(s: string): number {
  const n = s.length;
  if (n > 0 && n <= 20) {
    const c = s.charCodeAt(0);
    if ((c >= 48 && c <= 57) || c === 45) {
      const v = string2ll(s);
      if (v !== null) return typeof v === 'number' ? lpIntSize(v) : 10;
    }
  }
  const l = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  return l + backlenSize(l);
}

/** Listpack size of the int64 (wrapping) difference a - b of two uint64 halves. */
function diffSize(a: string, b: string, off: number): number {
  const ah = u32(a, off);
  const bh = u32(b, off);
  if (ah < 0x200000 && bh < 0x200000) return lpIntSize(ah * TWO32 + u32(a, off + 4) - (bh * TWO32 + u32(b, off + 4)));
  const av = (BigInt(ah) << 32n) | BigInt(u32(a, off + 4));
  const bv = (BigInt(bh) << 32n) | BigInt(u32(b, off + 4));
  return lpBigIntSize(BigInt.asIntN(64, av - bv));
}

// ---------------------------------------------------------------------------------------
// Nodes
// ---------------------------------------------------------------------------------------

export const FLAG_DELETED = 1;
export const FLAG_SAMEFIELDS = 2;
const EMPTY: string[] = [];

/** One listpack of the radix tree: entries from `master` on, deleted ones flagged. */
export class StreamNode {
  /** Rax key: the ID of the first entry added to this node. */
  readonly master: string;
  readonly masterFields: string[];
  /** IDs of all entries, deleted ones included, ascending. */
  readonly ids: string[] = [];
  /** Flat field/value array of each entry (EMPTY once deleted). */
  readonly data: string[][] = [];
  readonly flags: number[] = [];
  live = 0;
  deleted = 0;
  /** Listpack bytes other than the header, EOF, count and deleted elements. */
  rest: number;

  constructor(master: string, fv: string[]) {
    this.master = master;
    const nf = fv.length >> 1;
    const fields: string[] = new Array(nf);
    let rest = lpIntSize(nf) + 2; // num-fields, master terminator "0"
    for (let i = 0; i < nf; i++) {
      const f = fv[2 * i]!;
      fields[i] = f;
      rest += lpStrSize(f);
    }
    this.masterFields = fields;
    this.rest = rest;
  }

  /** lpBytes() of the listpack Redis would hold. */
  lpBytes(): number {
    return 7 + lpIntSize(this.live) + lpIntSize(this.deleted) + this.rest;
  }

  append(id: string, fv: string[]): void {
    const nf = fv.length >> 1;
    const mf = this.masterFields;
    let same = nf === mf.length;
    if (same) {
      for (let i = 0; i < nf; i++) {
        if (fv[2 * i] !== mf[i]) {
          same = false;
          break;
        }
      }
    }
    let size = 2 + diffSize(id, this.master, 0) + diffSize(id, this.master, 8);
    if (same) {
      // Share the master's field strings: one copy per node instead of one per entry.
      for (let i = 0; i < nf; i++) fv[2 * i] = mf[i]!;
      for (let i = 1; i < fv.length; i += 2) size += lpStrSize(fv[i]!);
      size += lpIntSize(nf + 3);
    } else {
      size += lpIntSize(nf);
      for (let i = 0; i < fv.length; i++) size += lpStrSize(fv[i]!);
      size += lpIntSize(2 * nf + 4);
    }
    this.rest += size;
    this.ids.push(id);
    this.data.push(fv);
    this.flags.push(same ? FLAG_SAMEFIELDS : 0);
    this.live++;
  }

  /** Index of the first entry with ID >= id (ids.length if none). */
  lowerBound(id: string): number {
    const ids = this.ids;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  markDeleted(i: number): void {
    this.flags[i]! |= FLAG_DELETED;
    this.data[i] = EMPTY;
    this.live--;
    this.deleted++;
  }

  isDeleted(i: number): boolean {
    return (this.flags[i]! & FLAG_DELETED) !== 0;
  }
}

// ---------------------------------------------------------------------------------------
// Ordered ID index (PELs): Map for lookups plus a sorted key array for ordered walks
// ---------------------------------------------------------------------------------------

/**
 * IDs in order with a value each. Deleted IDs stay in `keys` as tombstones (skipped by
 * walks: they are absent from `map`) until insertions or deletions find too many and
 * compact; a re-inserted ID reuses its tombstone. Walks keep a local reference to `keys`
 * and must not insert into the index they walk.
 */
export class IdIndex<V> {
  readonly map = new Map<string, V>();
  keys: string[] = [];

  get size(): number {
    return this.map.size;
  }

  get(id: string): V | undefined {
    return this.map.get(id);
  }

  has(id: string): boolean {
    return this.map.has(id);
  }

  set(id: string, v: V): void {
    const map = this.map;
    if (map.has(id)) {
      map.set(id, v);
      return;
    }
    map.set(id, v);
    const keys = this.keys;
    const n = keys.length;
    if (n === 0 || keys[n - 1]! < id) {
      keys.push(id);
    } else {
      const i = this.lowerBound(id);
      if (keys[i] !== id) keys.splice(i, 0, id);
    }
    if (keys.length > 64 && keys.length > 2 * map.size) this.compact();
  }

  /**
   * Remove an ID. Compacts when tombstones outnumber live IDs 3 to 1 (amortized O(1));
   * walks hold their own reference to the old `keys` array, which stays valid.
   */
  delete(id: string): boolean {
    if (!this.map.delete(id)) return false;
    if (this.keys.length > 64 && this.keys.length > 4 * this.map.size) this.compact();
    return true;
  }

  private compact(): void {
    const map = this.map;
    this.keys = this.keys.filter((k) => map.has(k));
  }

  /** Position in `keys` of the first key >= id. */
  lowerBound(id: string): number {
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Smallest live ID or undefined. */
  first(): string | undefined {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (this.map.has(keys[i]!)) return keys[i];
    return undefined;
  }

  last(): string | undefined {
    const keys = this.keys;
    for (let i = keys.length - 1; i >= 0; i--) if (this.map.has(keys[i]!)) return keys[i];
    return undefined;
  }

  clone(mapValue: (v: V) => V): IdIndex<V> {
    const out = new IdIndex<V>();
    for (const k of this.keys) {
      const v = this.map.get(k);
      if (v !== undefined) {
        out.keys.push(k);
        out.map.set(k, mapValue(v));
      }
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------
// Consumer groups
// ---------------------------------------------------------------------------------------

/** A pending entry: delivered to `consumer`, not acknowledged yet. */
export class Nack {
  constructor(
    public consumer: Consumer | null,
    public deliveryTime: number,
    public deliveryCount: number,
  ) {}
}

export class Consumer {
  readonly pel = new IdIndex<Nack>();
  constructor(
    readonly name: string,
    public seenTime: number,
  ) {}
}

/**
 * Redis's long long counters (entries_added, entries_read): a number while safe, a bigint
 * beyond 2^53 (XSETID ENTRIESADDED and XGROUP ... ENTRIESREAD accept any int64).
 */
export type Counter = number | bigint;

function norm(v: bigint): Counter {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

export function counterAdd(a: Counter, b: number): Counter {
  if (typeof a === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(BigInt.asIntN(64, BigInt(a) + BigInt(b)));
}

export function counterSub(a: Counter, b: Counter): Counter {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(BigInt.asIntN(64, BigInt(a) - BigInt(b)));
}

/** entries_read unknown (SCG_INVALID_ENTRIES_READ). */
export const ENTRIES_READ_INVALID = -1;

export class ConsumerGroup {
  readonly pel = new IdIndex<Nack>();
  readonly consumers = new Map<string, Consumer>();
  constructor(
    readonly name: string,
    public lastId: string,
    public entriesRead: Counter,
  ) {}

  /** Consumers in name (byte) order, as Redis's rax walks them. */
  sortedConsumers(): Consumer[] {
    const out = [...this.consumers.values()];
    if (out.length > 1) out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return out;
  }

  /** Remove a consumer and its pending entries from the group PEL (streamDelConsumer). */
  deleteConsumer(consumer: Consumer): void {
    const pel = consumer.pel;
    for (const k of pel.keys) if (pel.has(k)) this.pel.delete(k);
    this.consumers.delete(consumer.name);
  }
}

// ---------------------------------------------------------------------------------------
// The stream
// ---------------------------------------------------------------------------------------

export const TRIM_NONE = 0;
export const TRIM_MAXLEN = 1;
export const TRIM_MINID = 2;

/** Where seek() landed: node index and entry index within it. */
export let seekNode = 0;
export let seekEntry = 0;

export class Stream implements RedisObject {
  readonly type = ObjType.Stream;
  nodes: StreamNode[] = [];
  length = 0;
  lastId = ID_MIN;
  maxDeletedId = ID_MIN;
  entriesAdded: Counter = 0;
  groups: Map<string, ConsumerGroup> | null = null;

  encoding(): string {
    return 'stream';
  }

  /**
   * Append an entry whose ID is above lastId (streamAppendItem): into the tail node
   * unless it is full by bytes (its size plus the new field/value bytes reach maxBytes;
   * 0 means 1 GiB) or by entries (live + deleted >= maxEntries; 0 = no limit).
   */
  append(id: string, fv: string[], maxBytes: number, maxEntries: number): void {
    const nodes = this.nodes;
    let tail = nodes.length > 0 ? nodes[nodes.length - 1]! : null;
    if (tail !== null) {
      const limit = maxBytes <= 0 || maxBytes > 1073741824 ? 1073741824 : maxBytes;
      let total = 0;
      for (let i = 0; i < fv.length; i++) total += fv[i]!.length;
      if (tail.lpBytes() + total >= limit) tail = null;
      else if (maxEntries > 0 && tail.live + tail.deleted >= maxEntries) tail = null;
    }
    if (tail === null) {
      tail = new StreamNode(id, fv);
      nodes.push(tail);
    }
    tail.append(id, fv);
    this.length++;
    this.entriesAdded = counterAdd(this.entriesAdded, 1);
    this.lastId = id;
  }

  /** Index of the last node whose master ID <= id (0 when id precedes them all). */
  private nodeFor(id: string): number {
    const nodes = this.nodes;
    let lo = 0;
    let hi = nodes.length - 1;
    let ans = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (nodes[mid]!.master <= id) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  /** Position of the first entry (deleted or not) with ID >= id, in seekNode/seekEntry. */
  seek(id: string): void {
    const nodes = this.nodes;
    let ni = this.nodeFor(id);
    let ei = nodes.length === 0 ? 0 : nodes[ni]!.lowerBound(id);
    while (ni < nodes.length && ei >= nodes[ni]!.ids.length) {
      ni++;
      ei = 0;
    }
    seekNode = ni;
    seekEntry = ei;
  }

  /** Fields/values of a live entry, or null. */
  getEntry(id: string): string[] | null {
    if (this.length === 0) return null;
    this.seek(id);
    const node = this.nodes[seekNode];
    if (node === undefined || node.ids[seekEntry] !== id || node.isDeleted(seekEntry)) return null;
    return node.data[seekEntry]!;
  }

  has(id: string): boolean {
    return this.getEntry(id) !== null;
  }

  /**
   * Entries with start <= ID <= end, ascending (or descending with rev), at most count
   * (0 = all): IDs and field/value arrays pushed to the outputs. Returns how many.
   */
  range(start: string, end: string, count: number, rev: boolean, outIds: string[], outData: string[][]): number {
    if (this.length === 0 || start > end) return 0;
    const nodes = this.nodes;
    let n = 0;
    if (!rev) {
      this.seek(start);
      for (let ni = seekNode, ei = seekEntry; ni < nodes.length; ni++, ei = 0) {
        const node = nodes[ni]!;
        const ids = node.ids;
        for (; ei < ids.length; ei++) {
          const id = ids[ei]!;
          if (id > end) return n;
          if ((node.flags[ei]! & FLAG_DELETED) !== 0) continue;
          outIds.push(id);
          outData.push(node.data[ei]!);
          if (++n === count) return n;
        }
      }
      return n;
    }
    let ni = this.nodeFor(end);
    let ei = nodes[ni]!.lowerBound(end);
    if (ei < nodes[ni]!.ids.length && nodes[ni]!.ids[ei] === end) ei++;
    ei--;
    for (;;) {
      const node = nodes[ni]!;
      const ids = node.ids;
      for (; ei >= 0; ei--) {
        const id = ids[ei]!;
        if (id < start) return n;
        if ((node.flags[ei]! & FLAG_DELETED) !== 0) continue;
        outIds.push(id);
        outData.push(node.data[ei]!);
        if (++n === count) return n;
      }
      if (--ni < 0) return n;
      ei = nodes[ni]!.ids.length - 1;
    }
  }

  /** ID of the first live entry, or 0-0 when empty (Redis's s->first_id). */
  firstId(): string {
    if (this.length === 0) return ID_MIN;
    for (const node of this.nodes) {
      if (node.live === 0) continue;
      for (let i = 0; i < node.ids.length; i++) if (!node.isDeleted(i)) return node.ids[i]!;
    }
    return ID_MIN;
  }

  /** ID of the last live entry, or 0-0 when empty (streamLastValidID). */
  lastValidId(): string {
    if (this.length === 0) return ID_MIN;
    for (let ni = this.nodes.length - 1; ni >= 0; ni--) {
      const node = this.nodes[ni]!;
      if (node.live === 0) continue;
      for (let i = node.ids.length - 1; i >= 0; i--) if (!node.isDeleted(i)) return node.ids[i]!;
    }
    return ID_MIN;
  }

  /** Delete one entry (streamDeleteItem); true when it existed. */
  deleteEntry(id: string): boolean {
    if (this.length === 0) return false;
    this.seek(id);
    const node = this.nodes[seekNode];
    if (node === undefined || node.ids[seekEntry] !== id || node.isDeleted(seekEntry)) return false;
    node.markDeleted(seekEntry);
    this.length--;
    if (node.live === 0) this.nodes.splice(seekNode, 1);
    return true;
  }

  /**
   * streamTrim: MAXLEN keeps at most maxlen entries, MINID drops entries below minid.
   * Approximate trimming removes whole nodes only; limit (0 = none) caps the entries
   * removed. Returns the number removed.
   */
  trim(strategy: number, maxlen: number, minid: string, approx: boolean, limit: number): number {
    if (strategy === TRIM_NONE) return 0;
    const nodes = this.nodes;
    let deleted = 0;
    let removeNodes = 0;
    for (let ni = 0; ni < nodes.length; ni++) {
      if (strategy === TRIM_MAXLEN && this.length <= maxlen) break;
      const node = nodes[ni]!;
      const entries = node.live;
      if (limit > 0 && deleted + entries > limit) break;
      const removeNode = strategy === TRIM_MAXLEN
        ? this.length - entries >= maxlen
        : node.ids[node.ids.length - 1]! < minid;
      if (removeNode) {
        removeNodes++;
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) break;
      const ids = node.ids;
      for (let ei = 0; ei < ids.length; ei++) {
        const stop = strategy === TRIM_MAXLEN ? this.length <= maxlen : ids[ei]! >= minid;
        if (stop) break;
        if (!node.isDeleted(ei)) {
          node.markDeleted(ei);
          this.length--;
          deleted++;
        }
      }
      break;
    }
    if (removeNodes > 0) nodes.splice(0, removeNodes);
    return deleted;
  }

  /** radix-tree-keys. */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** radix-tree-nodes: nodes of the compressed radix tree holding the node keys. */
  raxNodes(): number {
    const keys = this.nodes.map((n) => n.master);
    if (keys.length === 0) return 1;
    return countRax(keys, 0, keys.length, 0);
  }

  getGroup(name: string): ConsumerGroup | undefined {
    return this.groups === null ? undefined : this.groups.get(name);
  }

  /** Groups in name (byte) order. */
  sortedGroups(): ConsumerGroup[] {
    if (this.groups === null) return [];
    const out = [...this.groups.values()];
    if (out.length > 1) out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return out;
  }

  /** True if the range may hold a tombstone (streamRangeHasTombstones). */
  rangeHasTombstones(start: string, end: string, first?: string): boolean {
    const maxDel = this.maxDeletedId;
    if (this.length === 0 || maxDel === ID_MIN) return false;
    if ((first ?? this.firstId()) > maxDel) return false;
    return start <= maxDel && maxDel <= end;
  }

  /** streamEstimateDistanceFromFirstEverEntry: the logical read counter of id, or -1. */
  estimateDistance(id: string): Counter {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0 && id <= this.lastId) return this.entriesAdded;
    if (id === this.lastId) return this.entriesAdded;
    if (id > this.lastId) return ENTRIES_READ_INVALID;
    const first = this.firstId();
    const maxDel = this.maxDeletedId;
    if (maxDel === ID_MIN || maxDel < first) {
      if (id < first) return counterSub(this.entriesAdded, this.length);
      if (id === first) return counterAdd(counterSub(this.entriesAdded, this.length), 1);
    }
    return ENTRIES_READ_INVALID;
  }

  /** A group's lag, or null when it cannot be known (streamReplyWithCGLag). */
  groupLag(g: ConsumerGroup): Counter | null {
    if (this.entriesAdded === 0) return 0;
    if (g.entriesRead !== ENTRIES_READ_INVALID && !this.rangeHasTombstones(g.lastId, ID_MAX)) {
      return counterSub(this.entriesAdded, g.entriesRead);
    }
    const read = this.estimateDistance(g.lastId);
    return read === ENTRIES_READ_INVALID ? null : counterSub(this.entriesAdded, read);
  }

  clone(): Stream {
    const s = new Stream();
    for (const node of this.nodes) {
      const n = new StreamNode(node.master, []);
      (n as { masterFields: string[] }).masterFields = node.masterFields.slice();
      n.rest = node.rest;
      n.live = node.live;
      n.deleted = node.deleted;
      for (let i = 0; i < node.ids.length; i++) {
        n.ids.push(node.ids[i]!);
        n.data.push(node.data[i]!);
        n.flags.push(node.flags[i]!);
      }
      s.nodes.push(n);
    }
    s.length = this.length;
    s.lastId = this.lastId;
    s.maxDeletedId = this.maxDeletedId;
    s.entriesAdded = this.entriesAdded;
    if (this.groups !== null) {
      s.groups = new Map();
      for (const g of this.groups.values()) {
        const ng = new ConsumerGroup(g.name, g.lastId, g.entriesRead);
        const byConsumer = new Map<Consumer, Consumer>();
        for (const c of g.consumers.values()) {
          const nc = new Consumer(c.name, c.seenTime);
          byConsumer.set(c, nc);
          ng.consumers.set(c.name, nc);
        }
        for (const k of g.pel.keys) {
          const nack = g.pel.get(k);
          if (nack === undefined) continue;
          const owner = nack.consumer === null ? null : byConsumer.get(nack.consumer) ?? null;
          const nn = new Nack(owner, nack.deliveryTime, nack.deliveryCount);
          ng.pel.set(k, nn);
          if (owner !== null) owner.pel.set(k, nn);
        }
        s.groups.set(g.name, ng);
      }
    }
    return s;
  }

  /**
   * Live entries as ["ms.seq", field, value, ...] arrays: the ID text is the one Redis's
   * DEBUG DIGEST mixes in (a dot, not a dash).
   */
  *[Symbol.iterator](): IterableIterator<string[]> {
    for (const node of this.nodes) {
      for (let i = 0; i < node.ids.length; i++) {
        if (node.isDeleted(i)) continue;
        yield [formatId(node.ids[i]!).replace('-', '.'), ...node.data[i]!];
      }
    }
  }
}

/** Nodes of a rax holding sorted equal-length keys[lo..hi) that share `depth` bytes. */
function countRax(keys: string[], lo: number, hi: number, depth: number): number {
  const len = keys[lo]!.length;
  if (depth === len) return 1;
  if (hi - lo === 1) return 2;
  const a = keys[lo]!;
  const b = keys[hi - 1]!;
  let l = depth;
  while (l < len && a.charCodeAt(l) === b.charCodeAt(l)) l++;
  return (l > depth ? 1 : 0) + countBranch(keys, lo, hi, l);
}

function countBranch(keys: string[], lo: number, hi: number, d: number): number {
  let n = 1;
  let i = lo;
  while (i < hi) {
    const ch = keys[i]!.charCodeAt(d);
    let j = i + 1;
    while (j < hi && keys[j]!.charCodeAt(d) === ch) j++;
    n += countRax(keys, i, j, d + 1);
    i = j;
  }
  return n;
}

export function isStream(v: unknown): v is Stream {
  return v instanceof Stream;
}
