// The sorted set type: members (latin1 strings) ordered by (score, member bytes).
//
// Two encodings, as Redis 7.0 names them for OBJECT ENCODING:
// - "listpack": small sets as two parallel sorted arrays (members, scores). Lookups by
//   member are linear scans, as Redis's listpack; inserts are a binary search + splice.
// - "skiplist": a Map member -> score plus a skiplist with spans (Redis's zskiplist), so
//   rank, score-range and offset lookups are O(log n).
// A listpack converts to a skiplist when an insert would exceed zset-max-listpack-entries
// or a member longer than zset-max-listpack-value is added; it never converts back except
// when a *STORE command builds a new set (convertToListpackIfNeeded).
//
// The range primitives mirror Redis's algorithms (linear scans over the listpack, level
// descents over the skiplist) so lex ranges over sets with mixed scores, whose result
// Redis leaves undefined, still come out as Redis's do for the listpack encoding.
// Ranks are 0-based throughout this file.

import { ObjType, type RedisObject } from './value.js';

export const ZSKIPLIST_MAXLEVEL = 32;
const ZSKIPLIST_P = 0.25;

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

export class ZNode {
  member: string;
  score: number;
  backward: ZNode | null = null;
  next: (ZNode | null)[];
  span: number[];
  constructor(level: number, score: number, member: string) {
    this.member = member;
    this.score = score;
    this.next = new Array<ZNode | null>(level).fill(null);
    this.span = new Array<number>(level).fill(0);
  }
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

function randomLevel(): number {
  let level = 1;
  while (Math.random() < ZSKIPLIST_P && level < ZSKIPLIST_MAXLEVEL) level++;
  return level;
}

/** Reused per insert/delete: the rightmost node visited at each level and its rank. */
const update: ZNode[] = new Array<ZNode>(ZSKIPLIST_MAXLEVEL);
const rankAt: number[] = new Array<number>(ZSKIPLIST_MAXLEVEL).fill(0);

/** Redis's zskiplist: ordered by (score, member), with spans for ranks. */
export class SkipList {
  header: ZNode = new ZNode(ZSKIPLIST_MAXLEVEL, 0, '');
  tail: ZNode | null = null;
  length = 0;
  level = 1;

