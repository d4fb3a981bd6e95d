// Redis 7.0's listpack blob, as RDB stores it for small hashes, zsets and list nodes.
//
//   <total bytes: u32 LE> <element count: u16 LE, 65535 = "count it"> <entry>* <0xFF>
//   entry = <encoding + data> <backlen: the encoding+data size, 1-5 bytes of 7 bits>
//
// Strings that are canonical int64s (string2ll) are stored as integers in the smallest
// of the 7-bit, 13-bit, 16/24/32/64-bit forms, exactly as lpInsertString decides; other
// strings as 6-bit, 12-bit or 32-bit length-prefixed bytes. The decoder validates every
// entry (encoding, bounds, backlen, count, terminator) and throws RdbFormatError, so a
// corrupt payload never yields a half-read value.

import { string2ll } from '../../util/numbers.js';
import { RdbFormatError } from './errors.js';

const LP_HDR_SIZE = 6;
const LP_EOF = 0xff;

/** Builds a listpack blob entry by entry. */
export class ListpackBuilder {
  buf: Uint8Array;
  len = LP_HDR_SIZE;
  count = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(Math.max(capacity, 16));
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  /** Size in bytes of the finished blob so far (header, entries, terminator). */
  get bytes(): number {
    return this.len + 1;
  }

  /** Append one element (lpAppend of a string: integer encodings when canonical). */
  add(s: string): void {
    const n = s.length;
    if (n > 0 && n <= 20) {
      const c = s.charCodeAt(n - 1);
      if (c >= 48 && c <= 57) {
        const v = string2ll(s);
        if (v !== null) {
          this.addInt(v);
          return;
        }
      }
    }
    this.ensure(n + 10);
    const b = this.buf;
    let p = this.len;
    let hdr: number;
    if (n < 64) {
      b[p++] = 0x80 | n;
      hdr = 1;
    } else if (n < 4096) {
      b[p++] = 0xe0 | (n >> 8);
      b[p++] = n & 0xff;
      hdr = 2;
    } else {
      b[p++] = 0xf0;
      b[p++] = n & 0xff;
      b[p++] = (n >>> 8) & 0xff;
      b[p++] = (n >>> 16) & 0xff;
      b[p++] = (n >>> 24) & 0xff;
      hdr = 5;
    }
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.len = p;
    this.backlen(hdr + n);
    this.count++;
  }

  /** Append an integer element. */
  addInt(v: number | bigint): void {
    this.ensure(20);
    const b = this.buf;
    let p = this.len;
    let size: number;
    if (typeof v === 'number' && v >= 0 && v <= 127) {
      b[p++] = v;
      size = 1;
    } else if (typeof v === 'number' && v >= -4096 && v <= 4095) {
      const u = v < 0 ? (1 << 13) + v : v;
      b[p++] = 0xc0 | (u >> 8);
      b[p++] = u & 0xff;
      size = 2;
    } else if (typeof v === 'number' && v >= -32768 && v <= 32767) {
      b[p++] = 0xf1;
      b[p++] = v & 0xff;
      b[p++] = (v >> 8) & 0xff;
      size = 3;
    } else if (typeof v === 'number' && v >= -8388608 && v <= 8388607) {
      b[p++] = 0xf2;
      b[p++] = v & 0xff;
      b[p++] = (v >> 8) & 0xff;
      b[p++] = (v >> 16) & 0xff;
      size = 4;
    } else if (typeof v === 'number' && v >= -2147483648 && v <= 2147483647) {
      b[p++] = 0xf3;
      b[p++] = v & 0xff;
      b[p++] = (v >> 8) & 0xff;
      b[p++] = (v >> 16) & 0xff;
      b[p++] = (v >>> 24) & 0xff;
      size = 5;
    } else {
      let u = BigInt.asUintN(64, BigInt(v));
      b[p++] = 0xf4;
      for (let i = 0; i < 8; i++) {
        b[p++] = Number(u & 0xffn);
        u >>= 8n;
      }
      size = 9;
    }
    this.len = p;
    this.backlen(size);
    this.count++;
  }

  private backlen(l: number): void {
    this.ensure(5);
    const b = this.buf;
    let p = this.len;
    if (l <= 127) {
      b[p++] = l;
    } else if (l < 16383) {
      b[p++] = l >> 7;
      b[p++] = (l & 127) | 128;
    } else if (l < 2097151) {
      b[p++] = l >> 14;
      b[p++] = ((l >> 7) & 127) | 128;
      b[p++] = (l & 127) | 128;
    } else if (l < 268435455) {
      b[p++] = l >> 21;
      b[p++] = ((l >> 14) & 127) | 128;
      b[p++] = ((l >> 7) & 127) | 128;
      b[p++] = (l & 127) | 128;
    } else {
      b[p++] = Math.floor(l / 268435456);
      b[p++] = ((l >> 21) & 127) | 128;
      b[p++] = ((l >> 14) & 127) | 128;
      b[p++] = ((l >> 7) & 127) | 128;
      b[p++] = (l & 127) | 128;
    }
    this.len = p;
  }

