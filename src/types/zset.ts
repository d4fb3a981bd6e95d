// The sorted set type: members (latin1 strings) ordered by (score, member bytes).
//
// Two encodings, named as Redis 7.0 names them for OBJECT ENCODING:
// - "listpack": small sets as two parallel sorted arrays (members, scores). Lookups by
//   member are linear scans, as in Redis's listpack; inserts are a binary search + splice.
// - "skiplist": a Map member -> score plus an order-statistic B+tree (ZTree below) in
//   place of Redis's skiplist: rank, rank lookup and score/lex bounds are one descent,
//   O(log n), over small arrays (far fewer cache misses in JS than a node per element).
// A listpack converts when an insert would exceed zset-max-listpack-entries or adds a
// member longer than zset-max-listpack-value; it never converts back, except when a
// *STORE command builds a new set (convertToListpackIfNeeded), as in Redis.
//
// The listpack range primitives mirror Redis's linear scans, so lex ranges over sets with
// mixed scores (which Redis leaves undefined) still come out as Redis's do there; the
// large encoding applies Redis's zslIsInLexRange checks before its binary searches.
// Ranks are 0-based throughout this file.

import { ObjType, type RedisObject } from './value.js';


/** Thresholds read from the config (zset-max-listpack-entries / -value). */
export interface ZsetLimits {
  maxEntries: number;
  maxValue: number;
}

/** A score interval; minex/maxex: the bound is exclusive ("(" prefix). */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/**
 * A lex interval. A bound with kind -1 is "-" (below everything), +1 is "+" (above
 * everything), 0 is the string `min`/`max` itself, inclusive unless minex/maxex.
 */
export interface LexRange {
  min: string;
  max: string;
  minKind: number;
  maxKind: number;
  minex: boolean;
  maxex: boolean;
}

/** Byte order of latin1 strings (memcmp, shorter prefix first): JS code unit order. */
function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Redis's zslValueGteMin / zslValueLteMax. */
export function scoreGteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}
export function scoreLteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}

/** Compare a member against a lex bound (Redis's sdscmplex with its sentinels). */
function cmpLexBound(v: string, bound: string, kind: number): number {
  if (kind < 0) return 1;
  if (kind > 0) return -1;
  return cmpStr(v, bound);
}
export function lexGteMin(v: string, r: LexRange): boolean {
  const c = cmpLexBound(v, r.min, r.minKind);
  return r.minex ? c > 0 : c >= 0;
}
export function lexLteMax(v: string, r: LexRange): boolean {
  const c = cmpLexBound(v, r.max, r.maxKind);
  return r.maxex ? c < 0 : c <= 0;
}

/** True when the lex range cannot contain anything (min > max, or equal and exclusive). */
export function lexRangeEmpty(r: LexRange): boolean {
  let c: number;
  if (r.minKind === r.maxKind && r.minKind !== 0) c = 0;
  else if (r.minKind < 0 || r.maxKind > 0) c = -1;
  else if (r.minKind > 0 || r.maxKind < 0) c = 1;
  else c = cmpStr(r.min, r.max);
  return c > 0 || (c === 0 && (r.minex || r.maxex));
}

export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

// ---------------------------------------------------------------------------------------
// Order-statistic B+tree: the large encoding's ordered index (Redis's "skiplist").
// Leaves hold up to LEAF_CAP sorted (score, member) pairs in parallel arrays, linked to
// their neighbours; inner nodes hold their children's sizes and first keys. Rank, rank
// lookup and score/lex bounds are one root-to-leaf descent each: O(log n) with a few
// cache-friendly arrays per level instead of a pointer chase per skiplist step.

let LEAF_CAP = 64;
let INNER_CAP = 64;

/** Node capacities (tests use tiny ones to exercise splits and collapses). */
export function setZTreeCaps(leaf: number, inner: number): void {
  LEAF_CAP = leaf;
  INNER_CAP = inner;
}

export class ZLeaf {
  s: number[] = [];
  m: string[] = [];
  prev: ZLeaf | null = null;
  next: ZLeaf | null = null;
}

class ZInner {
  kids: (ZLeaf | ZInner)[] = [];
  /** Number of elements under each child. */
  cnt: number[] = [];
  /** First (score, member) under each child. */
  ks: number[] = [];
  km: string[] = [];
}

