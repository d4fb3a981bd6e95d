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

/** CRC-64/Jones of `data[start, end)`, continuing from `crc` (0 to start). */
export function crc64(data: Uint8Array, start = 0, end = data.length, crc = 0n): bigint {
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
