// The other binary blobs RDB embeds in strings: intsets (written and read), and the
// older ziplist and zipmap formats (read only: Redis 7.0 still loads them from old RDB
// files and DUMP payloads). Every decoder validates bounds and structure and throws
// RdbFormatError on corrupt input.
//
// intset:  <encoding: u32 LE, 2|4|8> <length: u32 LE> <values, ascending, LE>
// ziplist: <zlbytes u32> <zltail u32> <zllen u16> <entry>* <0xFF>
//          entry = <prevlen: 1 byte < 254, or 0xFE + u32> <encoding> <data>
// zipmap:  <zmlen u8> (<len> <key> <len> <free u8> <value> <free bytes>)* <0xFF>

import type { IntMember } from '../../types/set.js';
import { RdbFormatError } from './errors.js';

function u32(b: Uint8Array, p: number): number {
  return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
}

function latin1(b: Uint8Array, start: number, end: number): string {
  if (end - start < 64) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
    return s;
  }
  return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1');
}

function toMember(v: bigint): IntMember {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

// ---------------------------------------------------------------- intset

/**
 * Encode ascending integers as an intset: the smallest element width that fits, or
 * `minWidth` when larger (an intset never narrows after removals).
 */
export function encodeIntset(ints: readonly IntMember[], minWidth = 2): Uint8Array {
  const n = ints.length;
  let width = minWidth;
  if (n > 0) {
    const lo = ints[0]!;
    const hi = ints[n - 1]!;
    if (lo < -2147483648 || hi > 2147483647) width = 8;
    else if ((lo < -32768 || hi > 32767) && width < 4) width = 4;
  }
  const out = new Uint8Array(8 + n * width);
  out[0] = width;
  out[4] = n & 0xff;
  out[5] = (n >>> 8) & 0xff;
  out[6] = (n >>> 16) & 0xff;
  out[7] = (n >>> 24) & 0xff;
  let p = 8;
  for (let i = 0; i < n; i++) {
    const v = ints[i]!;
    if (width === 8) {
      let u = BigInt.asUintN(64, BigInt(v));
      for (let k = 0; k < 8; k++) {
        out[p++] = Number(u & 0xffn);
        u >>= 8n;
      }
    } else {
      const x = v as number;
      out[p++] = x & 0xff;
      out[p++] = (x >> 8) & 0xff;
      if (width === 4) {
        out[p++] = (x >> 16) & 0xff;
        out[p++] = (x >>> 24) & 0xff;
      }
    }
  }
  return out;
}

/** Decode an intset; members must be strictly ascending (no duplicates). */
export function decodeIntset(b: Uint8Array): IntMember[] {
  if (b.length < 8) throw new RdbFormatError('intset too short');
  const width = u32(b, 0);
  if (width !== 2 && width !== 4 && width !== 8) throw new RdbFormatError('intset bad encoding');
  const n = u32(b, 4);
  if (8 + n * width !== b.length) throw new RdbFormatError('intset size mismatch');
  const out = new Array<IntMember>(n);
  let p = 8;
  let prev: IntMember | null = null;
  for (let i = 0; i < n; i++) {
    let v: IntMember;
    if (width === 2) {
      v = ((b[p]! | (b[p + 1]! << 8)) << 16) >> 16;
    } else if (width === 4) {
      v = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
    } else {
      let x = 0n;
      for (let k = 7; k >= 0; k--) x = (x << 8n) | BigInt(b[p + k]!);
      v = toMember(BigInt.asIntN(64, x));
    }
    p += width;
    if (prev !== null && !(prev < v)) throw new RdbFormatError('intset not sorted');
    out[i] = v;
    prev = v;
  }
  return out;
}

// ---------------------------------------------------------------- ziplist

/** Decode and validate a ziplist into its elements as strings. */
export function decodeZiplist(b: Uint8Array): string[] {
  const n = b.length;
  if (n < 11) throw new RdbFormatError('ziplist too short');
  if (u32(b, 0) !== n) throw new RdbFormatError('ziplist size mismatch');
  const tail = u32(b, 4);
  if (tail > n - 1) throw new RdbFormatError('ziplist bad tail');
  if (b[n - 1] !== 0xff) throw new RdbFormatError('ziplist without terminator');
  const declared = b[8]! | (b[9]! << 8);
  const out: string[] = [];
  let p = 10;
  const end = n - 1;
  let prevLen = 0;
  let lastStart = -1;
  while (p < end) {
    const start = p;
    // prevlen
    let pl: number;
    if (b[p]! < 254) {
      pl = b[p]!;
      p += 1;
    } else if (b[p] === 254) {
      if (p + 5 > end) throw new RdbFormatError('ziplist entry overflow');
      pl = u32(b, p + 1);
      p += 5;
    } else {
      throw new RdbFormatError('ziplist bad prevlen');
    }
    if (pl !== prevLen) throw new RdbFormatError('ziplist prevlen mismatch');
    if (p >= end) throw new RdbFormatError('ziplist entry overflow');
    const e = b[p]!;
    let s: string;
    const kind = e >> 6;
    if (kind === 0) {
      const l = e & 0x3f;
      if (p + 1 + l > end) throw new RdbFormatError('ziplist entry overflow');
      s = latin1(b, p + 1, p + 1 + l);
      p += 1 + l;
    } else if (kind === 1) {
      if (p + 2 > end) throw new RdbFormatError('ziplist entry overflow');
      const l = ((e & 0x3f) << 8) | b[p + 1]!;
      if (p + 2 + l > end) throw new RdbFormatError('ziplist entry overflow');
      s = latin1(b, p + 2, p + 2 + l);
      p += 2 + l;
    } else if (e === 0x80) {
      if (p + 5 > end) throw new RdbFormatError('ziplist entry overflow');
      const l = ((b[p + 1]! << 24) >>> 0) + (b[p + 2]! << 16) + (b[p + 3]! << 8) + b[p + 4]!;
      if (p + 5 + l > end) throw new RdbFormatError('ziplist entry overflow');
      s = latin1(b, p + 5, p + 5 + l);
      p += 5 + l;
    } else if (e === 0xc0) {
      if (p + 3 > end) throw new RdbFormatError('ziplist entry overflow');
      s = String(((b[p + 1]! | (b[p + 2]! << 8)) << 16) >> 16);
      p += 3;
    } else if (e === 0xd0) {
      if (p + 5 > end) throw new RdbFormatError('ziplist entry overflow');
      s = String(b[p + 1]! | (b[p + 2]! << 8) | (b[p + 3]! << 16) | (b[p + 4]! << 24));
      p += 5;
    } else if (e === 0xe0) {
      if (p + 9 > end) throw new RdbFormatError('ziplist entry overflow');
      let x = 0n;
      for (let k = 8; k >= 1; k--) x = (x << 8n) | BigInt(b[p + k]!);
      s = BigInt.asIntN(64, x).toString();
      p += 9;
    } else if (e === 0xf0) {
      if (p + 4 > end) throw new RdbFormatError('ziplist entry overflow');
      s = String(((b[p + 1]! | (b[p + 2]! << 8) | (b[p + 3]! << 16)) << 8) >> 8);
      p += 4;
    } else if (e === 0xfe) {
      if (p + 2 > end) throw new RdbFormatError('ziplist entry overflow');
      s = String((b[p + 1]! << 24) >> 24);
      p += 2;
    } else if (e >= 0xf1 && e <= 0xfd) {
      s = String((e & 0x0f) - 1);
      p += 1;
    } else {
      throw new RdbFormatError('ziplist bad encoding');
    }
    prevLen = p - start;
    lastStart = start;
    out.push(s);
  }
  if (p !== end) throw new RdbFormatError('ziplist overrun');
  if (out.length === 0 ? tail !== 10 : tail !== lastStart) throw new RdbFormatError('ziplist bad tail');
  if (declared !== 65535 && declared !== out.length) throw new RdbFormatError('ziplist count mismatch');
  return out;
}

// ---------------------------------------------------------------- zipmap

/** Decode and validate a zipmap into [k0, v0, k1, v1, ...]. */
export function decodeZipmap(b: Uint8Array): string[] {
  const n = b.length;
  if (n < 2) throw new RdbFormatError('zipmap too short');
  const out: string[] = [];
  let p = 1;
  const readLen = (): number => {
    if (p >= n) throw new RdbFormatError('zipmap overflow');
    const x = b[p]!;
    if (x < 254) {
      p += 1;
      return x;
    }
    if (x === 254) {
      if (p + 5 > n) throw new RdbFormatError('zipmap overflow');
      const l = u32(b, p + 1);
      p += 5;
      return l;
    }
    throw new RdbFormatError('zipmap bad length');
  };
  for (;;) {
    if (p >= n) throw new RdbFormatError('zipmap without terminator');
    if (b[p] === 0xff) {
      p++;
      break;
    }
    const kl = readLen();
    if (p + kl > n) throw new RdbFormatError('zipmap overflow');
    const k = latin1(b, p, p + kl);
    p += kl;
    const vl = readLen();
    if (p >= n) throw new RdbFormatError('zipmap overflow');
    const free = b[p++]!;
    if (p + vl + free > n) throw new RdbFormatError('zipmap overflow');
    const v = latin1(b, p, p + vl);
    p += vl + free;
    out.push(k, v);
  }
  if (p !== n) throw new RdbFormatError('zipmap trailing bytes');
  return out;
}