function keyLess(s1: number, m1: string, s2: number, m2: string): boolean {
  return s1 < s2 || (s1 === s2 && m1 < m2);
}

/** The inner nodes of the last descent (root first) and the child index taken in each. */
const pathNode: ZInner[] = [];
const pathIdx: number[] = [];
let pathLen = 0;
/** Elements before the leaf reached by the last descent. */
let pathBase = 0;

export class ZTree {
  root: ZLeaf | ZInner = new ZLeaf();
  /** Number of inner levels above the leaves. */
  height = 0;
  head: ZLeaf;
  tail: ZLeaf;
  length = 0;

  constructor() {
    this.head = this.tail = this.root as ZLeaf;
  }

  /** Descend to the leaf where (score, member) belongs, recording the path. */
  private descendKey(score: number, member: string): ZLeaf {
    let n = this.root;
    pathLen = 0;
    pathBase = 0;
    for (let h = this.height; h > 0; h--) {
      const inner = n as ZInner;
      const ks = inner.ks;
      const km = inner.km;
      // Last child whose first key <= (score, member).
      let lo = 1;
      let hi = ks.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keyLess(score, member, ks[mid]!, km[mid]!)) hi = mid;
        else lo = mid + 1;
      }
      const i = lo - 1;
      for (let j = 0; j < i; j++) pathBase += inner.cnt[j]!;
      pathNode[pathLen] = inner;
      pathIdx[pathLen++] = i;
      n = inner.kids[i]!;
    }
    return n as ZLeaf;
  }

  /** Descend to the leaf holding rank r (0 <= r < length); returns the index in it. */
  private descendRank(r: number): ZLeaf {
    let n = this.root;
    pathLen = 0;
    pathBase = 0;
    for (let h = this.height; h > 0; h--) {
      const inner = n as ZInner;
      const cnt = inner.cnt;
      let i = 0;
      while (i < cnt.length - 1 && r >= cnt[i]!) {
        r -= cnt[i]!;
        pathBase += cnt[i]!;
        i++;
      }
      pathNode[pathLen] = inner;
      pathIdx[pathLen++] = i;
      n = inner.kids[i]!;
    }
    return n as ZLeaf;
  }

  /** The leaf holding rank r; its first element's rank is then lastBase(). */
  leafAt(r: number): ZLeaf {
    return this.descendRank(r);
  }
  /** Rank of the first element of the leaf reached by the last leafAt / descent. */
  lastBase(): number {
    return pathBase;
  }

  private static lowerBound(leaf: ZLeaf, score: number, member: string): number {
    const s = leaf.s;
    const m = leaf.m;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyLess(s[mid]!, m[mid]!, score, member)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** After the first key of the leaf at the end of the path changed: fix separators. */
  private fixFirstKeys(score: number, member: string): void {
    for (let k = pathLen - 1; k >= 0; k--) {
      const i = pathIdx[k]!;
      const inner = pathNode[k]!;
      inner.ks[i] = score;
      inner.km[i] = member;
      if (i !== 0) break;
    }
  }

  insert(score: number, member: string): void {
    const leaf = this.descendKey(score, member);
    const pos = ZTree.lowerBound(leaf, score, member);
    leaf.s.splice(pos, 0, score);
    leaf.m.splice(pos, 0, member);
    for (let k = 0; k < pathLen; k++) pathNode[k]!.cnt[pathIdx[k]!]!++;
    if (pos === 0) this.fixFirstKeys(score, member);
    this.length++;
    if (leaf.s.length > LEAF_CAP) this.splitLeaf(leaf);
  }

  private splitLeaf(leaf: ZLeaf): void {
    const half = leaf.s.length >>> 1;
    const r = new ZLeaf();
    r.s = leaf.s.splice(half);
    r.m = leaf.m.splice(half);
    r.prev = leaf;
    r.next = leaf.next;
    if (leaf.next !== null) leaf.next.prev = r;
    else this.tail = r;
    leaf.next = r;
    this.addSibling(pathLen - 1, r, r.s.length, r.s[0]!, r.m[0]!);
  }

  /**
   * Insert `node` (with `count` elements, first key fs/fm) right after the child taken at
   * path level k (k = -1: the child is the root), splitting upwards as needed.
   */
  private addSibling(k: number, node: ZLeaf | ZInner, count: number, fs: number, fm: string): void {
    if (k < 0) {
      const old = this.root;
      const root = new ZInner();
      root.kids = [old, node];
      root.cnt = [this.length - count, count];
      const first = this.firstKeyOf(old);
      root.ks = [first[0], fs];
      root.km = [first[1], fm];
      this.root = root;
      this.height++;
      return;
    }
    const inner = pathNode[k]!;
    const i = pathIdx[k]! + 1;
    inner.kids.splice(i, 0, node);
    inner.cnt.splice(i, 0, count);
    inner.cnt[i - 1]! -= count;
    inner.ks.splice(i, 0, fs);
    inner.km.splice(i, 0, fm);
    if (inner.kids.length > INNER_CAP) {
      const half = inner.kids.length >>> 1;
      const r = new ZInner();
      r.kids = inner.kids.splice(half);
      r.cnt = inner.cnt.splice(half);
      r.ks = inner.ks.splice(half);
      r.km = inner.km.splice(half);
      let total = 0;
      for (let j = 0; j < r.cnt.length; j++) total += r.cnt[j]!;
      // The parent's count for `inner` still includes r's elements; addSibling moves them.
      this.addSibling(k - 1, r, total, r.ks[0]!, r.km[0]!);
    }
  }

  private firstKeyOf(n: ZLeaf | ZInner): [number, string] {
    if (n instanceof ZLeaf) return [n.s[0]!, n.m[0]!];
    return [n.ks[0]!, n.km[0]!];
  }

  /** Remove k elements from leaf at index idx (path = the descent that reached leaf). */
  private removeAt(leaf: ZLeaf, idx: number, k: number): void {
    leaf.s.splice(idx, k);
    leaf.m.splice(idx, k);
    this.length -= k;
    for (let j = 0; j < pathLen; j++) pathNode[j]!.cnt[pathIdx[j]!]! -= k;
    if (leaf.s.length === 0) {
      if (pathLen === 0) return; // the root leaf may be empty
      if (leaf.prev !== null) leaf.prev.next = leaf.next;
      else this.head = leaf.next!;
      if (leaf.next !== null) leaf.next.prev = leaf.prev;
      else this.tail = leaf.prev!;
      this.removeChild(pathLen - 1);
    } else {
      if (idx === 0) this.fixFirstKeys(leaf.s[0]!, leaf.m[0]!);
      if (pathLen > 0 && leaf.s.length < LEAF_CAP >>> 2) this.mergeNext(leaf);
    }
  }

  /**
   * Merge a small leaf with a sibling under the same parent when both fit in half a
   * leaf: into the previous one if possible, else absorbing the next one.
   */
  private mergeNext(leaf: ZLeaf): void {
    const k = pathLen - 1;
    const parent = pathNode[k]!;
    const i = pathIdx[k]!;
    if (i > 0) {
      const pv = parent.kids[i - 1] as ZLeaf;
      const n = leaf.s.length;
      if (pv.s.length + n <= LEAF_CAP >>> 1) {
        for (let j = 0; j < n; j++) {
          pv.s.push(leaf.s[j]!);
          pv.m.push(leaf.m[j]!);
        }
        parent.cnt[i - 1]! += n;
        pv.next = leaf.next;
        if (leaf.next !== null) leaf.next.prev = pv;
        else this.tail = pv;
        this.removeChild(k);
        return;
      }
    }
    if (i + 1 >= parent.kids.length) return;
    const nx = parent.kids[i + 1] as ZLeaf;
    const n = nx.s.length;
    if (leaf.s.length + n > LEAF_CAP >>> 1) return;
    for (let j = 0; j < n; j++) {
      leaf.s.push(nx.s[j]!);
      leaf.m.push(nx.m[j]!);
    }
    parent.cnt[i]! += n;
    leaf.next = nx.next;
    if (nx.next !== null) nx.next.prev = leaf;
    else this.tail = leaf;
    pathIdx[k] = i + 1;
    this.removeChild(k);
  }

  /** Remove the child taken at path level k (it is empty). */
  private removeChild(k: number): void {
    const inner = pathNode[k]!;
    const i = pathIdx[k]!;
    inner.kids.splice(i, 1);
    inner.cnt.splice(i, 1);
    inner.ks.splice(i, 1);
    inner.km.splice(i, 1);
    if (inner.kids.length === 0) {
      this.removeChild(k - 1);
      return;
    }
    if (i === 0) {
      pathLen = k; // fix separators above this inner node
      this.fixFirstKeys(inner.ks[0]!, inner.km[0]!);
    }
    // Collapse a root with a single child.
    while (this.height > 0 && (this.root as ZInner).kids.length === 1) {
      this.root = (this.root as ZInner).kids[0]!;
      this.height--;
    }
  }

  /** Remove (score, member) if present. */
  delete(score: number, member: string): boolean {
    const leaf = this.descendKey(score, member);
    const pos = ZTree.lowerBound(leaf, score, member);
    if (pos >= leaf.s.length || leaf.m[pos] !== member || leaf.s[pos] !== score) return false;
    this.removeAt(leaf, pos, 1);
    return true;
  }

  updateScore(cur: number, member: string, score: number): void {
    const leaf = this.descendKey(cur, member);
    const pos = ZTree.lowerBound(leaf, cur, member);
    // In place when the element keeps its position among its leaf neighbours.
    const n = leaf.s.length;
    if (
      pos > 0 && pos < n - 1 &&
      keyLess(leaf.s[pos - 1]!, leaf.m[pos - 1]!, score, member) &&
      keyLess(score, member, leaf.s[pos + 1]!, leaf.m[pos + 1]!)
    ) {
      leaf.s[pos] = score;
      return;
    }
    this.removeAt(leaf, pos, 1);
    this.insert(score, member);
  }

  /** 0-based rank of a present element. */
  getRank(score: number, member: string): number {
    const leaf = this.descendKey(score, member);
    return pathBase + ZTree.lowerBound(leaf, score, member);
  }

  /** Number of elements whose score is < score (or <= score when inclusive). */
  countBelow(score: number, inclusive: boolean): number {
    let n = this.root;
    let base = 0;
    for (let h = this.height; h > 0; h--) {
      const inner = n as ZInner;
      const ks = inner.ks;
      let lo = 1;
      let hi = ks.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (inclusive ? ks[mid]! <= score : ks[mid]! < score) lo = mid + 1;
        else hi = mid;
      }
      const i = lo - 1;
      for (let j = 0; j < i; j++) base += inner.cnt[j]!;
      n = inner.kids[i]!;
    }
    const s = (n as ZLeaf).s;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (inclusive ? s[mid]! <= score : s[mid]! < score) lo = mid + 1;
      else hi = mid;
    }
    return base + lo;
  }

  /** Number of elements whose member is below a lex bound (or at it, when inclusive). */
  countBelowLex(bound: string, kind: number, inclusive: boolean): number {
    let n = this.root;
    let base = 0;
    for (let h = this.height; h > 0; h--) {
      const inner = n as ZInner;
      const km = inner.km;
      let lo = 1;
      let hi = km.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const c = cmpLexBound(km[mid]!, bound, kind);
        if (inclusive ? c <= 0 : c < 0) lo = mid + 1;
        else hi = mid;
      }
      const i = lo - 1;
      for (let j = 0; j < i; j++) base += inner.cnt[j]!;
      n = inner.kids[i]!;
    }
    const m = (n as ZLeaf).m;
    let lo = 0;
    let hi = m.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = cmpLexBound(m[mid]!, bound, kind);
      if (inclusive ? c <= 0 : c < 0) lo = mid + 1;
      else hi = mid;
    }
    return base + lo;
  }

  /** Delete ranks [start, end]; removed members are also deleted from dict. */
  deleteRangeByRank(start: number, end: number, dict: ZDict): number {
    let left = end - start + 1;
    const removed = left;
    while (left > 0) {
      const leaf = this.descendRank(start);
      const idx = start - pathBase;
      const k = Math.min(left, leaf.s.length - idx);
      for (let j = idx; j < idx + k; j++) dict.delete(leaf.m[j]!);
      this.removeAt(leaf, idx, k);
      left -= k;
    }
    return removed;
  }
}

