// String values: the representation shared by every command that reads or writes a
// Redis string, the OBJECT ENCODING rules, and the 80-bit long double arithmetic that
// INCRBYFLOAT needs to match Redis byte for byte.
//
// A string value is either
//  - a latin1 JS string (one char per byte), the common immutable form that SET, MSET,
//    INCR... store; its encoding is derived from its content exactly as Redis's
//    tryObjectEncoding would decide it (int / embstr / raw), or
//  - a RawString: an owned Buffer with spare capacity (like an sds), used for values
//    mutated in place (APPEND, SETRANGE, SETBIT, BITFIELD) so repeated mutation is
//    amortised O(1) per byte instead of copying the whole value each time, and for the
//    few results whose Redis encoding differs from what the content implies (BITOP
//    results are "raw" even when short; INCRBYFLOAT "3" is "embstr", not "int").
//
// Readers must accept both: use asString / stringLength / stringBytes / writeBulk-style
// access through these helpers and never `typeof v === 'string'` alone.

import { ObjType, type RedisObject, type Value } from './value.js';
import { string2ll } from '../util/numbers.js';

/** Largest embstr payload in Redis 7.0 (OBJ_ENCODING_EMBSTR_SIZE_LIMIT). */
export const EMBSTR_SIZE_LIMIT = 44;

/**
 * A mutable byte string with spare capacity (Redis's sds with OBJ_ENCODING_RAW).
 * Buffers are allocated with allocUnsafeSlow (or alloc): a stored slice of Node's shared
 * 8 KB allocation pool would keep the whole pool chunk alive for as long as the key lives.
 */
export class RawString implements RedisObject {
  readonly type = ObjType.String;
  buf: Buffer;
  len: number;
  /** Reported as "embstr" until first mutated (INCRBYFLOAT results); normally false. */
  embstr: boolean;

  constructor(buf: Buffer, len: number, embstr = false) {
    this.buf = buf;
    this.len = len;
    this.embstr = embstr;
  }

  static fromString(s: string, extra = 0): RawString {
    const n = s.length;
    const b = Buffer.allocUnsafeSlow(n + extra);
    if (n > 0) b.write(s, 0, n, 'latin1');
    return new RawString(b, n);
  }

  /** A zero-filled string of n bytes. */
  static zeros(n: number): RawString {
    return new RawString(Buffer.alloc(n), n);
  }

  encoding(): string {
    return this.embstr ? 'embstr' : 'raw';
  }

  /** Bytes of the value (a view valid until the next mutation). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  toString(): string {
    return this.buf.toString('latin1', 0, this.len);
  }

  /** Make room for `n` bytes in total (sds-style growth: double below 1 MB, +1 MB above). */
  reserve(n: number): void {
    if (n <= this.buf.length) return;
    let cap = n < 1024 * 1024 ? n * 2 : n + 1024 * 1024;
    if (cap < 16) cap = 16;
    const nb = Buffer.allocUnsafeSlow(cap);
    this.buf.copy(nb, 0, 0, this.len);
    this.buf = nb;
  }

  /** Grow to at least n bytes, zero-filling the new tail (sdsgrowzero). */
  growZero(n: number): void {
    if (n <= this.len) return;
    this.reserve(n);
    this.buf.fill(0, this.len, n);
    this.len = n;
  }

  append(s: string): void {
    const n = s.length;
    this.embstr = false;
    this.reserve(this.len + n);
    if (n > 0) this.len += this.buf.write(s, this.len, n, 'latin1');
  }

  /** Overwrite bytes at offset with s, growing (zero-filled) as needed. */
  writeAt(offset: number, s: string): void {
    this.embstr = false;
    this.growZero(offset + s.length);
    if (s.length > 0) this.buf.write(s, offset, s.length, 'latin1');
  }
}

/** True if v is a string value (either representation). */
export function isStringValue(v: Value): v is string | RawString {
  return typeof v === 'string' || v.type === ObjType.String;
}

/** The latin1 string of a string value. */
export function asString(v: string | RawString | Value): string {
  if (typeof v === 'string') return v;
  if (v instanceof RawString) return v.toString();
  throw new TypeError('not a string value');
}

/** Length in bytes of a string value. */
export function stringLength(v: string | RawString | Value): number {
  if (typeof v === 'string') return v.length;
  if (v instanceof RawString) return v.len;
  throw new TypeError('not a string value');
}

/**
 * Bytes of a string value. For a RawString this is a view into its buffer, valid until
 * the value is next mutated; for a plain string a fresh copy.
 */
export function stringBytes(v: string | RawString | Value): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'latin1');
  if (v instanceof RawString) return v.bytes();
  throw new TypeError('not a string value');
}

/** What to hand to ReplyWriter.bulk for a string value (no copy for a RawString). */
export function replyForm(v: string | RawString): string | Buffer {
  return typeof v === 'string' ? v : v.bytes();
}

