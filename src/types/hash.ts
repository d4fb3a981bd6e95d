// The hash data type: field → value maps of latin1 strings, in Redis 7.0's two encodings.
//
// Both encodings keep the pairs in one dense array, `data` = [f0, v0, f1, v1, ...]:
//  - "listpack" (index === null): the array is the listpack. New fields are appended,
//    updates replace the value in place and deletes close the gap, so iteration order is
//    insertion order, exactly as Redis's listpack (HGETALL/HKEYS/HSCAN byte for byte).
//    Lookups scan the array, as lpFind does; the thresholds keep it short.
//  - "hashtable" (index !== null): `index` maps each field to its pair number. A delete
//    moves the last pair into the hole, so the array stays dense: a random pair is O(1)
//    (HRANDFIELD) and HSCAN walks pair numbers downwards with a stateless cursor. A pair
//    only ever moves from the last position to a lower one, so every field present for
//    the whole scan is returned at least once (Redis's SCAN guarantee).
// Conversion is one way, at Redis's thresholds: a field or value longer than
// hash-max-listpack-value, or more than hash-max-listpack-entries fields.
//
// Operations return values and never write replies (commands/hashes.ts does that).

import { ObjType, type RedisObject } from './value.js';

export class HashValue implements RedisObject {
  readonly type = ObjType.Hash;
  /** Pairs, field at 2i and value at 2i+1. */
  data: string[];
  /** Field → pair number when hashtable-encoded; null while listpack-encoded. */
  index: Map<string, number> | null;

  constructor(data: string[] = [], index: Map<string, number> | null = null) {
    this.data = data;
    this.index = index;
  }

  encoding(): string {
    return this.index === null ? 'listpack' : 'hashtable';
  }

  /** Number of fields. */
  get size(): number {
    return this.data.length >> 1;
  }

  /** Pair number of a field, -1 when absent. */
  find(field: string): number {
    const index = this.index;
    if (index !== null) {
      const i = index.get(field);
      return i === undefined ? -1 : i;
    }
    const d = this.data;
    for (let i = 0, n = d.length; i < n; i += 2) if (d[i] === field) return i >> 1;
    return -1;
  }

  get(field: string): string | undefined {
    const i = this.find(field);
    return i < 0 ? undefined : this.data[2 * i + 1];
  }

  has(field: string): boolean {
    return this.find(field) >= 0;
  }

  fieldAt(i: number): string {
    return this.data[2 * i]!;
  }

  valueAt(i: number): string {
    return this.data[2 * i + 1]!;
  }

  /**
   * Set a field (Redis's hashTypeSet): while listpack-encoded, a field or value longer
   * than maxValue converts first, and more than maxEntries fields afterwards (updates
   * included, as Redis checks after every set). Returns true when the field is new.
   */
  set(field: string, value: string, maxEntries: number, maxValue: number): boolean {
    const d = this.data;
    let index = this.index;
    if (index === null && (field.length > maxValue || value.length > maxValue)) index = this.convert();
    if (index !== null) {
      const i = index.get(field);
      if (i !== undefined) {
        d[2 * i + 1] = value;
        return false;
      }
      index.set(field, d.length >> 1);
      d.push(field, value);
      return true;
    }
    let added = true;
    for (let i = 0, n = d.length; i < n; i += 2) {
      if (d[i] === field) {
        d[i + 1] = value;
        added = false;
        break;
      }
    }
    if (added) d.push(field, value);
    if (d.length >> 1 > maxEntries) this.convert();
    return added;
  }

  /**
   * Redis's hashTypeTryConversion over args[start..end]: convert when any of them is
   * longer than maxValue (before the values are set, so HSET converts up front).
   */
  tryConversion(args: readonly string[], start: number, end: number, maxValue: number): void {
    if (this.index !== null) return;
    for (let i = start; i <= end; i++) {
      if (args[i]!.length > maxValue) {
        this.convert();
        return;
      }
    }
  }

  /** Remove a field; true when it existed. */
  delete(field: string): boolean {
    const d = this.data;
    const index = this.index;
    if (index === null) {
      for (let i = 0, n = d.length; i < n; i += 2) {
        if (d[i] === field) {
          d.splice(i, 2);
          return true;
        }
      }
      return false;
    }
    const i = index.get(field);
    if (i === undefined) return false;
    index.delete(field);
    const last = (d.length >> 1) - 1;
    if (i !== last) {
      const f = d[2 * last]!;
      d[2 * i] = f;
      d[2 * i + 1] = d[2 * last + 1]!;
      index.set(f, i);
    }
    d.pop();
    d.pop();
    return true;
  }

  /** listpack → hashtable (never back). Returns the new index. */
  convert(): Map<string, number> {
    if (this.index !== null) return this.index;
    const d = this.data;
    const index = new Map<string, number>();
    for (let i = 0, n = d.length; i < n; i += 2) index.set(d[i]!, i >> 1);
    this.index = index;
    return index;
  }

  /** A uniformly random pair number (the hash is never empty when stored). */
  randomPair(): number {
    return Math.floor(Math.random() * (this.data.length >> 1));
  }

  /**
   * One HSCAN step over a hashtable: pushes up to `count` pair numbers to `out`, walking
   * down from the cursor, and returns the next cursor (0 when done). Cursor c > 0 means
   * "continue at pair c - 1"; 0 starts at the last pair. Cursors beyond the end clamp.
   */
  scanStep(cursor: number, count: number, out: number[]): number {
    const n = this.data.length >> 1;
    let pos = cursor === 0 || cursor > n ? n - 1 : cursor - 1;
    for (let k = 0; k < count && pos >= 0; k++) out.push(pos--);
    return pos < 0 ? 0 : pos + 1;
  }

  /** An independent copy with the same encoding (COPY). */
  clone(): HashValue {
    return new HashValue(this.data.slice(), this.index === null ? null : new Map(this.index));
  }

  /** [field, value] pairs in iteration order (DEBUG DIGEST, generic walkers). */
  *[Symbol.iterator](): IterableIterator<[string, string]> {
    const d = this.data;
    for (let i = 0; i < d.length; i += 2) yield [d[i]!, d[i + 1]!];
  }
}

/** True when v is a hash value. */
export function isHash(v: unknown): v is HashValue {
  return v instanceof HashValue;
}
