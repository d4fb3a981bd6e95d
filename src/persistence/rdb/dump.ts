// DUMP / RESTORE payloads in Redis 7.0's format:
//
//   <type byte> <object in RDB encoding> <RDB version: 2 bytes LE> <CRC-64: 8 bytes LE>
//
// The CRC covers everything before it. Redis 7.0 writes RDB version 10 and refuses
// payloads from newer versions. Strings are RDB strings (8/16/32-bit integer forms for
// short canonical integers, LZF for compressible strings longer than 20 bytes, raw
// otherwise); the other types' encodings are in objects.ts.

import { crc64, readU64LE, writeU64LE } from './crc64.js';
import { lzfCompress, lzfDecompress } from './lzf.js';
import { RdbFormatError, RdbUnsupportedType } from './errors.js';
import { isObjectType, loadObject, saveObject, type RdbLimits } from './objects.js';
import type { Value } from '../../types/value.js';

export const RDB_VERSION = 10;

export const RDB_TYPE_STRING = 0;

const RDB_ENCVAL = 3;
const RDB_ENC_INT8 = 0;
const RDB_ENC_INT16 = 1;
const RDB_ENC_INT32 = 2;
const RDB_ENC_LZF = 3;

export { RdbUnsupportedType, RdbFormatError };

/** Growable byte writer. */
export class RdbWriter {
  buf = new Uint8Array(64);
  len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b & 0xff;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  latin1(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
  }

  /** RDB length: 6-bit, 14-bit, 32-bit or 64-bit big-endian forms. */
  length(n: number): void {
    if (n < 1 << 6) {
      this.byte(n);
    } else if (n < 1 << 14) {
      this.byte(0x40 | (n >> 8));
      this.byte(n & 0xff);
    } else if (n <= 0xffffffff) {
      this.byte(0x80);
      this.byte(n >>> 24);
      this.byte(n >>> 16);
      this.byte(n >>> 8);
      this.byte(n);
    } else {
      this.byte(0x81);
      const big = BigInt(n);
      for (let i = 7; i >= 0; i--) this.byte(Number((big >> BigInt(8 * i)) & 0xffn));
    }
  }

  /** An RDB length given as an unsigned 64-bit bigint (stream IDs and counters). */
  lengthBig(v: bigint): void {
    v = BigInt.asUintN(64, v);
    if (v <= 0xffffffffn) {
      this.length(Number(v));
      return;
    }
    this.byte(0x81);
    for (let i = 7; i >= 0; i--) this.byte(Number((v >> BigInt(8 * i)) & 0xffn));
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/** Redis's rdbTryIntegerEncoding: a canonical decimal integer that fits in 32 bits. */
function integerEncoding(s: string, w: RdbWriter): boolean {
  const n = s.length;
  if (n === 0 || n > 11) return false;
  const c0 = s.charCodeAt(0);
  let i = c0 === 45 ? 1 : 0;
  if (i === n) return false;
  // Canonical: no leading zeros (except "0" itself), no "-0", digits only.
  if (s.charCodeAt(i) === 48 && (n > 1 || i === 1)) return false;
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    v = v * 10 + (c - 48);
  }
  if (c0 === 45) v = -v;
  if (v >= -(1 << 7) && v <= (1 << 7) - 1) {
    w.byte((RDB_ENCVAL << 6) | RDB_ENC_INT8);
    w.byte(v);
  } else if (v >= -(1 << 15) && v <= (1 << 15) - 1) {
    w.byte((RDB_ENCVAL << 6) | RDB_ENC_INT16);
    w.byte(v);
    w.byte(v >> 8);
  } else if (v >= -2147483648 && v <= 2147483647) {
    w.byte((RDB_ENCVAL << 6) | RDB_ENC_INT32);
    w.byte(v);
    w.byte(v >> 8);
    w.byte(v >> 16);
    w.byte(v >> 24);
  } else {
    return false;
  }
  return true;
}

/** Write a string in RDB string encoding (rdbSaveRawString). */
export function writeRdbString(w: RdbWriter, s: string | Uint8Array, compress: boolean): void {
  const n = s.length;
  if (n <= 11 && integerEncoding(typeof s === 'string' ? s : Buffer.from(s).toString('latin1'), w)) return;
  if (compress && n > 20) {
    const bytes = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
    const packed = lzfCompress(bytes, n - 4);
    if (packed !== null) {
      w.byte((RDB_ENCVAL << 6) | RDB_ENC_LZF);
      w.length(packed.length);
      w.length(n);
      w.bytes(packed);
      return;
    }
  }
  w.length(n);
  if (typeof s === 'string') w.latin1(s);
  else w.bytes(s);
}

/** Cursor over RDB bytes; every read throws RdbFormatError when the data runs out. */
export class RdbReader {
  pos = 0;
  constructor(readonly buf: Uint8Array, readonly end = buf.length) {}

  byte(): number {
    if (this.pos >= this.end) throw new RdbFormatError('unexpected end of data');
    return this.buf[this.pos++]!;
  }

