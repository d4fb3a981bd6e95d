// CRC-64 as Redis computes it for RDB files and DUMP payloads: the Jones polynomial
// (0xad93d23594c935a9), reflected input and output, initial value 0, no final xor.
// Check value: crc64("123456789") = 0xe9c6d914c4b8d9ca.
//
// The 64-bit state is kept as two unsigned 32-bit halves so the per-byte loop needs no
// BigInt; a 256-entry table (split into high and low words) is built once at load.

const POLY_REFLECTED = 0x95ac9329ac4bc9b5n;

const TABLE_LO = new Uint32Array(256);
const TABLE_HI = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let crc = BigInt(i);
  for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ POLY_REFLECTED : crc >> 1n;
  TABLE_LO[i] = Number(crc & 0xffffffffn);
  TABLE_HI[i] = Number(crc >> 32n);
}

/**
 * Slicing-by-8 tables: T[k] advances the CRC over a byte followed by k zero bytes, so 8
 * input bytes are folded with 8 lookups. Stored as [k][byte] low words then high words.
 */
const S8_LO = new Uint32Array(8 * 256);
const S8_HI = new Uint32Array(8 * 256);
S8_LO.set(TABLE_LO);
S8_HI.set(TABLE_HI);
for (let k = 1; k < 8; k++) {
  for (let i = 0; i < 256; i++) {
    const plo = S8_LO[(k - 1) * 256 + i]!;
    const phi = S8_HI[(k - 1) * 256 + i]!;
    const idx = plo & 0xff;
    S8_LO[k * 256 + i] = (((plo >>> 8) | (phi << 24)) ^ TABLE_LO[idx]!) >>> 0;
    S8_HI[k * 256 + i] = ((phi >>> 8) ^ TABLE_HI[idx]!) >>> 0;
  }
}

/** CRC-64/Jones of `data[start, end)`, continuing from `crc` (0 to start). */
export function crc64(data: Uint8Array, start = 0, end = data.length, crc = 0n): bigint {
  let lo = Number(crc & 0xffffffffn) >>> 0;
  let hi = Number(crc >> 32n) >>> 0;
  let i = start;
  const L = S8_LO;
  const H = S8_HI;
  for (const stop = end - 7; i < stop; i += 8) {
    const a = (lo ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
    const b = (hi ^ (data[i + 4]! | (data[i + 5]! << 8) | (data[i + 6]! << 16) | (data[i + 7]! << 24))) >>> 0;
    const i7 = 1792 + (a & 0xff);
    const i6 = 1536 + ((a >>> 8) & 0xff);
    const i5 = 1280 + ((a >>> 16) & 0xff);
    const i4 = 1024 + (a >>> 24);
    const i3 = 768 + (b & 0xff);
    const i2 = 512 + ((b >>> 8) & 0xff);
    const i1 = 256 + ((b >>> 16) & 0xff);
    const i0 = b >>> 24;
    lo = (L[i7]! ^ L[i6]! ^ L[i5]! ^ L[i4]! ^ L[i3]! ^ L[i2]! ^ L[i1]! ^ L[i0]!) >>> 0;
    hi = (H[i7]! ^ H[i6]! ^ H[i5]! ^ H[i4]! ^ H[i3]! ^ H[i2]! ^ H[i1]! ^ H[i0]!) >>> 0;
  }
  for (; i < end; i++) {
    const idx = (lo ^ data[i]!) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx]!) >>> 0;
    hi = ((hi >>> 8) ^ TABLE_HI[idx]!) >>> 0;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Byte-at-a-time CRC (the reference the sliced loop is tested against). */
export function crc64Bytewise(data: Uint8Array, start = 0, end = data.length, crc = 0n): bigint {
  let lo = Number(crc & 0xffffffffn) >>> 0;
  let hi = Number(crc >> 32n) >>> 0;
  for (let i = start; i < end; i++) {
    const idx = (lo ^ data[i]!) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx]!) >>> 0;
    hi = ((hi >>> 8) ^ TABLE_HI[idx]!) >>> 0;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Write a 64-bit value little-endian (Redis stores the CRC in host order: x86/ARM = LE). */
export function writeU64LE(out: Uint8Array, pos: number, v: bigint): void {
  for (let i = 0; i < 8; i++) out[pos + i] = Number((v >> BigInt(8 * i)) & 0xffn);
}

/** Read a 64-bit little-endian value. */
export function readU64LE(buf: Uint8Array, pos: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(buf[pos + i]!);
  return v;
}