/** A private mutable copy of a string value (for APPEND/SETRANGE/SETBIT targets). */
export function toRawString(v: string | RawString, extra = 0): RawString {
  if (typeof v === 'string') return RawString.fromString(v, extra);
  v.embstr = false;
  return v;
}

/** An independent copy of a string value (COPY, RESTORE...): same content, same encoding. */
export function cloneStringValue(v: string | RawString): string | RawString {
  if (typeof v === 'string') return v;
  const b = Buffer.allocUnsafeSlow(v.len);
  v.buf.copy(b, 0, 0, v.len);
  return new RawString(b, v.len, v.embstr);
}

/** OBJECT ENCODING of a string value, as Redis 7.0 reports it. */
export function stringEncoding(v: string | RawString | Value): string {
  if (typeof v === 'string') {
    const n = v.length;
    if (n <= 20 && string2ll(v) !== null) return 'int';
    return n <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
  }
  return v.encoding();
}

// ---------------------------------------------------------------------------------------
// 80-bit x87 long double emulation (64-bit explicit mantissa, 15-bit exponent), exactly
// rounded with BigInt. INCRBYFLOAT parses both operands with strtold, adds them in long
// double and prints the sum with "%.17Lf" before trimming trailing zeros; doubles would
// print 0.1+0.2 as 0.30000000000000004, long doubles print 0.3.
// ---------------------------------------------------------------------------------------

/** A finite long double: (-1)^neg * m * 2^e, m < 2^64 (normalised unless subnormal). */
export interface LongDouble {
  neg: boolean;
  m: bigint;
  e: number;
}

/** Smallest exponent of the unit in the last place (subnormal minimum 2^-16445). */
const LD_MIN_EXP = -16445;
/** Largest exponent with a 64-bit mantissa: values must stay below 2^16384. */
const LD_MAX_EXP = 16384 - 64;
const MANT_BITS = 64;

function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  // toString(16) is cheap and exact: 4 bits per hex digit, minus the leading zeros.
  const h = n.toString(16);
  const d = parseInt(h[0]!, 16);
  return (h.length - 1) * 4 + (32 - Math.clz32(d));
}

/**
 * Round the exact value n * 2^e (plus a positive amount below the last bit of n when
 * `sticky`) to the nearest long double, ties to even. Returns null on overflow.
 */
function roundLD(neg: boolean, n: bigint, e: number, sticky: boolean): LongDouble | null {
  if (n === 0n) return { neg, m: 0n, e: 0 };
  const L = bitLength(n);
  let s = L - MANT_BITS;
  if (e + s < LD_MIN_EXP) s = LD_MIN_EXP - e;
  let m: bigint;
  if (s > 0) {
    const sb = BigInt(s);
    m = n >> sb;
    const rem = n & ((1n << sb) - 1n);
    const half = 1n << (sb - 1n);
    if (rem > half || (rem === half && (sticky || (m & 1n) === 1n))) m += 1n;
    if (m === 1n << 64n) {
      m >>= 1n;
      s += 1;
    }
  } else {
    // Exact (callers give at least 66 significant bits when sticky can be set).
    m = n << BigInt(-s);
  }
  const ne = e + s;
  if (m === 0n) return { neg, m: 0n, e: 0 };
  if (ne > LD_MAX_EXP) return null;
  return { neg, m, e: ne };
}

function pow10(k: number): bigint {
  return 10n ** BigInt(k);
}

/** Exact value num/den (both > 0, or num = 0) rounded to a long double; null on overflow. */
function ratioToLD(neg: boolean, num: bigint, den: bigint): LongDouble | null {
  if (num === 0n) return { neg, m: 0n, e: 0 };
  if (den === 1n) return roundLD(neg, num, 0, false);
  const t = Math.max(0, bitLength(den) - bitLength(num) + MANT_BITS + 3);
  const shifted = num << BigInt(t);
  const q = shifted / den;
  const r = shifted - q * den;
  return roundLD(neg, q, -t, r !== 0n);
}

const DEC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?/;
const INF_RE = /^([+-]?)(?:infinity|inf)$/i;

export type LongDoubleParse = LongDouble | 'inf' | '-inf' | null;

/**
 * strtold as Redis's getLongDoubleFromObject uses it: the whole string must be consumed,
 * no leading whitespace, NaN and out-of-range values (overflow, or underflow to zero)
 * rejected. Returns null when Redis would answer "value is not a valid float".
 */
