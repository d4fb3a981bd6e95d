// The set data type (Redis 7.0's t_set.c type API): members are latin1 strings, stored in
// one of two encodings that OBJECT ENCODING names as Redis does.
//
//  - intset: every member is an integer in canonical int64 form (Redis's string2ll: no
//    '+', no leading zeros, no "-0") and there are at most set-max-intset-entries of them.
//    Members are kept sorted by numeric value, like Redis's intset, so SMEMBERS, SSCAN and
//    the set algebra reply in ascending order exactly as Redis does. Members are stored
//    as numbers (bigints beyond 2^53, so every int64 is exact): 8 bytes per member.
//  - hashtable: a dense member array plus a member -> index map (MemberIndex). The array
//    gives O(1) random members (SPOP, SRANDMEMBER); removal moves the last member into the
//    hole, so the array never has gaps.
//
// Conversion is one way (intset -> hashtable), at the moments Redis converts: adding a
// non-integer, or growing past the configured maximum. The maximum is passed in by the
// caller (read from the config once per command), so this module knows nothing of the
// server.

import { ObjType, type RedisObject } from './value.js';
import { string2ll } from '../util/numbers.js';

export const ENC_INTSET = 0;
export const ENC_HASHTABLE = 1;

/**
 * True when s is an int64 in canonical decimal form, i.e. Redis would store it in an
 * intset (isSdsRepresentableAsLongLong). Short strings are checked without string2ll.
 */
