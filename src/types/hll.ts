// HyperLogLog: a Redis string value with Redis 7.0's exact byte layout, so GET, STRLEN,
// APPEND, DUMP... see the same bytes as on redis-server.
//
// Layout: a 16-byte header ("HYLL", encoding byte 0 = dense / 1 = sparse, 3 unused
// bytes, 8-byte little-endian cached cardinality whose top bit set means "stale"), then
//  - dense: 16384 registers of 6 bits each, packed little-endian-bitwise (12288 bytes);
//  - sparse: run-length opcodes: ZERO 00xxxxxx (1..64 zero registers), XZERO
//    01xxxxxx yyyyyyyy (1..16384 zero registers), VAL 1vvvvvxx (1..4 registers set to
//    1..32).
// A sparse HLL turns dense when a register needs a value above 32 or when an edit would
// grow the string past hll-sparse-max-bytes. Elements are hashed with MurmurHash64A
// (seed 0xadc83b19, little-endian reads); the low 14 bits pick the register and the run
// of zeros above them (+1) is the candidate value. PFCOUNT uses Otmar Ertl's improved
// estimator with the same floating-point steps as Redis so results are identical.
//
// Values are RawStrings (owned Buffers) edited in place; a dense buffer keeps one spare
// byte after the registers because the packed-register reads touch the byte after the
// last register (Redis relies on sds's NUL terminator for that).

import { RawString } from './string.js';

export const HLL_P = 14;
export const HLL_Q = 64 - HLL_P;
export const HLL_REGISTERS = 1 << HLL_P;
const HLL_P_MASK = HLL_REGISTERS - 1;
const HLL_BITS = 6;
const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + ((HLL_REGISTERS * HLL_BITS + 7) >> 3);
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
const HLL_MAX_ENCODING = 1;

const SPARSE_XZERO_BIT = 0x40;
const SPARSE_VAL_BIT = 0x80;
const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LEN = 4;
const SPARSE_ZERO_MAX_LEN = 64;
const SPARSE_XZERO_MAX_LEN = 16384;
const ALPHA_INF = 0.72134752044448170368; // 0.5 / ln(2)

// ---------------------------------------------------------------------------------------
// MurmurHash64A on 32-bit halves (no BigInt on the hot path).
// ---------------------------------------------------------------------------------------

const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const SEED = 0xadc83b19;

/**
 * Result of mul64 / the hash as unsigned 32-bit halves [hi, lo]. A typed array: module
 * `let` numbers above the small-integer range would be boxed on every write.
 */
const R64 = new Uint32Array(2);

/** (aHi:aLo * bHi:bLo) mod 2^64 into R64. */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const carryHi = p11 + Math.floor(p01 / 65536) + Math.floor(p10 / 65536) + Math.floor(mid / 65536);
  R64[1] = ((mid & 0xffff) * 65536 + (p00 & 0xffff)) >>> 0;
  R64[0] = (carryHi + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
}

/** One 8-byte block k (kHi:kLo) mixed into h (hHi:hLo); result in R64. */
function mixBlock(hHi: number, hLo: number, kHi: number, kLo: number): void {
  mul64(kHi, kLo, M_HI, M_LO);
  kHi = R64[0]!;
  kLo = (R64[1]! ^ (R64[0]! >>> 15)) >>> 0; // k ^= k >> 47
  mul64(kHi, kLo, M_HI, M_LO);
  mul64((hHi ^ R64[0]!) >>> 0, (hLo ^ R64[1]!) >>> 0, M_HI, M_LO);
}

/** Final avalanche of h (hHi:hLo) into R64. */
function finish(hHi: number, hLo: number): void {
  hLo = (hLo ^ (hHi >>> 15)) >>> 0;
  mul64(hHi, hLo, M_HI, M_LO);
  R64[1] = (R64[1]! ^ (R64[0]! >>> 15)) >>> 0;
}