/** Result of ZSet.add (Redis's ZADD_OUT_* flags). */
export const ZADD_OUT_NOP = 1;
export const ZADD_OUT_NAN = 2;
export const ZADD_OUT_ADDED = 4;
export const ZADD_OUT_UPDATED = 8;

export const ZADD_IN_INCR = 1;
export const ZADD_IN_NX = 2;
export const ZADD_IN_XX = 4;
export const ZADD_IN_GT = 8;
export const ZADD_IN_LT = 16;

/** Score after the last ZSet.add that did not return NOP/NAN. */
let zaddNewScore = 0;
export function zaddNewScoreOf(): number {
  return zaddNewScore;
}

/**
 * member -> score for the large encoding. Each member sits in a slot that does not move
 * while it is present (freed slots are reused by later members), so a ZSCAN cursor that
 * is a slot number visits every member present for the whole iteration. Scores live in
 * a number array (unboxed doubles); the Map holds small-integer slot numbers.
 */
export class ZDict {
  private readonly index = new Map<string, number>();
  /** Member per slot, null for a free slot. */
  members: (string | null)[] = [];
  scores: number[] = [];
  private free: number[] = [];

  get size(): number {
    return this.index.size;
  }

  get(member: string): number | undefined {
    const i = this.index.get(member);
    return i === undefined ? undefined : this.scores[i];
  }