export function isIntsetMember(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  if (n >= 19) return string2ll(s) !== null;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (n === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return n === 1; // "0" alone; "-0" and leading zeros are not canonical
  if (first < 49 || first > 57) return false;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Members per Map of a MemberIndex: past this, further members go to a new Map. */
const INDEX_MAP_MAX = 1 << 21;

/**
 * member -> index in the dense member array. One Map for ordinary sets; a huge set spreads
 * over several Maps of at most INDEX_MAP_MAX members each, because a JS Map cannot hold
 * more than 2^24 entries and rehashing one of millions of entries blocks for a long time
 * (see docs/architecture.md). Lookups then probe each Map, which only huge sets pay.
 */
export class MemberIndex {
  /** The only Map of every set below mapMax members. */
  private first: Map<string, number>;
  /** Further Maps of a huge set (the last one takes new members), else null. */
  private more: Map<string, number>[] | null;

  /** `mapMax`: members per Map (tests use small values). */
  constructor(private readonly mapMax: number = INDEX_MAP_MAX) {
    this.first = new Map();
    this.more = null;
  }

  get size(): number {
    let n = this.first.size;
    const more = this.more;
    if (more !== null) for (let i = 0; i < more.length; i++) n += more[i]!.size;
    return n;
  }

  get(m: string): number | undefined {
    const v = this.first.get(m);
    const more = this.more;
    if (v !== undefined || more === null) return v;
    for (let i = 0; i < more.length; i++) {
      const w = more[i]!.get(m);
      if (w !== undefined) return w;
    }
    return undefined;
  }

  has(m: string): boolean {
    return this.get(m) !== undefined;
  }

  /** Index a member that is not indexed yet. */
  add(m: string, i: number): void {
    const more = this.more;
    if (more === null) {
      if (this.first.size < this.mapMax) {
        this.first.set(m, i);
        return;
      }
      this.more = [new Map([[m, i]])];
      return;
    }
    let last = more[more.length - 1]!;
    if (last.size >= this.mapMax) {
      last = new Map();
      more.push(last);
    }
    last.set(m, i);
  }

  /** The Map that holds an indexed member. */
  private mapOf(m: string): Map<string, number> | undefined {
    if (this.first.has(m)) return this.first;
    const more = this.more;
    if (more !== null) for (let i = 0; i < more.length; i++) if (more[i]!.has(m)) return more[i]!;
    return undefined;
  }

  /** Change the index of an indexed member. */
  move(m: string, i: number): void {
    if (this.more === null) this.first.set(m, i);
    else this.mapOf(m)?.set(m, i);
  }

  /** Unindex a member; its old index, or undefined when it was not indexed. */
  delete(m: string): number | undefined {
    const more = this.more;
    if (more === null) {
      const i = this.first.get(m);
      if (i !== undefined) this.first.delete(m);
      return i;
    }
    const map = this.mapOf(m);
    if (map === undefined) return undefined;
    const i = map.get(m);
    map.delete(m);
    if (map.size === 0) {
      // Drop an emptied Map; the first one is replaced by the next.
      if (map === this.first) this.first = more.shift()!;
      else more.splice(more.indexOf(map), 1);
      if (more.length === 0) this.more = null;
    }
    return i;
  }

  clone(): MemberIndex {
    const c = new MemberIndex(this.mapMax);
    c.first = new Map(this.first);
    c.more = this.more === null ? null : this.more.map((m) => new Map(m));
    return c;
  }
}

/** An intset member: a number when within +-2^53, a bigint beyond (as string2ll returns). */
export type IntMember = number | bigint;

/**
 * The unused array of each encoding, shared by every set (frozen: a write through the
 * wrong encoding's array throws instead of corrupting every set). Saves an empty array
 * object per set.
 */
const NO_INTS: IntMember[] = Object.freeze([] as IntMember[]) as IntMember[];
const NO_MEMBERS: string[] = Object.freeze([] as string[]) as string[];

/**
 * Intsets up to this size are rebuilt exactly sized on insert: a pushed-to JS array keeps
 * up to 50% + 16 slots of slack, which dominated the memory of small sets (measured: a
 * one-member set took 289 bytes).
 */
const EXACT_INTS_MAX = 128;

export class RedisSet implements RedisObject {
  readonly type = ObjType.Set;
  /** ENC_INTSET or ENC_HASHTABLE. */
  enc: number;
  /**
   * intset: the members in ascending order. Each value has one representation (number if
   * safe, else bigint), so === is value equality, and < compares numbers and bigints
   * exactly. Mostly small integers: a packed array of 8-byte slots, no object per member.
   */
  ints: IntMember[];
  /** hashtable: the members, dense, in no particular order. */
  members: string[];
  /** hashtable only: member -> its index in `members`. */
  index: MemberIndex | null;
  /**
   * Byte width Redis's intset would use (2, 4 or 8): it grows with the members added and
   * never shrinks when they are removed, which DUMP/RDB payloads show.
   */
  intWidth = 2;

  constructor(enc: number = ENC_INTSET) {
    this.enc = enc;
    this.ints = enc === ENC_INTSET ? [] : NO_INTS;
    this.members = enc === ENC_HASHTABLE ? [] : NO_MEMBERS;
    this.index = enc === ENC_HASHTABLE ? new MemberIndex() : null;
  }

  /** Redis's setTypeCreate: an intset when the first member to come is an integer. */
  static forFirst(member: string): RedisSet {
    return new RedisSet(isIntsetMember(member) ? ENC_INTSET : ENC_HASHTABLE);
  }

  get size(): number {
    return this.enc === ENC_INTSET ? this.ints.length : this.members.length;
  }

  encoding(): string {
    return this.enc === ENC_INTSET ? 'intset' : 'hashtable';
  }

  /** The member at an index (ascending order for an intset), as a string. */
  memberAt(i: number): string {
    return this.enc === ENC_INTSET ? String(this.ints[i]!) : this.members[i]!;
  }

  /** Every member as a string, in storage order (a new array). */
  toArray(): string[] {
    if (this.enc === ENC_HASHTABLE) return this.members.slice();
    const a = this.ints;
    const out = new Array<string>(a.length);
    for (let i = 0; i < a.length; i++) out[i] = String(a[i]!);
    return out;
  }

  /** Index of v in the intset, or -(insertion point + 1). */
  private search(v: IntMember): number {
    const a = this.ints;
    let lo = 0;
    let hi = a.length - 1;
    // Appending ascending values (the common bulk load) skips the search.
    if (hi < 0 || a[hi]! < v) return -(hi + 2);
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = a[mid]!;
      if (x < v) lo = mid + 1;
      else if (x === v) return mid;
      else hi = mid - 1;
    }
    return -(lo + 1);
  }

  has(m: string): boolean {
    if (this.enc === ENC_HASHTABLE) return this.index!.has(m);
    const v = string2ll(m);
    return v !== null && this.search(v) >= 0;
  }

  /**
   * Redis's setTypeAdd: true when m was not a member. An intset converts to a hashtable
   * when m is not an integer or when it would then hold more than maxIntset members.
   */
  add(m: string, maxIntset: number): boolean {
    if (this.enc === ENC_HASHTABLE) {
      const index = this.index!;
      if (index.has(m)) return false;
      index.add(m, this.members.length);
      this.members.push(m);
      return true;
    }
    const v = string2ll(m);
    if (v === null) {
      this.toHashtable();
      return this.add(m, maxIntset);
    }
    const at = this.search(v);
    if (at >= 0) return false;
    const a = this.ints;
    const pos = -at - 1;
    const n = a.length;
    if (n < EXACT_INTS_MAX) {
      const b = new Array<IntMember>(n + 1);
      for (let i = 0; i < pos; i++) b[i] = a[i]!;
      b[pos] = v;
      for (let i = pos; i < n; i++) b[i + 1] = a[i]!;
      this.ints = b;
    } else if (pos === n) {
      a.push(v);
    } else {
      a.splice(pos, 0, v);
    }
    if ((v > 32767 || v < -32768) && this.intWidth !== 8) this.intWidth = v > 2147483647 || v < -2147483648 ? 8 : 4;
    if (n + 1 > maxIntset) this.toHashtable();
    return true;
  }

  /** Redis's setTypeRemove: true when m was a member. Never converts back. */
  remove(m: string): boolean {
    if (this.enc === ENC_HASHTABLE) {
      const index = this.index!;
      const i = index.delete(m);
      if (i === undefined) return false;
      const a = this.members;
      const last = a.pop()!;
      if (i < a.length) {
        a[i] = last;
        index.move(last, i);
      }
      return true;
    }
    const v = string2ll(m);
    if (v === null) return false;
    const at = this.search(v);
    if (at < 0) return false;
    this.removeAt(at);
    return true;
  }

  /** Remove the member at an index (random pops); returns it as a string. */
  removeAt(i: number): string {
    if (this.enc === ENC_INTSET) {
      const a = this.ints;
      const v = a[i]!;
      if (i === a.length - 1) a.pop();
      else a.splice(i, 1);
      return String(v);
    }
    const a = this.members;
    const m = a[i]!;
    const index = this.index!;
    index.delete(m);
    const last = a.pop()!;
    if (i < a.length) {
      a[i] = last;
      index.move(last, i);
    }
    return m;
  }

  /** A uniformly random member index (the set must not be empty). */
  randomIndex(): number {
    return Math.floor(Math.random() * this.size);
  }

  randomMember(): string {
    return this.memberAt(this.randomIndex());
  }

  /** Redis's setTypeConvert to OBJ_ENCODING_HT. */
  toHashtable(): void {
    if (this.enc === ENC_HASHTABLE) return;
    this.members = this.toArray();
    this.ints = NO_INTS;
    const a = this.members;
    const index = new MemberIndex();
    for (let i = 0; i < a.length; i++) index.add(a[i]!, i);
    this.index = index;
    this.enc = ENC_HASHTABLE;
  }

  /**
   * Become an intset again if every member is an integer and there are at most maxIntset
   * of them (what Redis's SPOP leaves when it rebuilds the rest of a set); true if so.
   */
  tryIntset(maxIntset: number): boolean {
    if (this.enc === ENC_INTSET) return true;
    const a = this.members;
    if (a.length > maxIntset) return false;
    const ints = new Array<IntMember>(a.length);
    for (let i = 0; i < a.length; i++) {
      const v = string2ll(a[i]!);
      if (v === null) return false;
      ints[i] = v;
    }
    ints.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    this.ints = ints;
    this.members = NO_MEMBERS;
    this.index = null;
    this.enc = ENC_INTSET;
    return true;
  }

  /** Make this empty intset a copy of another intset (SUNION's first source). */
  copyIntsFrom(other: RedisSet): void {
    this.ints = other.ints.slice();
  }

  clone(): RedisSet {
    const s = new RedisSet(this.enc);
    if (this.enc === ENC_INTSET) {
      s.ints = this.ints.slice();
      s.intWidth = this.intWidth;
    } else {
      s.members = this.members.slice();
      s.index = this.index!.clone();
    }
    return s;
  }

  /** Members as strings in storage order (ascending for an intset). */
  [Symbol.iterator](): Iterator<string> {
    return this.toArray()[Symbol.iterator]();
  }
}

export function isSet(v: unknown): v is RedisSet {
  return v instanceof RedisSet;
}