  /** The finished blob (a view of the builder's buffer). */
  finish(): Uint8Array {
    this.ensure(1);
    const b = this.buf;
    b[this.len] = LP_EOF;
    const total = this.len + 1;
    b[0] = total & 0xff;
    b[1] = (total >>> 8) & 0xff;
    b[2] = (total >>> 16) & 0xff;
    b[3] = (total >>> 24) & 0xff;
    const cnt = this.count < 65535 ? this.count : 65535;
    b[4] = cnt & 0xff;
    b[5] = cnt >> 8;
    return b.subarray(0, total);
  }
}

/** Size of a backlen field for an entry of l bytes. */
function backlenSize(l: number): number {
  return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

function latin1(b: Uint8Array, start: number, end: number): string {
  if (end - start < 64) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
    return s;
  }
  return Buffer.from(b.buffer, b.byteOffset + start, end - start).toString('latin1');
}

/**
 * Decode and validate a listpack blob into its elements as strings (integers in decimal).
 * Throws RdbFormatError on any inconsistency.
 */
export function decodeListpack(b: Uint8Array): string[] {
  const n = b.length;
  if (n < LP_HDR_SIZE + 1) throw new RdbFormatError('listpack too short');
  const total = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  if (total !== n) throw new RdbFormatError('listpack size mismatch');
  if (b[n - 1] !== LP_EOF) throw new RdbFormatError('listpack without terminator');
  const declared = b[4]! | (b[5]! << 8);
  const out: string[] = [];
  let p = LP_HDR_SIZE;
  const end = n - 1;
  while (p < end) {
    const e = b[p]!;
    const start = p;
    let s: string;
    if (e < 0x80) {
      s = String(e);
      p += 1;
    } else if (e < 0xc0) {
      const l = e & 0x3f;
      if (p + 1 + l > end) throw new RdbFormatError('listpack entry overflow');
      s = latin1(b, p + 1, p + 1 + l);
      p += 1 + l;
    } else if (e < 0xe0) {
      if (p + 2 > end) throw new RdbFormatError('listpack entry overflow');
      let v = ((e & 0x1f) << 8) | b[p + 1]!;
      if (v >= 1 << 12) v -= 1 << 13;
      s = String(v);
      p += 2;
    } else if (e < 0xf0) {
      if (p + 2 > end) throw new RdbFormatError('listpack entry overflow');
      const l = ((e & 0x0f) << 8) | b[p + 1]!;
      if (p + 2 + l > end) throw new RdbFormatError('listpack entry overflow');
      s = latin1(b, p + 2, p + 2 + l);
      p += 2 + l;
    } else {
      switch (e) {
        case 0xf0: {
          if (p + 5 > end) throw new RdbFormatError('listpack entry overflow');
          const l = (b[p + 1]! | (b[p + 2]! << 8) | (b[p + 3]! << 16) | (b[p + 4]! << 24)) >>> 0;
          if (p + 5 + l > end) throw new RdbFormatError('listpack entry overflow');
          s = latin1(b, p + 5, p + 5 + l);
          p += 5 + l;
          break;
        }
        case 0xf1: {
          if (p + 3 > end) throw new RdbFormatError('listpack entry overflow');
          s = String(((b[p + 1]! | (b[p + 2]! << 8)) << 16) >> 16);
          p += 3;
          break;
        }
        case 0xf2: {
          if (p + 4 > end) throw new RdbFormatError('listpack entry overflow');
          s = String(((b[p + 1]! | (b[p + 2]! << 8) | (b[p + 3]! << 16)) << 8) >> 8);
          p += 4;
          break;
        }
        case 0xf3: {
          if (p + 5 > end) throw new RdbFormatError('listpack entry overflow');
          s = String(b[p + 1]! | (b[p + 2]! << 8) | (b[p + 3]! << 16) | (b[p + 4]! << 24));
          p += 5;
          break;
        }
        case 0xf4: {
          if (p + 9 > end) throw new RdbFormatError('listpack entry overflow');
          let v = 0n;
          for (let i = 8; i >= 1; i--) v = (v << 8n) | BigInt(b[p + i]!);
          s = BigInt.asIntN(64, v).toString();
          p += 9;
          break;
        }
        default:
          throw new RdbFormatError('listpack bad entry encoding');
      }
    }
    const l = p - start;
    const bl = backlenSize(l);
    if (p + bl > end) throw new RdbFormatError('listpack backlen overflow');
    // Verify the backlen bytes encode l.
    let v = b[p]! & 127;
    for (let i = 1; i < bl; i++) v = v * 128 + (b[p + i]! & 127);
    if (v !== l) throw new RdbFormatError('listpack bad backlen');
    p += bl;
    out.push(s);
  }
  if (p !== end) throw new RdbFormatError('listpack overrun');
  if (declared !== 65535 && declared !== out.length) throw new RdbFormatError('listpack count mismatch');
  return out;
}

/** Bytes one element takes in a listpack (encoding, data and backlen). */
export function lpEntrySize(s: string): number {
  const n = s.length;
  let l: number;
  const v = n > 0 && n <= 20 ? string2ll(s) : null;
  if (v !== null) {
    if (typeof v === 'bigint') l = 9;
    else if (v >= 0 && v <= 127) l = 1;
    else if (v >= -4096 && v <= 4095) l = 2;
    else if (v >= -32768 && v <= 32767) l = 3;
    else if (v >= -8388608 && v <= 8388607) l = 4;
    else if (v >= -2147483648 && v <= 2147483647) l = 5;
    else l = 9;
  } else {
    l = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  }
  return l + backlenSize(l);
}