  take(n: number): Uint8Array {
    if (n > this.end - this.pos) throw new RdbFormatError('unexpected end of data');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** An RDB length, or an encoding tag: returns [value, isEncoded]. */
  lengthOrEncoding(): [number, boolean] {
    const first = this.byte();
    const kind = first >> 6;
    if (kind === 0) return [first & 0x3f, false];
    if (kind === 1) return [((first & 0x3f) << 8) | this.byte(), false];
    if (kind === 3) return [first & 0x3f, true];
    if (first === 0x80) {
      const b = this.take(4);
      return [((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!, false];
    }
    if (first === 0x81) {
      const b = this.take(8);
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(b[i]!);
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbFormatError('length too large');
      return [Number(v), false];
    }
    throw new RdbFormatError('unknown length encoding');
  }

  /** An RDB length as an unsigned 64-bit bigint (no safe-integer limit). */
  lengthBig(): bigint {
    const first = this.buf[this.pos];
    if (first === 0x81) {
      this.pos++;
      const b = this.take(8);
      let v = 0n;
      for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(b[i]!);
      return v;
    }
    return BigInt(this.length());
  }

  length(): number {
    const [n, enc] = this.lengthOrEncoding();
    if (enc) throw new RdbFormatError('unexpected encoded length');
    return n;
  }

  /** An RDB string (rdbGenericLoadStringObject) as a latin1 string. */
  string(): string {
    const [n, enc] = this.lengthOrEncoding();
    if (!enc) {
      const b = this.take(n);
      if (n < 32) {
        let s = '';
        for (let i = 0; i < n; i++) s += String.fromCharCode(b[i]!);
        return s;
      }
      return Buffer.from(b.buffer, b.byteOffset, n).toString('latin1');
    }
    return this.encoded(n, true) as string;
  }

  /** An RDB string as bytes (for embedded blobs: listpacks, intsets, ziplists). */
  blob(): Uint8Array {
    const [n, enc] = this.lengthOrEncoding();
    if (!enc) return this.take(n);
    const v = this.encoded(n, false);
    return typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
  }

  private encoded(n: number, asString: boolean): string | Uint8Array {
    switch (n) {
      case RDB_ENC_INT8: {
        const b = this.byte();
        return String((b << 24) >> 24);
      }
      case RDB_ENC_INT16: {
        const b = this.take(2);
        return String(((b[0]! | (b[1]! << 8)) << 16) >> 16);
      }
      case RDB_ENC_INT32: {
        const b = this.take(4);
        return String(b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24));
      }
      case RDB_ENC_LZF: {
        const clen = this.length();
        const len = this.length();
        // LZF expands at most ~88x (a 3-byte back reference copies 264 bytes): a larger
        // claimed length is corrupt, and must not allocate a huge buffer.
        if (len === 0 || len > MAX_LZF_LEN || len > clen * 100 + 64) throw new RdbFormatError('invalid LZF length');
        const data = lzfDecompress(this.take(clen), len);
        if (data === null) throw new RdbFormatError('invalid LZF compressed string');
        if (!asString) return data;
        return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
      }
      default:
        throw new RdbFormatError('unknown string encoding');
    }
  }
}

/** Largest decompressed LZF string accepted (V8 strings stop just under 512 MiB). */
const MAX_LZF_LEN = 0x1fffffe8;

/** Build a DUMP payload for a string value. */
export function dumpString(value: string | Uint8Array, compress: boolean): Buffer {
  const w = new RdbWriter();
  w.byte(RDB_TYPE_STRING);
  writeRdbString(w, value, compress);
  return finishPayload(w);
}

/** Append the version and CRC footer to a payload body. */
export function finishPayload(w: RdbWriter): Buffer {
  w.byte(RDB_VERSION & 0xff);
  w.byte(RDB_VERSION >> 8);
  const body = w.result();
  const crc = crc64(body);
  const out = Buffer.allocUnsafe(body.length + 8);
  out.set(body, 0);
  writeU64LE(out, body.length, crc);
  return out;
}

/** Redis's verifyDumpPayload: version not newer than ours and a matching CRC. */
export function verifyPayload(p: Uint8Array, skipChecksum = false): boolean {
  const len = p.length;
  if (len < 10) return false;
  const ver = p[len - 10]! | (p[len - 9]! << 8);
  if (ver > RDB_VERSION) return false;
  if (skipChecksum) return true;
  return crc64(p, 0, len - 8) === readU64LE(p, len - 8);
}

/**
 * Decode the object in a verified payload (type byte + object). Throws RdbFormatError on
 * malformed data and RdbUnsupportedType for types tsredis cannot hold (modules, streams).
 */
export function loadPayload(p: Uint8Array, limits: RdbLimits): { type: number; value: Value } {
  // Redis reads the object from the whole payload buffer: a truncated object runs on into
  // the version/CRC footer bytes instead of failing, and trailing bytes are ignored.
  const r = new RdbReader(p, p.length);
  const type = r.byte();
  if (!isObjectType(type)) throw new RdbFormatError(`bad object type ${type}`);
  return { type, value: loadObject(r, type, limits) };
}

/** Build a DUMP payload for any value. */
export function dumpValue(v: Value, compress: boolean, listFill: number): Buffer {
  const w = new RdbWriter();
  saveObject(w, v, compress, listFill);
  return finishPayload(w);
}