  has(member: string): boolean {
    return this.index.has(member);
  }

  set(member: string, score: number): void {
    const i = this.index.get(member);
    if (i !== undefined) {
      this.scores[i] = score;
      return;
    }
    const slot = this.free.length > 0 ? this.free.pop()! : this.members.length;
    this.members[slot] = member;
    this.scores[slot] = score;
    this.index.set(member, slot);
  }

  delete(member: string): boolean {
    const i = this.index.get(member);
    if (i === undefined) return false;
    this.index.delete(member);
    this.members[i] = null;
    this.scores[i] = 0;
    this.free.push(i);
    // Give memory back once mostly empty (renumbering slots: a ZSCAN in progress may
    // then miss members, as after a rehash in a system without Redis's cursor trick).
    if (this.members.length > 1024 && this.index.size < this.members.length >>> 3) this.compact();
    return true;
  }

  private compact(): void {
    const members: string[] = [];
    const scores: number[] = [];
    for (let i = 0; i < this.members.length; i++) {
      const m = this.members[i]!;
      if (m === null) continue;
      this.index.set(m, members.length);
      members.push(m);
      scores.push(this.scores[i]!);
    }
    this.members = members;
    this.scores = scores;
    this.free = [];
  }
}

export class ZSet implements RedisObject {
  readonly type = ObjType.ZSet;
  /** Listpack encoding: sorted members and their scores (null once a skiplist). */
  lm: string[] | null;
  ls: number[] | null;
  /** "skiplist" encoding: member -> score (with stable slots for ZSCAN), and the ordered index. */
  dict: ZDict | null;
  zsl: ZTree | null;