/** MurmurHash64A of a latin1 string with Redis's seed; the hash is left in R64. */
function murmurString(s: string): void {
  const len = s.length;
  mul64(0, len >>> 0, M_HI, M_LO);
  let hHi = R64[0]!;
  let hLo = (R64[1]! ^ SEED) >>> 0;
  const blocks = len - (len & 7);
  let i = 0;
  for (; i < blocks; i += 8) {
    const kLo =
      (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    const kHi =
      (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>>
      0;
    mixBlock(hHi, hLo, kHi, kLo);
    hHi = R64[0]!;
    hLo = R64[1]!;
  }
  const rem = len & 7;
  if (rem !== 0) {
    let tLo = 0;
    let tHi = 0;
    for (let j = rem - 1; j >= 0; j--) {
      const b = s.charCodeAt(i + j);
      if (j >= 4) tHi |= b << ((j - 4) * 8);
      else tLo |= b << (j * 8);
    }
    mul64((hHi ^ tHi) >>> 0, (hLo ^ tLo) >>> 0, M_HI, M_LO);
    hHi = R64[0]!;
    hLo = R64[1]!;
  }
  finish(hHi, hLo);
}

/** MurmurHash64A of the 8 little-endian bytes of a 64-bit integer (PFSELFTEST elements). */
function murmurU64(vHi: number, vLo: number): void {
  mul64(0, 8, M_HI, M_LO);
  mixBlock(R64[0]!, (R64[1]! ^ SEED) >>> 0, vHi, vLo);
  finish(R64[0]!, R64[1]!);
}

/** Register index of the element last given to patLen. */
let patIndex = 0;

/** Register index and zero-run length (+1) of the hash in R64. */
function patFromHash(): number {
  patIndex = R64[1]! & HLL_P_MASK;
  const low = R64[1]! >>> HLL_P;
  if (low !== 0) return 32 - Math.clz32(low & -low);
  if (R64[0]! !== 0) return 18 + 32 - Math.clz32(R64[0]! & -R64[0]!);
  return HLL_Q + 1;
}

/** Redis's hllPatLen: returns the count; the register index is left in patIndex. */
export function patLen(ele: string): number {
  murmurString(ele);
  return patFromHash();
}

/** The 64-bit MurmurHash64A of a string as a bigint (tests). */
export function murmurHash64A(s: string): bigint {
  murmurString(s);
  return (BigInt(R64[0]!) << 32n) | BigInt(R64[1]!);
}

export function lastPatIndex(): number {
  return patIndex;
}

// ---------------------------------------------------------------------------------------
// Header and validation
// ---------------------------------------------------------------------------------------

/**
 * Redis's isHLLObjectOrReply format checks on a string's bytes: long enough for the
 * header, "HYLL" magic, a known encoding, and the exact size when dense.
 */
export function isHllBytes(b: Uint8Array, len: number): boolean {
  if (len < HLL_HDR_SIZE) return false;
  if (b[0] !== 72 || b[1] !== 89 || b[2] !== 76 || b[3] !== 76) return false;
  const enc = b[4]!;
  if (enc > HLL_MAX_ENCODING) return false;
  if (enc === HLL_DENSE && len !== HLL_DENSE_SIZE) return false;
  return true;
}

/** Same checks on a latin1 string (values stored as plain strings). */
export function isHllString(s: string): boolean {
  const len = s.length;
  if (len < HLL_HDR_SIZE) return false;
  if (s.charCodeAt(0) !== 72 || s.charCodeAt(1) !== 89 || s.charCodeAt(2) !== 76 || s.charCodeAt(3) !== 76) {
    return false;
  }
  const enc = s.charCodeAt(4);
  if (enc > HLL_MAX_ENCODING) return false;
  if (enc === HLL_DENSE && len !== HLL_DENSE_SIZE) return false;
  return true;
}

/** A new empty HLL: sparse, a single XZERO opcode covering every register. */
export function createHll(): RawString {
  const sparseLen = HLL_HDR_SIZE + Math.floor((HLL_REGISTERS + (SPARSE_XZERO_MAX_LEN - 1)) / SPARSE_XZERO_MAX_LEN) * 2;
  const o = RawString.zeros(sparseLen);
  const b = o.buf;
  b[0] = 72; // H
  b[1] = 89; // Y
  b[2] = 76; // L
  b[3] = 76; // L
  b[4] = HLL_SPARSE;
  let p = HLL_HDR_SIZE;
  let aux = HLL_REGISTERS;
  while (aux > 0) {
    const xz = aux < SPARSE_XZERO_MAX_LEN ? aux : SPARSE_XZERO_MAX_LEN;
    b[p] = ((xz - 1) >> 8) | SPARSE_XZERO_BIT;
    b[p + 1] = (xz - 1) & 0xff;
    p += 2;
    aux -= xz;
  }
  return o;
}

export function invalidateCache(b: Uint8Array): void {
  b[15] = b[15]! | 0x80;
}

export function cacheValid(b: Uint8Array): boolean {
  return (b[15]! & 0x80) === 0;
}

/** The cached cardinality (valid cache, so below 2^63). */
export function readCache(b: Uint8Array): number | bigint {
  const lo = (b[8]! | (b[9]! << 8) | (b[10]! << 16) | (b[11]! << 24)) >>> 0;
  const hi = (b[12]! | (b[13]! << 8) | (b[14]! << 16) | (b[15]! << 24)) >>> 0;
  if (hi < 0x200000) return hi * 4294967296 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

export function writeCache(b: Uint8Array, card: number): void {
  let v = card;
  for (let i = 8; i < 16; i++) {
    b[i] = v % 256;
    v = Math.floor(v / 256);
  }
}

// ---------------------------------------------------------------------------------------
// Dense registers
// ---------------------------------------------------------------------------------------

function denseGet(b: Uint8Array, base: number, reg: number): number {
  const bit = reg * HLL_BITS;
  const byte = base + (bit >> 3);
  const fb = bit & 7;
  const b0 = b[byte]!;
  const b1 = b[byte + 1] ?? 0;
  return ((b0 >> fb) | (b1 << (8 - fb))) & HLL_REGISTER_MAX;
}

function denseSetReg(b: Uint8Array, base: number, reg: number, val: number): void {
  const bit = reg * HLL_BITS;
  const byte = base + (bit >> 3);
  const fb = bit & 7;
  const fb8 = 8 - fb;
  b[byte] = (b[byte]! & ~(HLL_REGISTER_MAX << fb)) | ((val << fb) & 0xff);
  if (byte + 1 < b.length) b[byte + 1] = (b[byte + 1]! & ~(HLL_REGISTER_MAX >> fb8)) | (val >> fb8);
}

/** Redis's hllDenseSet: raise a register; 1 if it changed. */
function denseSet(b: Uint8Array, index: number, count: number): number {
  const old = denseGet(b, HLL_HDR_SIZE, index);
  if (count > old) {
    denseSetReg(b, HLL_HDR_SIZE, index, count);
    return 1;
  }
  return 0;
}

/** Register value of a dense HLL (PFDEBUG GETREG). */
export function denseRegister(o: RawString, index: number): number {
  return denseGet(o.buf, HLL_HDR_SIZE, index);
}

// ---------------------------------------------------------------------------------------
// Sparse representation
// ---------------------------------------------------------------------------------------

/**
 * Redis's hllSparseToDense: rewrite a sparse HLL as dense in place (the cached
 * cardinality bytes are kept). False when the opcodes do not cover exactly 16384
 * registers (corrupted).
 */
export function sparseToDense(o: RawString): boolean {
  const src = o.buf;
  if (src[4] === HLL_DENSE) return true;
  const dense = Buffer.alloc(HLL_DENSE_SIZE + 1);
  src.copy(dense, 0, 0, HLL_HDR_SIZE);
  dense[4] = HLL_DENSE;
  let idx = 0;
  let p = HLL_HDR_SIZE;
  const end = o.len;
  while (p < end) {
    const op = src[p]!;
    if ((op & 0xc0) === 0) {
      idx += (op & 0x3f) + 1;
      p++;
    } else if ((op & 0xc0) === SPARSE_XZERO_BIT) {
      idx += (((op & 0x3f) << 8) | (src[p + 1] ?? 0)) + 1;
      p += 2;
    } else {
      let runlen = (op & 3) + 1;
      const val = ((op >> 2) & 0x1f) + 1;
      if (runlen + idx > HLL_REGISTERS) break;
      while (runlen-- > 0) denseSetReg(dense, HLL_HDR_SIZE, idx++, val);
      p++;
    }
  }
  if (idx !== HLL_REGISTERS) return false;
  o.buf = dense;
  o.len = HLL_DENSE_SIZE;
  return true;
}

const seq = new Uint8Array(5);

/**
 * Redis's hllSparseSet: raise register `index` to `count` in a sparse HLL, splitting
 * the opcode that covers it, merging equal adjacent VALs, or promoting to dense. Returns
 * 1 if changed, 0 if not, -1 if the representation is corrupted.
 */
function sparseSet(o: RawString, index: number, count: number, sparseMax: number): number {
  if (count > SPARSE_VAL_MAX_VALUE) return promote(o, index, count);
  o.reserve(o.len + 3);
  let b = o.buf;
  const sparse = HLL_HDR_SIZE;
  let p = sparse;
  let end = o.len;
  let first = 0;
  let prev = -1;
  let span = 0;
  while (p < end) {
    const op = b[p]!;
    let oplen = 1;
    if ((op & 0xc0) === 0) span = (op & 0x3f) + 1;
    else if (op & SPARSE_VAL_BIT) span = (op & 3) + 1;
    else {
      span = (((op & 0x3f) << 8) | (b[p + 1] ?? 0)) + 1;
      oplen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= end) return -1;
  const op = b[p]!;
  const isXzero = (op & 0xc0) === SPARSE_XZERO_BIT;
  let next = isXzero ? p + 2 : p + 1;
  if (next >= end) next = -1;
  let isZero = false;
  let isVal = false;
  let runlen: number;
  if ((op & 0xc0) === 0) {
    isZero = true;
    runlen = (op & 0x3f) + 1;
  } else if (isXzero) {
    runlen = (((op & 0x3f) << 8) | b[p + 1]!) + 1;
  } else {
    isVal = true;
    runlen = (op & 3) + 1;
  }

  let updated = false;
  if (isVal) {
    const old = ((op >> 2) & 0x1f) + 1;
    if (old >= count) return 0;
    if (runlen === 1) {
      b[p] = ((count - 1) << 2) | SPARSE_VAL_BIT;
      updated = true;
    }
  }
  if (!updated && isZero && runlen === 1) {
    b[p] = ((count - 1) << 2) | SPARSE_VAL_BIT;
    updated = true;
  }
  if (!updated) {
    let n = 0;
    const last = first + span - 1;
    if (isZero || isXzero) {
      if (index !== first) {
        const len = index - first;
        if (len > SPARSE_ZERO_MAX_LEN) {
          seq[n++] = ((len - 1) >> 8) | SPARSE_XZERO_BIT;
          seq[n++] = (len - 1) & 0xff;
        } else {
          seq[n++] = len - 1;
        }
      }
      seq[n++] = ((count - 1) << 2) | SPARSE_VAL_BIT;
      if (index !== last) {
        const len = last - index;
        if (len > SPARSE_ZERO_MAX_LEN) {
          seq[n++] = ((len - 1) >> 8) | SPARSE_XZERO_BIT;
          seq[n++] = (len - 1) & 0xff;
        } else {
          seq[n++] = len - 1;
        }
      }
    } else {
      const curval = ((op >> 2) & 0x1f) + 1;
      if (index !== first) seq[n++] = ((curval - 1) << 2) | (index - first - 1) | SPARSE_VAL_BIT;
      seq[n++] = ((count - 1) << 2) | SPARSE_VAL_BIT;
      if (index !== last) seq[n++] = ((curval - 1) << 2) | (last - index - 1) | SPARSE_VAL_BIT;
    }
    const oldlen = isXzero ? 2 : 1;
    const delta = n - oldlen;
    if (delta > 0 && o.len + delta > sparseMax) return promote(o, index, count);
    if (delta !== 0 && next >= 0) b.copyWithin(next + delta, next, end);
    o.len += delta;
    for (let i = 0; i < n; i++) b[p + i] = seq[i]!;
    end += delta;
  }

  // Merge adjacent VAL opcodes with the same value, scanning up to 5 opcodes from prev.
  b = o.buf;
  p = prev >= 0 ? prev : sparse;
  let scan = 5;
  while (p < end && scan-- > 0) {
    const op2 = b[p]!;
    if ((op2 & 0xc0) === SPARSE_XZERO_BIT) {
      p += 2;
      continue;
    } else if ((op2 & 0xc0) === 0) {
      p++;
      continue;
    }
    if (p + 1 < end && b[p + 1]! & SPARSE_VAL_BIT) {
      const v1 = ((op2 >> 2) & 0x1f) + 1;
      const nb = b[p + 1]!;
      const v2 = ((nb >> 2) & 0x1f) + 1;
      if (v1 === v2) {
        const len = (op2 & 3) + 1 + (nb & 3) + 1;
        if (len <= SPARSE_VAL_MAX_LEN) {
          b[p + 1] = ((v1 - 1) << 2) | (len - 1) | SPARSE_VAL_BIT;
          b.copyWithin(p, p + 1, end);
          o.len--;
          end--;
          continue;
        }
      }
    }
    p++;
  }
  invalidateCache(b);
  return 1;
}

function promote(o: RawString, index: number, count: number): number {
  if (!sparseToDense(o)) return -1;
  return denseSet(o.buf, index, count);
}

/** Redis's hllAdd: 1 if a register changed, 0 if not, -1 if corrupted. */
export function hllAdd(o: RawString, ele: string, sparseMax: number): number {
  const count = patLen(ele);
  return hllSet(o, patIndex, count, sparseMax);
}

/** Raise one register whatever the encoding (1 changed, 0 not, -1 corrupted). */
export function hllSet(o: RawString, index: number, count: number, sparseMax: number): number {
  const enc = o.buf[4];
  if (enc === HLL_DENSE) return denseSet(o.buf, index, count);
  if (enc === HLL_SPARSE) return sparseSet(o, index, count, sparseMax);
  return -1;
}

// ---------------------------------------------------------------------------------------
// Counting and merging
// ---------------------------------------------------------------------------------------

const reghisto = new Float64Array(64);

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let zPrime: number;
  let y = 1;
  let z = x;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let zPrime: number;
  let y = 1.0;
  let z = 1 - x;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

/** Ertl's estimator over the histogram in reghisto, as Redis's hllCount. */
function estimate(): number {
  const m = HLL_REGISTERS;
  let z = m * tau((m - reghisto[HLL_Q + 1]!) / m);
  for (let j = HLL_Q; j >= 1; --j) {
    z += reghisto[j]!;
    z *= 0.5;
  }
  z += m * sigma(reghisto[0]! / m);
  const e = (ALPHA_INF * m * m) / z;
  return Math.round(e); // llroundl: halves away from zero (e >= 0)
}

/**
 * Cardinality estimate of an HLL value (dense or sparse bytes). Returns -1 when a sparse
 * representation does not cover exactly 16384 registers.
 */
export function hllCount(b: Uint8Array, len: number): number {
  reghisto.fill(0);
  let invalid = false;
  if (b[4] === HLL_DENSE) {
    for (let j = 0; j < HLL_REGISTERS; j++) reghisto[denseGet(b, HLL_HDR_SIZE, j)]!++;
  } else {
    let idx = 0;
    let p = HLL_HDR_SIZE;
    while (p < len) {
      const op = b[p]!;
      if ((op & 0xc0) === 0) {
        const r = (op & 0x3f) + 1;
        idx += r;
        reghisto[0] = reghisto[0]! + r;
        p++;
      } else if ((op & 0xc0) === SPARSE_XZERO_BIT) {
        const r = (((op & 0x3f) << 8) | (b[p + 1] ?? 0)) + 1;
        idx += r;
        reghisto[0] = reghisto[0]! + r;
        p += 2;
      } else {
        const r = (op & 3) + 1;
        idx += r;
        const k = ((op >> 2) & 0x1f) + 1;
        reghisto[k] = reghisto[k]! + r;
        p++;
      }
    }
    if (idx !== HLL_REGISTERS) invalid = true;
  }
  const e = estimate();
  return invalid ? -1 : e;
}

/** Cardinality of one register per byte (the union computed by a multi-key PFCOUNT). */
export function hllCountRaw(max: Uint8Array): number {
  reghisto.fill(0);
  for (let j = 0; j < HLL_REGISTERS; j++) reghisto[max[j]!]!++;
  return estimate();
}

/**
 * Redis's hllMerge: max[i] = MAX(max[i], register i). False if a sparse HLL is
 * corrupted. The value must already have passed the format checks.
 */
export function hllMerge(max: Uint8Array, b: Uint8Array, len: number): boolean {
  if (b[4] === HLL_DENSE) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGet(b, HLL_HDR_SIZE, i);
      if (v > max[i]!) max[i] = v;
    }
    return true;
  }
  let i = 0;
  let p = HLL_HDR_SIZE;
  while (p < len) {
    const op = b[p]!;
    if ((op & 0xc0) === 0) {
      i += (op & 0x3f) + 1;
      p++;
    } else if ((op & 0xc0) === SPARSE_XZERO_BIT) {
      i += (((op & 0x3f) << 8) | (b[p + 1] ?? 0)) + 1;
      p += 2;
    } else {
      let runlen = (op & 3) + 1;
      const val = ((op >> 2) & 0x1f) + 1;
      if (runlen + i > HLL_REGISTERS) break;
      while (runlen-- > 0) {
        if (val > max[i]!) max[i] = val;
        i++;
      }
      p++;
    }
  }
  return i === HLL_REGISTERS;
}

/** PFDEBUG DECODE text of a sparse HLL ("z:N", "Z:N", "v:V,N" separated by spaces). */
export function sparseDecode(o: RawString): string {
  const b = o.buf;
  const parts: string[] = [];
  let p = HLL_HDR_SIZE;
  while (p < o.len) {
    const op = b[p]!;
    if ((op & 0xc0) === 0) {
      parts.push(`z:${(op & 0x3f) + 1}`);
      p++;
    } else if ((op & 0xc0) === SPARSE_XZERO_BIT) {
      parts.push(`Z:${(((op & 0x3f) << 8) | (p + 1 < o.len ? b[p + 1]! : 0)) + 1}`);
      p += 2;
    } else {
      parts.push(`v:${((op >> 2) & 0x1f) + 1},${(op & 3) + 1}`);
      p++;
    }
  }
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------
// PFSELFTEST
// ---------------------------------------------------------------------------------------

function rand31(): number {
  return Math.floor(Math.random() * 0x80000000);
}

/**
 * Redis's PFSELFTEST: packed register access, then dense and sparse HLLs fed the same 10M
 * elements must agree and stay within error bounds. Returns null on success or the
 * TESTFAILED message.
 */
export function hllSelfTest(sparseMax: number): string | null {
  const bits = Buffer.alloc(HLL_DENSE_SIZE + 1);
  const bytes = new Uint8Array(HLL_REGISTERS);
  for (let j = 0; j < 1000; j++) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const r = rand31() & HLL_REGISTER_MAX;
      bytes[i] = r;
      denseSetReg(bits, HLL_HDR_SIZE, i, r);
    }
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGet(bits, HLL_HDR_SIZE, i);
      if (v !== bytes[i]) return `TESTFAILED Register ${i} should be ${bytes[i]} but is ${v}`;
    }
  }
  bits.fill(0, HLL_HDR_SIZE);
  const o = createHll();
  const relerr = 1.04 / Math.sqrt(HLL_REGISTERS);
  let checkpoint = 1;
  const seedLo = rand31();
  const seedHi = rand31();
  for (let j = 1; j <= 10000000; j++) {
    const eLo = (j ^ seedLo) >>> 0;
    murmurU64(seedHi, eLo);
    const count = patFromHash();
    denseSet(bits, patIndex, count);
    hllSet(o, patIndex, count, sparseMax);
    if (j === checkpoint) {
      if (j < sparseMax / 2 && o.buf[4] !== HLL_SPARSE) return 'TESTFAILED sparse encoding not used';
      const dense = hllCount(bits, HLL_DENSE_SIZE);
      if (dense !== hllCount(o.buf, o.len)) return 'TESTFAILED dense/sparse disagree';
      let abserr = checkpoint - dense;
      let maxerr = Math.ceil(relerr * 6 * checkpoint);
      if (j === 10) maxerr = 1;
      if (abserr < 0) abserr = -abserr;
      if (abserr > maxerr) return `TESTFAILED Too big error. card:${checkpoint} abserr:${abserr}`;
      checkpoint *= 10;
    }
  }
  return null;
}
