// LZF compression as used by Redis for RDB strings (liblzf 3.x format: literal runs of up
// to 32 bytes, back references of 3..264 bytes within 8 KiB).
//
// The compressor follows the reference algorithm's exact choices (16-bit hash of three
// bytes, the "very fast" re-hashing after a match, the same limits) so DUMP payloads are
// byte-identical to the ones Redis produces. A candidate match is taken wherever three
// bytes agree within reach, even in the last bytes of the input (no look-ahead limit).
//
// The hash table is NOT cleared between calls: Redis's table is an uninitialised 256 KiB
// array on lzf_compress's stack, which in practice still holds the offsets the previous
// DUMP left there (nothing else in Redis uses the stack that deep). A stale offset is
// only followed when it lies before the current position and the three bytes there match,
// so the output is always valid; keeping the table here reproduces those rare choices.

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

const htab = new Int32Array(HSIZE);

function idx(h: number): number {
  return ((h >>> (3 * 8 - HLOG)) - Math.imul(h, 5)) & (HSIZE - 1);
}

/**
 * Compress `input` into at most `outLen` bytes. Returns the compressed bytes, or null when
 * they would not fit (the caller then stores the string uncompressed).
 */
export function lzfCompress(input: Uint8Array, outLen: number): Uint8Array | null {
  const inLen = input.length;
  if (inLen === 0 || outLen <= 0) return null;
  // One spare byte: the format writes a run header one position ahead.
  const out = new Uint8Array(outLen + 1);
  let ip = 0;
  let op = 1; // start run
  let lit = 0;
  let hval = inLen >= 2 ? (input[0]! << 8) | input[1]! : 0;
  while (ip < inLen - 2) {
    hval = ((hval << 8) | input[ip + 2]!) >>> 0;
    const slot = idx(hval);
    const ref = htab[slot]!;
    htab[slot] = ip;
    const off = ip - ref - 1;
    if (
      ref > 0 &&
      ref < ip &&
      off < MAX_OFF &&
      input[ref] === input[ip] &&
      input[ref + 1] === input[ip + 1] &&
      input[ref + 2] === input[ip + 2]
    ) {
      let len = 2;
      let maxlen = inLen - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      out[op - lit - 1] = (lit - 1) & 0xff; // stop run
      if (lit === 0) op--; // undo run if length is zero
      if (op + 3 + 1 >= outLen) return null;
      // The reference unrolls 16 comparisons without a bound check when maxlen > 16.
      let done = false;
      if (maxlen > 16) {
        for (let k = 0; k < 16; k++) {
          len++;
          if (input[ref + len] !== input[ip + len]) {
            done = true;
            break;
          }
        }
      }
      if (!done) {
        do len++;
        while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2; // now #octets - 1
      ip++;
      if (len < 7) {
        out[op++] = ((off >> 8) + (len << 5)) & 0xff;
      } else {
        out[op++] = ((off >> 8) + (7 << 5)) & 0xff;
        out[op++] = (len - 7) & 0xff;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inLen - 2) break;
      ip -= 2;
      hval = (input[ip]! << 8) | input[ip + 1]!;
      hval = ((hval << 8) | input[ip + 2]!) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
      hval = ((hval << 8) | input[ip + 2]!) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
    } else {
      if (op >= outLen) return null;
      lit++;
      out[op++] = input[ip++]!;
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outLen) return null;
  while (ip < inLen) {
    lit++;
    out[op++] = input[ip++]!;
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = (lit - 1) & 0xff; // end run
  if (lit === 0) op--;
  return out.subarray(0, op);
}

/**
 * Decompress LZF data that must expand to exactly `outLen` bytes. Returns null on any
 * malformed input (a reference before the start, overruns, or a length mismatch).
 */
export function lzfDecompress(input: Uint8Array, outLen: number): Uint8Array | null {
  const out = new Uint8Array(outLen);
  const inEnd = input.length;
  let ip = 0;
  let op = 0;
  while (ip < inEnd) {
    let ctrl = input[ip++]!;
    if (ctrl < 1 << 5) {
      ctrl++;
      if (op + ctrl > outLen) return null;
      if (ip + ctrl > inEnd) return null;
      for (let i = 0; i < ctrl; i++) out[op++] = input[ip++]!;
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (ip >= inEnd) return null;
      if (len === 7) {
        len += input[ip++]!;
        if (ip >= inEnd) return null;
      }
      ref -= input[ip++]!;
      if (op + len + 2 > outLen) return null;
      if (ref < 0) return null;
      len += 2;
      for (let i = 0; i < len; i++) out[op++] = out[ref++]!;
    }
  }
  return op === outLen ? out : null;
}