  constructor(skiplist = false) {
    if (skiplist) {
      this.lm = null;
      this.ls = null;
      this.dict = new ZDict();
      this.zsl = new ZTree();
    } else {
      this.lm = [];
      this.ls = [];
      this.dict = null;
      this.zsl = null;
    }
  }

  encoding(): string {
    return this.lm !== null ? 'listpack' : 'skiplist';
  }

  get isListpack(): boolean {
    return this.lm !== null;
  }

  get length(): number {
    return this.lm !== null ? this.lm.length : this.zsl!.length;
  }

  clone(): ZSet {
    const z = new ZSet(this.lm === null);
    if (this.lm !== null) {
      z.lm = this.lm.slice();
      z.ls = this.ls!.slice();
    } else {
      for (let l: ZLeaf | null = this.zsl!.head; l !== null; l = l.next) for (let i = 0; i < l.s.length; i++) z.insertNew(l.m[i]!, l.s[i]!);
    }
    return z;
  }

  *[Symbol.iterator](): IterableIterator<[string, number]> {
    if (this.lm !== null) {
      const m = this.lm;
      const s = this.ls!;
      for (let i = 0; i < m.length; i++) yield [m[i]!, s[i]!];
    } else {
      for (let l: ZLeaf | null = this.zsl!.head; l !== null; l = l.next) for (let i = 0; i < l.s.length; i++) yield [l.m[i]!, l.s[i]!];
    }
  }

  /** Convert a listpack to a skiplist (one way). */
  toSkiplist(): void {
    const m = this.lm;
    if (m === null) return;
    const s = this.ls!;
    this.dict = new ZDict();
    this.zsl = new ZTree();
    this.lm = null;
    this.ls = null;
    for (let i = 0; i < m.length; i++) this.insertNew(m[i]!, s[i]!);
  }

