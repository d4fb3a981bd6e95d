// The LIST value. Redis 7.0 encodes every list as a quicklist (OBJECT ENCODING always
// says "quicklist"; the listpack list encoding arrived in 7.2), so the encoding here is
// an internal choice invisible to clients:
//  - small lists (up to SMALL_MAX elements) are one plain array: compact, and a shift or
//    unshift moves at most SMALL_MAX pointers;
//  - larger ones are a chunked deque: fixed blocks of BLOCK slots held in a ring that
//    grows by doubling, so pushes and pops at either end are O(1) (amortized; a ring
//    growth copies one pointer per BLOCK elements, never the elements), and element i is
//    found in O(1) (LINDEX, LSET, LRANGE offsets). Inserting or removing in the middle
//    moves the elements of the shorter side, O(n) as in Redis.
// Elements are latin1 strings. Operations are pure data operations: no replies, no
// keyspace access; commands/lists.ts does those.

import { ObjType, type RedisObject } from './value.js';

/** Up to this many elements a list is one plain array. */
const SMALL_MAX = 128;
const SHIFT = 7;
const BLOCK = 1 << SHIFT;
const MASK = BLOCK - 1;
/** The block ring of every list in small mode (never written: ensureRing replaces it). */
const NO_BLOCKS: (string[] | null)[] = [];

export class ListValue implements RedisObject {
  readonly type = ObjType.List;
  /** Small mode: the elements in order; null in block mode. */
  private small: string[] | null;
  /** Block mode: a ring of `cap` block slots, the first used one at `bhead`. */
  private blocks: (string[] | null)[];
  private bhead = 0;
  private nblocks = 0;
  /** Offset of element 0 in the first block. */
  private off = 0;
  /** Element count in block mode. */
  private n = 0;

  constructor(items?: string[]) {
    this.blocks = NO_BLOCKS;
    if (items === undefined || items.length <= SMALL_MAX) {
      this.small = items === undefined ? [] : items.slice();
    } else {
      this.small = null;
      for (let i = 0; i < items.length; i++) this.pushTail(items[i]!);
    }
  }

  encoding(): string {
    return 'quicklist';
  }

  get length(): number {
    const s = this.small;
    return s !== null ? s.length : this.n;
  }

  clone(): ListValue {
    return new ListValue(this.toArray());
  }

