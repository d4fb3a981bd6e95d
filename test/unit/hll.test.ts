// Unit tests of the HyperLogLog type: the 32-bit-halves MurmurHash64A against a BigInt
// transcription of the algorithm, the empty HLL's bytes, sparse/dense agreement of the
// registers and estimates, and corruption detection.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  murmurHash64A,
  createHll,
  hllAdd,
  hllCount,
  sparseToDense,
  denseRegister,
  sparseDecode,
  HLL_REGISTERS,
  HLL_DENSE_SIZE,
} from '../../src/types/hll.js';
import { RawString } from '../../src/types/string.js';

const MASK = (1n << 64n) - 1n;

/** Reference MurmurHash64A in BigInt (slow, obviously 64-bit). */
function murmurRef(s: string, seed = 0xadc83b19n): bigint {
  const m = 0xc6a4a7935bd1e995n;
  const len = s.length;
  let h = (seed ^ ((BigInt(len) * m) & MASK)) & MASK;
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    let k = 0n;
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(s.charCodeAt(i + j));
    k = (k * m) & MASK;
    k ^= k >> 47n;
    k = (k * m) & MASK;
    h ^= k;
    h = (h * m) & MASK;
  }
  const rem = len & 7;
  if (rem > 0) {
    for (let j = rem - 1; j >= 0; j--) h ^= BigInt(s.charCodeAt(blocks + j)) << BigInt(8 * j);
    h = (h * m) & MASK;
  }
  h ^= h >> 47n;
  h = (h * m) & MASK;
  h ^= h >> 47n;
  return h;
}

test('MurmurHash64A matches a BigInt reference', () => {
  for (const s of ['', 'a', 'abcdefg', 'abcdefgh', 'abcdefghi', '\xff'.repeat(17), 'hello world!']) {
    assert.equal(murmurHash64A(s), murmurRef(s), JSON.stringify(s));
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (a) => {
      const s = Buffer.from(a).toString('latin1');
      return murmurHash64A(s) === murmurRef(s);
    }),
    { numRuns: 500 },
  );
});

test('empty HLL: header plus one XZERO of 16384', () => {
  const o = createHll();
  assert.deepEqual([...o.bytes()], [0x48, 0x59, 0x4c, 0x4c, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0xff]);
  assert.equal(sparseDecode(o), 'Z:16384');
  assert.equal(hllCount(o.buf, o.len), 0);
});

test('sparse and dense representations hold the same registers and estimate', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 10 }), { maxLength: 300 }), (elements) => {
      const sparse = createHll();
      for (const e of elements) hllAdd(sparse, e, 1 << 20);
      const dense = new RawString(Buffer.from(sparse.bytes()), sparse.len);
      assert.ok(sparseToDense(dense));
      assert.equal(dense.len, HLL_DENSE_SIZE);
      assert.equal(hllCount(sparse.buf, sparse.len), hllCount(dense.buf, dense.len));
      // Adding the same elements to a dense HLL changes nothing more.
      for (const e of elements) assert.equal(hllAdd(dense, e, 1 << 20), 0);
      let nonzero = 0;
      for (let i = 0; i < HLL_REGISTERS; i++) if (denseRegister(dense, i) > 0) nonzero++;
      assert.ok(nonzero <= elements.length);
    }),
    { numRuns: 60 },
  );
});

test('corrupted sparse opcodes are detected', () => {
  const short = new RawString(Buffer.from([0x48, 0x59, 0x4c, 0x4c, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x7f, 0xfe]), 18);
  assert.equal(hllCount(short.buf, short.len), -1);
  assert.equal(sparseToDense(short), false);
});