  /** Convert a skiplist to a listpack (only used for freshly built *STORE results). */
  toListpack(): void {
    if (this.zsl === null) return;
    const m: string[] = [];
    const s: number[] = [];
    for (let l: ZLeaf | null = this.zsl.head; l !== null; l = l.next) {
      for (let i = 0; i < l.s.length; i++) {
        m.push(l.m[i]!);
        const sc = l.s[i]!;
        s.push(sc === 0 ? 0 : sc);
      }
    }
    this.lm = m;
    this.ls = s;
    this.zsl = null;
    this.dict = null;
  }

  /** Redis's zsetConvertToListpackIfNeeded, for a skiplist built by a *STORE command. */
  convertToListpackIfNeeded(limits: ZsetLimits, maxMemberLen: number): void {
    if (this.zsl !== null && this.zsl.length <= limits.maxEntries && maxMemberLen <= limits.maxValue) this.toListpack();
  }

  /** Listpack index of a member, or -1 (linear, as Redis's zzlFind). */
  private lpFind(member: string): number {
    const m = this.lm!;
    for (let i = 0; i < m.length; i++) if (m[i] === member) return i;
    return -1;
  }

  /** Listpack insertion point of (score, member). */
  private lpInsertPos(score: number, member: string): number {
    const m = this.lm!;
    const s = this.ls!;
    let lo = 0;
    let hi = m.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ms = s[mid]!;
      if (ms < score || (ms === score && m[mid]! < member)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Add a member known to be absent (no conversion checks). */
  insertNew(member: string, score: number): void {
    if (this.lm !== null) {
      // A listpack stores the score as text that reads back -0 as the integer 0.
      if (score === 0) score = 0;
      const i = this.lpInsertPos(score, member);
      this.lm.splice(i, 0, member);
      this.ls!.splice(i, 0, score);
    } else {
      this.dict!.set(member, score);
      this.zsl!.insert(score, member);
    }
  }

  score(member: string): number | undefined {
    if (this.lm !== null) {
      const i = this.lpFind(member);
      return i < 0 ? undefined : this.ls![i];
    }
    return this.dict!.get(member);
  }

  /**
   * Redis's zsetAdd: add or update one member under the ZADD_IN_* flags. Returns
   * ZADD_OUT_* flags; the resulting score is in zaddNewScore unless NOP or NAN.
   */
  add(score: number, member: string, flags: number, limits: ZsetLimits): number {
    if (Number.isNaN(score)) return ZADD_OUT_NAN;
    // A listpack member is found once: its index serves the update.
    const li = this.lm !== null ? this.lpFind(member) : -1;
    const cur = this.lm !== null ? (li < 0 ? undefined : this.ls![li]) : this.dict!.get(member);
    if (cur !== undefined) {
      if (flags & ZADD_IN_NX) return ZADD_OUT_NOP;
      if (flags & ZADD_IN_INCR) {
        score += cur;
        if (Number.isNaN(score)) return ZADD_OUT_NAN;
      }
      if ((flags & ZADD_IN_LT && score >= cur) || (flags & ZADD_IN_GT && score <= cur)) return ZADD_OUT_NOP;
      zaddNewScore = score;
      if (score !== cur) {
        if (this.lm !== null) this.lpMove(li, member, score);
        else {
          this.zsl!.updateScore(cur, member, score);
          this.dict!.set(member, score);
        }
        return ZADD_OUT_UPDATED;
      }
      return 0;
    }
    if (flags & ZADD_IN_XX) return ZADD_OUT_NOP;
    if (this.lm !== null && (this.lm.length + 1 > limits.maxEntries || member.length > limits.maxValue)) this.toSkiplist();
    this.insertNew(member, score);
    zaddNewScore = score;
    return ZADD_OUT_ADDED;
  }

  /** Give the listpack entry at index i a new score, shifting it to its new place. */
  private lpMove(i: number, member: string, score: number): void {
    const m = this.lm!;
    const s = this.ls!;
    if (score === 0) score = 0; // stored as text, -0 reads back as 0
    // The insertion point among the others (the entry itself is still at i).
    let t = this.lpInsertPos(score, member);
    if (t > i) {
      t--;
      for (let k = i; k < t; k++) {
        m[k] = m[k + 1]!;
        s[k] = s[k + 1]!;
      }
    } else {
      for (let k = i; k > t; k--) {
        m[k] = m[k - 1]!;
        s[k] = s[k - 1]!;
      }
    }
    m[t] = member;
    s[t] = score;
  }

  /** Remove a member; true if it was there. */
  remove(member: string): boolean {
    if (this.lm !== null) {
      const i = this.lpFind(member);
      if (i < 0) return false;
      this.lm.splice(i, 1);
      this.ls!.splice(i, 1);
      return true;
    }
    const cur = this.dict!.get(member);
    if (cur === undefined) return false;
    this.dict!.delete(member);
    this.zsl!.delete(cur, member);
    return true;
  }

  /** 0-based rank of a member from the low end (or the high end with rev), -1 if absent. */
  rank(member: string, rev: boolean): number {
    const len = this.length;
    let r: number;
    if (this.lm !== null) {
      r = this.lpFind(member);
      if (r < 0) return -1;
    } else {
      const sc = this.dict!.get(member);
      if (sc === undefined) return -1;
      r = this.zsl!.getRank(sc, member);
    }
    return rev ? len - 1 - r : r;
  }

  /** Rank of the first element in a score range, or -1. */
  firstInScoreRange(r: ScoreRange): number {
    if (this.lm !== null) {
      if (scoreRangeEmpty(r)) return -1;
      const s = this.ls!;
      for (let i = 0; i < s.length; i++) {
        if (scoreGteMin(s[i]!, r)) return scoreLteMax(s[i]!, r) ? i : -1;
      }
      return -1;
    }
    const t = this.zsl!;
    if (scoreRangeEmpty(r)) return -1;
    const rank = t.countBelow(r.min, r.minex);
    return rank < t.length && scoreLteMax(this.scoreAt(rank), r) ? rank : -1;
  }

  lastInScoreRange(r: ScoreRange): number {
    if (this.lm !== null) {
      if (scoreRangeEmpty(r)) return -1;
      const s = this.ls!;
      for (let i = s.length - 1; i >= 0; i--) {
        if (scoreLteMax(s[i]!, r)) return scoreGteMin(s[i]!, r) ? i : -1;
      }
      return -1;
    }
    const t = this.zsl!;
    if (scoreRangeEmpty(r)) return -1;
    const rank = t.countBelow(r.max, !r.maxex) - 1;
    return rank >= 0 && scoreGteMin(this.scoreAt(rank), r) ? rank : -1;
  }

  firstInLexRange(r: LexRange): number {
    if (this.lm !== null) {
      if (lexRangeEmpty(r)) return -1;
      const m = this.lm;
      // Redis's zzlIsInLexRange first: the last member must be >= min, the first <= max.
      if (m.length === 0 || !lexGteMin(m[m.length - 1]!, r) || !lexLteMax(m[0]!, r)) return -1;
      for (let i = 0; i < m.length; i++) {
        if (lexGteMin(m[i]!, r)) return lexLteMax(m[i]!, r) ? i : -1;
      }
      return -1;
    }
    const t = this.zsl!;
    if (!this.treeInLexRange(r)) return -1;
    const rank = t.countBelowLex(r.min, r.minKind, r.minex);
    return rank < t.length && lexLteMax(this.memberAt(rank), r) ? rank : -1;
  }

  lastInLexRange(r: LexRange): number {
    if (this.lm !== null) {
      if (lexRangeEmpty(r)) return -1;
      const m = this.lm;
      if (m.length === 0 || !lexGteMin(m[m.length - 1]!, r) || !lexLteMax(m[0]!, r)) return -1;
      for (let i = m.length - 1; i >= 0; i--) {
        if (lexLteMax(m[i]!, r)) return lexGteMin(m[i]!, r) ? i : -1;
      }
      return -1;
    }
    const t = this.zsl!;
    if (!this.treeInLexRange(r)) return -1;
    const rank = t.countBelowLex(r.max, r.maxKind, !r.maxex) - 1;
    return rank >= 0 && lexGteMin(this.memberAt(rank), r) ? rank : -1;
  }

  /** ZREMRANGEBYSCORE: returns how many were removed. */
  deleteRangeByScore(r: ScoreRange): number {
    if (this.lm !== null) {
      const first = this.firstInScoreRange(r);
      if (first < 0) return 0;
      const s = this.ls!;
      let end = first;
      while (end < s.length && scoreLteMax(s[end]!, r)) end++;
      this.lm.splice(first, end - first);
      s.splice(first, end - first);
      return end - first;
    }
    const first = this.firstInScoreRange(r);
    if (first < 0) return 0;
    const last = this.lastInScoreRange(r);
    return last < first ? 0 : this.zsl!.deleteRangeByRank(first, last, this.dict!);
  }

  deleteRangeByLex(r: LexRange): number {
    if (this.lm !== null) {
      const first = this.firstInLexRange(r);
      if (first < 0) return 0;
      const m = this.lm;
      let end = first;
      while (end < m.length && lexLteMax(m[end]!, r)) end++;
      m.splice(first, end - first);
      this.ls!.splice(first, end - first);
      return end - first;
    }
    // As zslDeleteRangeByLex: from the first member >= min (no range pre-check), delete
    // while members stay <= max (what decides the result when scores are mixed).
    const t = this.zsl!;
    const first = t.countBelowLex(r.min, r.minKind, r.minex);
    let n = 0;
    for (const cur = this.cursor().seek(first); cur.valid && lexLteMax(cur.member, r); cur.next()) n++;
    return n === 0 ? 0 : t.deleteRangeByRank(first, first + n - 1, this.dict!);
  }

  /** Remove ranks [start, end] (0-based inclusive, already clamped). */
  deleteRangeByRank(start: number, end: number): number {
    if (this.lm !== null) {
      this.lm.splice(start, end - start + 1);
      this.ls!.splice(start, end - start + 1);
      return end - start + 1;
    }
    return this.zsl!.deleteRangeByRank(start, end, this.dict!);
  }

  /**
   * Redis's zslIsInLexRange: a non-empty range, the last member >= min and the first
   * <= max (with mixed scores these checks decide some results on their own).
   */
  private treeInLexRange(r: LexRange): boolean {
    const t = this.zsl!;
    if (lexRangeEmpty(r) || t.length === 0) return false;
    return lexGteMin(t.tail.m[t.tail.m.length - 1]!, r) && lexLteMax(t.head.m[0]!, r);
  }

  /** Score at a rank (0 <= rank < length). */
  scoreAt(rank: number): number {
    if (this.lm !== null) return this.ls![rank]!;
    const leaf = this.zsl!.leafAt(rank);
    return leaf.s[rank - this.zsl!.lastBase()]!;
  }

  memberAt(rank: number): string {
    if (this.lm !== null) return this.lm[rank]!;
    const leaf = this.zsl!.leafAt(rank);
    return leaf.m[rank - this.zsl!.lastBase()]!;
  }

  /** A cursor for walking by rank. */
  cursor(): ZCursor {
    return new ZCursor(this);
  }
}

/**
 * Walks a ZSet in rank order from a starting rank, in either direction. `member` and
 * `score` hold the current element while `valid`.
 */
export class ZCursor {
  readonly z: ZSet;
  idx = -1;
  leaf: ZLeaf | null = null;
  li = 0;
  member = '';
  score = 0;
  valid = false;

  constructor(z: ZSet) {
    this.z = z;
  }

  private load(): void {
    const z = this.z;
    if (z.lm !== null) {
      this.valid = this.idx >= 0 && this.idx < z.lm.length;
      if (this.valid) {
        this.member = z.lm[this.idx]!;
        this.score = z.ls![this.idx]!;
      }
    } else {
      const l = this.leaf;
      this.valid = l !== null;
      if (l !== null) {
        this.member = l.m[this.li]!;
        this.score = l.s[this.li]!;
      }
    }
  }

  seek(rank: number): this {
    this.idx = rank;
    const t = this.z.zsl;
    if (t !== null) {
      if (rank >= 0 && rank < t.length) {
        this.leaf = t.leafAt(rank);
        this.li = rank - t.lastBase();
      } else {
        this.leaf = null;
      }
    }
    this.load();
    return this;
  }

  next(): void {
    this.idx++;
    const l = this.leaf;
    if (l !== null && ++this.li >= l.s.length) {
      this.leaf = l.next;
      this.li = 0;
    }
    this.load();
  }

  prev(): void {
    this.idx--;
    const l = this.leaf;
    if (l !== null && --this.li < 0) {
      this.leaf = l.prev;
      this.li = this.leaf === null ? 0 : this.leaf.s.length - 1;
    }
    this.load();
  }
}