  toArray(): string[] {
    const s = this.small;
    if (s !== null) return s.slice();
    const out = new Array<string>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.blockGet(i);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  /** Element i, 0 <= i < length. */
  get(i: number): string {
    const s = this.small;
    return s !== null ? s[i]! : this.blockGet(i);
  }

  /** Replace element i, 0 <= i < length. */
  set(i: number, v: string): void {
    const s = this.small;
    if (s !== null) {
      s[i] = v;
      return;
    }
    const p = this.off + i;
    this.blocks[(this.bhead + (p >>> SHIFT)) & (this.blocks.length - 1)]![p & MASK] = v;
  }

  pushHead(v: string): void {
    const s = this.small;
    if (s !== null) {
      if (s.length < SMALL_MAX) {
        s.unshift(v);
        return;
      }
      this.toBlocks();
    }
    if (this.off === 0) {
      this.ensureRing(this.nblocks + 1);
      this.bhead = (this.bhead - 1) & (this.blocks.length - 1);
      this.blocks[this.bhead] = new Array<string>(BLOCK);
      this.nblocks++;
      this.off = BLOCK;
    }
    this.off--;
    this.blocks[this.bhead]![this.off] = v;
    this.n++;
  }

  pushTail(v: string): void {
    const s = this.small;
    if (s !== null) {
      if (s.length < SMALL_MAX) {
        s.push(v);
        return;
      }
      this.toBlocks();
    }
    const p = this.off + this.n;
    const bi = p >>> SHIFT;
    if (bi === this.nblocks) {
      this.ensureRing(this.nblocks + 1);
      this.blocks[(this.bhead + bi) & (this.blocks.length - 1)] = new Array<string>(BLOCK);
      this.nblocks++;
    }
    this.blocks[(this.bhead + bi) & (this.blocks.length - 1)]![p & MASK] = v;
    this.n++;
  }

  /** Remove and return the first element; the list must not be empty. */
  popHead(): string {
    const s = this.small;
    if (s !== null) return s.shift()!;
    const blk = this.blocks[this.bhead]!;
    const v = blk[this.off]!;
    blk[this.off] = undefined as unknown as string;
    this.off++;
    this.n--;
    if (this.off === BLOCK) {
      this.blocks[this.bhead] = null;
      this.bhead = (this.bhead + 1) & (this.blocks.length - 1);
      this.nblocks--;
      this.off = 0;
    }
    if (this.n === 0) this.resetBlocks();
    return v;
  }

  /** Remove and return the last element; the list must not be empty. */
  popTail(): string {
    const s = this.small;
    if (s !== null) return s.pop()!;
    const p = this.off + this.n - 1;
    const slot = (this.bhead + (p >>> SHIFT)) & (this.blocks.length - 1);
    const blk = this.blocks[slot]!;
    const v = blk[p & MASK]!;
    blk[p & MASK] = undefined as unknown as string;
    this.n--;
    if ((p & MASK) === 0) {
      this.blocks[slot] = null;
      this.nblocks--;
    }
    if (this.n === 0) this.resetBlocks();
    return v;
  }

  /** Insert v so that it becomes element i (0 <= i <= length). */
  insertAt(i: number, v: string): void {
    const s = this.small;
    if (s !== null && s.length < SMALL_MAX) {
      s.splice(i, 0, v);
      return;
    }
    const len = this.length;
    if (i === 0) {
      this.pushHead(v);
      return;
    }
    if (i === len) {
      this.pushTail(v);
      return;
    }
    if (i < len >>> 1) {
      // Move the head side one step left.
      this.pushHead(this.get(0));
      for (let j = 1; j < i; j++) this.set(j, this.get(j + 1));
    } else {
      this.pushTail(this.get(len - 1));
      for (let j = len - 1; j > i; j--) this.set(j, this.get(j - 1));
    }
    this.set(i, v);
  }

  /**
   * LREM: remove elements equal to v, at most `count` of them from the head (count > 0),
   * from the tail (count < 0) or all (0). Returns how many were removed.
   */
  removeMatching(v: string, count: number): number {
    const s = this.small;
    const len = this.length;
    let removed = 0;
    if (s !== null) {
      if (count >= 0) {
        let w = 0;
        for (let r = 0; r < len; r++) {
          const x = s[r]!;
          if (x === v && (count === 0 || removed < count)) removed++;
          else s[w++] = x;
        }
        s.length = w;
      } else {
        const limit = -count;
        let w = len - 1;
        for (let r = len - 1; r >= 0; r--) {
          const x = s[r]!;
          if (x === v && removed < limit) removed++;
          else s[w--] = x;
        }
        if (removed > 0) s.splice(0, removed);
      }
      return removed;
    }
    if (count >= 0) {
      let w = 0;
      for (let r = 0; r < len; r++) {
        const x = this.blockGet(r);
        if (x === v && (count === 0 || removed < count)) removed++;
        else {
          if (w !== r) this.set(w, x);
          w++;
        }
      }
      for (let k = 0; k < removed; k++) this.popTail();
    } else {
      const limit = -count;
      let w = len - 1;
      for (let r = len - 1; r >= 0; r--) {
        const x = this.blockGet(r);
        if (x === v && removed < limit) removed++;
        else {
          if (w !== r) this.set(w, x);
          w--;
        }
      }
      for (let k = 0; k < removed; k++) this.popHead();
    }
    return removed;
  }

  /** Remove `head` elements from the head and `tail` from the tail (LTRIM). */
  trim(head: number, tail: number): void {
    const s = this.small;
    if (s !== null) {
      if (tail > 0) s.length -= tail;
      if (head > 0) s.splice(0, head);
      return;
    }
    for (let k = 0; k < head; k++) this.popHead();
    for (let k = 0; k < tail; k++) this.popTail();
  }

  /** Index of the first element equal to v, or -1. */
  indexOf(v: string): number {
    const len = this.length;
    for (let i = 0; i < len; i++) if (this.get(i) === v) return i;
    return -1;
  }

  private blockGet(i: number): string {
    const p = this.off + i;
    return this.blocks[(this.bhead + (p >>> SHIFT)) & (this.blocks.length - 1)]![p & MASK]!;
  }

  /** Make room for `need` blocks in the ring (doubling, oldest block first at 0). */
  private ensureRing(need: number): void {
    const cap = this.blocks.length;
    if (need <= cap) return;
    let ncap = cap === 0 ? 4 : cap * 2;
    while (ncap < need) ncap *= 2;
    const next = new Array<string[] | null>(ncap).fill(null);
    for (let k = 0; k < this.nblocks; k++) next[k] = this.blocks[(this.bhead + k) & (cap - 1)]!;
    this.blocks = next;
    this.bhead = 0;
  }

  private resetBlocks(): void {
    for (let k = 0; k < this.blocks.length; k++) this.blocks[k] = null;
    this.bhead = 0;
    this.nblocks = 0;
    this.off = 0;
  }

  private toBlocks(): void {
    const items = this.small!;
    this.small = null;
    this.n = 0;
    this.resetBlocks();
    for (let i = 0; i < items.length; i++) this.pushTail(items[i]!);
  }
}