export function parseLongDouble(s: string): LongDoubleParse {
  const len = s.length;
  if (len === 0 || len >= 5 * 1024) return null; // copied into a 5 KB buffer with its NUL
  const c0 = s.charCodeAt(0);
  if (c0 === 32 || (c0 >= 9 && c0 <= 13)) return null;
  const inf = INF_RE.exec(s);
  if (inf) return inf[1] === '-' ? '-inf' : 'inf';
  const hex = HEX_RE.exec(s);
  if (hex && hex[0].length === len && (hex[2]!.length > 0 || (hex[3] ?? '').length > 0)) {
    const neg = hex[1] === '-';
    const digits = hex[2]! + (hex[3] ?? '');
    let exp = hex[4] !== undefined ? Number(hex[4]) : 0;
    exp -= 4 * (hex[3] ?? '').length;
    if (!Number.isFinite(exp) || Math.abs(exp) > 100000) return null;
    const n = BigInt('0x' + digits);
    if (n === 0n) return { neg, m: 0n, e: 0 };
    let r: LongDouble | null;
    if (exp >= 0) r = roundLD(neg, n, exp, false);
    else {
      // Guarantee enough bits so that roundLD's sticky handling stays exact.
      const L = bitLength(n);
      const pad = Math.max(0, MANT_BITS + 3 - L);
      r = roundLD(neg, n << BigInt(pad), exp - pad, false);
    }
    if (r === null || r.m === 0n) return null;
    return r;
  }
  const m = DEC_RE.exec(s);
  if (!m || m[0].length !== len) return null;
  const intDigits = m[2]!;
  const fracDigits = m[3] ?? '';
  if (intDigits.length === 0 && fracDigits.length === 0) return null;
  const neg = m[1] === '-';
  let exp10 = m[4] !== undefined ? Number(m[4]) : 0;
  const all = (intDigits + fracDigits).replace(/^0+/, '');
  if (all.length === 0) return { neg, m: 0n, e: 0 };
  exp10 -= fracDigits.length;
  // Far outside the long double range: avoid giant BigInts.
  const magnitude = exp10 + all.length; // value < 10^magnitude
  if (magnitude > 4940) return null; // overflow → HUGE_VALL, ERANGE
  if (magnitude < -4960) return null; // underflow to zero, ERANGE
  const n = BigInt(all);
  const r = exp10 >= 0 ? ratioToLD(neg, n * pow10(exp10), 1n) : ratioToLD(neg, n, pow10(-exp10));
  if (r === null || r.m === 0n) return null;
  return r;
}

/** Exact sum rounded to a long double; null when it overflows to infinity. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.m === 0n && b.m === 0n) return { neg: a.neg && b.neg, m: 0n, e: 0 };
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const av = a.m << BigInt(a.e - e);
  const bv = b.m << BigInt(b.e - e);
  const sum = (a.neg ? -av : av) + (b.neg ? -bv : bv);
  if (sum === 0n) return { neg: false, m: 0n, e: 0 };
  return sum < 0n ? roundLD(true, -sum, e, false) : roundLD(false, sum, e, false);
}

/**
 * printf("%.17Lf") then Redis's ld2string LD_STR_HUMAN trimming: trailing zeros after
 * the point removed, a bare point removed, "-0" turned into "0".
 */
export function formatLongDoubleHuman(v: LongDouble): string {
  let q: bigint;
  const scaled = v.m * 10n ** 17n;
  if (v.e >= 0) q = scaled << BigInt(v.e);
  else {
    const sh = BigInt(-v.e);
    q = scaled >> sh;
    const rem = scaled & ((1n << sh) - 1n);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  }
  let digits = q.toString();
  if (digits.length < 18) digits = '0'.repeat(18 - digits.length) + digits;
  const ip = digits.slice(0, digits.length - 17);
  let fp = digits.slice(digits.length - 17);
  fp = fp.replace(/0+$/, '');
  let out = (v.neg ? '-' : '') + ip + (fp.length > 0 ? '.' + fp : '');
  if (out === '-0') out = '0';
  return out;
}

/** A long double from a JS double (exact). */
export function longDoubleFromNumber(d: number): LongDouble {
  if (!Number.isFinite(d)) throw new RangeError('not finite');
  const neg = d < 0 || Object.is(d, -0);
  let a = Math.abs(d);
  if (a === 0) return { neg, m: 0n, e: 0 };
  let e = 0;
  while (!Number.isInteger(a)) {
    a *= 2;
    e--;
  }
  return roundLD(neg, BigInt(a), e, false)!;
}

/**
 * INCRBYFLOAT arithmetic on the text forms: the formatted new value, or an error kind.
 * 'nan' also covers infinite results ("increment would produce NaN or Infinity").
 */
export function incrByFloatText(current: string, incr: string): string | 'notfloat' | 'nan' {
  const a = parseLongDouble(current);
  if (a === null) return 'notfloat';
  const b = parseLongDouble(incr);
  if (b === null) return 'notfloat';
  if (typeof a === 'string' || typeof b === 'string') return 'nan'; // inf + x, inf - inf
  const s = addLongDouble(a, b);
  if (s === null) return 'nan';
  return formatLongDoubleHuman(s);
}