  insert(score: number, member: string): ZNode {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rankAt[i] = i === this.level - 1 ? 0 : rankAt[i + 1]!;
      let f = x.next[i]!;
      while (f !== null && (f.score < score || (f.score === score && f.member < member))) {
        rankAt[i]! += x.span[i]!;
        x = f;
        f = x.next[i]!;
      }
      update[i] = x;
    }
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0;
        update[i] = this.header;
        this.header.span[i] = this.length;
      }
      this.level = level;
    }
    const node = new ZNode(level, score, member);
    for (let i = 0; i < level; i++) {
      const u = update[i]!;
      node.next[i] = u.next[i]!;
      u.next[i] = node;
      node.span[i] = u.span[i]! - (rankAt[0]! - rankAt[i]!);
      u.span[i] = rankAt[0]! - rankAt[i]! + 1;
    }
    for (let i = level; i < this.level; i++) update[i]!.span[i]!++;
    node.backward = update[0] === this.header ? null : update[0]!;
    if (node.next[0] !== null) node.next[0]!.backward = node;
    else this.tail = node;
    this.length++;
    return node;
  }

  /** Unlink x given the update vector (Redis's zslDeleteNode). */
  private unlink(x: ZNode): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i]!;
      if (u.next[i] === x) {
        u.span[i]! += x.span[i]! - 1;
        u.next[i] = x.next[i]!;
      } else {
        u.span[i]!--;
      }
    }
    const f = x.next[0]!;
    if (f !== null) f.backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && this.header.next[this.level - 1] === null) this.level--;
    this.length--;
  }

  delete(score: number, member: string): boolean {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i]!;
      while (f !== null && (f.score < score || (f.score === score && f.member < member))) {
        x = f;
        f = x.next[i]!;
      }
      update[i] = x;
    }
    const t = x.next[0]!;
    if (t !== null && t.score === score && t.member === member) {
      this.unlink(t);
      return true;
    }
    return false;
  }

  /** 0-based rank of an element known to be present. */
  getRank(score: number, member: string): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i]!;
      while (f !== null && (f.score < score || (f.score === score && f.member <= member))) {
        rank += x.span[i]!;
        x = f;
        f = x.next[i]!;
      }
      if (x !== this.header && x.member === member) return rank - 1;
    }
    return -1;
  }

  /** Node at a 0-based rank, or null. */
  getByRank(rank: number): ZNode | null {
    const target = rank + 1;
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i]!;
      while (f !== null && traversed + x.span[i]! <= target) {
        traversed += x.span[i]!;
        x = f;
        f = x.next[i]!;
      }
      if (traversed === target) return x;
    }
    return null;
  }

  firstInRange(r: ScoreRange): ZNode | null {
    if (scoreRangeEmpty(r)) return null;
    if (this.tail === null || !scoreGteMin(this.tail.score, r)) return null;
    const h = this.header.next[0]!;
    if (h === null || !scoreLteMax(h.score, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i]!;
      while (f !== null && !scoreGteMin(f.score, r)) {
        x = f;
        f = x.next[i]!;
      }
    }
    const n = x.next[0]!;
    return n !== null && scoreLteMax(n.score, r) ? n : null;
  }

  lastInRange(r: ScoreRange): ZNode | null {
    if (scoreRangeEmpty(r)) return null;
    if (this.tail === null || !scoreGteMin(this.tail.score, r)) return null;
    const h = this.header.next[0]!;
    if (h === null || !scoreLteMax(h.score, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i]!;
      while (f !== null && scoreLteMax(f.score, r)) {
        x = f;
        f = x.next[i]!;
      }
    }
    return x !== this.header && scoreGteMin(x.score, r) ? x : null;
  }

  firstInLexRange(r: LexRange): ZNode | null {
    if (lexRangeEmpty(r)) return null;
    if (this.tail === null || !lexGteMin(this.tail.member, r)) return null;
    const h = this.header.next[0]!;
    if (h === null || !lexLteMax(h.member, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i]!;
      while (f !== null && !lexGteMin(f.member, r)) {
        x = f;
        f = x.next[i]!;
      }
    }
    const n = x.next[0]!;
    return n !== null && lexLteMax(n.member, r) ? n : null;
  }

  lastInLexRange(r: LexRange): ZNode | null {
    if (lexRangeEmpty(r)) return null;
    if (this.tail === null || !lexGteMin(this.tail.member, r)) return null;
    const h = this.header.next[0]!;
    if (h === null || !lexLteMax(h.member, r)) return null;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i]!;
      while (f !== null && lexLteMax(f.member, r)) {
        x = f;
        f = x.next[i]!;
      }
    }
    return x !== this.header && lexGteMin(x.member, r) ? x : null;
  }

  /** Delete the nodes in a score range, also from dict; returns how many. */
  deleteRangeByScore(r: ScoreRange, dict: Map<string, number>): number {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i]!;
      while (f !== null && !scoreGteMin(f.score, r)) {
        x = f;
        f = x.next[i]!;
      }
      update[i] = x;
    }
    let n = x.next[0]!;
    let removed = 0;
    while (n !== null && scoreLteMax(n.score, r)) {
      const nx = n.next[0]!;
      this.unlink(n);
      dict.delete(n.member);
      removed++;
      n = nx;
    }
    return removed;
  }

  deleteRangeByLex(r: LexRange, dict: Map<string, number>): number {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i]!;
      while (f !== null && !lexGteMin(f.member, r)) {
        x = f;
        f = x.next[i]!;
      }
      update[i] = x;
    }
    let n = x.next[0]!;
    let removed = 0;
    while (n !== null && lexLteMax(n.member, r)) {
      const nx = n.next[0]!;
      this.unlink(n);
      dict.delete(n.member);
      removed++;
      n = nx;
    }
    return removed;
  }

  /** Delete ranks [start, end] (0-based, inclusive); returns how many. */
  deleteRangeByRank(start: number, end: number, dict: Map<string, number>): number {
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = x.next[i]!;
      while (f !== null && traversed + x.span[i]! <= start) {
        traversed += x.span[i]!;
        x = f;
        f = x.next[i]!;
      }
      update[i] = x;
    }
    let n = x.next[0]!;
    let removed = 0;
    let rank = start;
    while (n !== null && rank <= end) {
      const nx = n.next[0]!;
      this.unlink(n);
      dict.delete(n.member);
      removed++;
      rank++;
      n = nx;
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

export class ZSet implements RedisObject {
  readonly type = ObjType.ZSet;
  /** Listpack encoding: sorted members and their scores (null once a skiplist). */
  lm: string[] | null;
  ls: number[] | null;
  /** Skiplist encoding. */
  dict: Map<string, number> | null;
  zsl: SkipList | null;

  constructor(skiplist = false) {
    if (skiplist) {
      this.lm = null;
      this.ls = null;
      this.dict = new Map();
      this.zsl = new SkipList();
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
      for (let n = this.zsl!.header.next[0]!; n !== null; n = n.next[0]!) z.insertNew(n.member, n.score);
    }
    return z;
  }

  *[Symbol.iterator](): IterableIterator<[string, number]> {
    if (this.lm !== null) {
      const m = this.lm;
      const s = this.ls!;
      for (let i = 0; i < m.length; i++) yield [m[i]!, s[i]!];
    } else {
      for (let n = this.zsl!.header.next[0]!; n !== null; n = n.next[0]!) yield [n.member, n.score];
    }
  }

  /** Convert a listpack to a skiplist (one way). */
  toSkiplist(): void {
    const m = this.lm;
    if (m === null) return;
    const s = this.ls!;
    this.dict = new Map();
    this.zsl = new SkipList();
    this.lm = null;
    this.ls = null;
    for (let i = 0; i < m.length; i++) this.insertNew(m[i]!, s[i]!);
  }

  /** Convert a skiplist to a listpack (only used for freshly built *STORE results). */
  toListpack(): void {
    if (this.zsl === null) return;
    const m: string[] = [];
    const s: number[] = [];
    for (let n = this.zsl.header.next[0]!; n !== null; n = n.next[0]!) {
      m.push(n.member);
      s.push(n.score === 0 ? 0 : n.score);
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
    const cur = this.score(member);
    if (cur !== undefined) {
      if (flags & ZADD_IN_NX) return ZADD_OUT_NOP;
      if (flags & ZADD_IN_INCR) {
        score += cur;
        if (Number.isNaN(score)) return ZADD_OUT_NAN;
      }
      if ((flags & ZADD_IN_LT && score >= cur) || (flags & ZADD_IN_GT && score <= cur)) return ZADD_OUT_NOP;
      zaddNewScore = score;
      if (score !== cur) {
        this.updateScore(member, cur, score);
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

  private updateScore(member: string, cur: number, score: number): void {
    if (this.lm !== null) {
      const i = this.lpFind(member);
      this.lm.splice(i, 1);
      this.ls!.splice(i, 1);
      if (score === 0) score = 0;
      const j = this.lpInsertPos(score, member);
      this.lm.splice(j, 0, member);
      this.ls!.splice(j, 0, score);
    } else {
      this.zsl!.delete(cur, member);
      this.zsl!.insert(score, member);
      this.dict!.set(member, score);
    }
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
    const n = this.zsl!.firstInRange(r);
    return n === null ? -1 : this.zsl!.getRank(n.score, n.member);
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
    const n = this.zsl!.lastInRange(r);
    return n === null ? -1 : this.zsl!.getRank(n.score, n.member);
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
    const n = this.zsl!.firstInLexRange(r);
    return n === null ? -1 : this.zsl!.getRank(n.score, n.member);
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
    const n = this.zsl!.lastInLexRange(r);
    return n === null ? -1 : this.zsl!.getRank(n.score, n.member);
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
    return this.zsl!.deleteRangeByScore(r, this.dict!);
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
    if (lexRangeEmpty(r)) return 0;
    return this.zsl!.deleteRangeByLex(r, this.dict!);
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
  node: ZNode | null = null;
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
      this.valid = this.node !== null;
      if (this.valid) {
        this.member = this.node!.member;
        this.score = this.node!.score;
      }
    }
  }

  seek(rank: number): this {
    this.idx = rank;
    if (this.z.zsl !== null) this.node = rank >= 0 && rank < this.z.zsl.length ? this.z.zsl.getByRank(rank) : null;
    this.load();
    return this;
  }

  next(): void {
    this.idx++;
    if (this.node !== null) this.node = this.node.next[0]!;
    this.load();
  }

  prev(): void {
    this.idx--;
    if (this.node !== null) this.node = this.node.backward;
    this.load();
  }
}
