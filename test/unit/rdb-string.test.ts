// RDB string helpers behind DUMP/RESTORE: CRC-64/Jones check value, LZF round trips and
// rejection of malformed input, and payload encode/verify/decode round trips. Byte
// identity with Redis's own payloads is checked differentially in integration/keys.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crc64 } from '../../src/persistence/rdb/crc64.js';
import { lzfCompress, lzfDecompress } from '../../src/persistence/rdb/lzf.js';
import { dumpString, loadPayload, verifyPayload } from '../../src/persistence/rdb/dump.js';
import type { RdbLimits } from '../../src/persistence/rdb/objects.js';

const LIMITS: RdbLimits = { hashEntries: 128, hashValue: 64, setIntset: 512, zsetEntries: 128, zsetValue: 64, listFill: -2 };

test('crc64 check value (Jones polynomial, reflected)', () => {
  assert.equal(crc64(Buffer.from('123456789')), 0xe9c6d914c4b8d9can);
  assert.equal(crc64(Buffer.alloc(0)), 0n);
  // Incremental computation equals one pass.
  const b = Buffer.from('hello world, this is a crc test');
  assert.equal(crc64(b, 10, b.length, crc64(b, 0, 10)), crc64(b));
});

const bytesArb = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  // Repetitive data that actually compresses.
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 400 })).map(([u, n]) => {
    const out = new Uint8Array(u.length * n);
    for (let i = 0; i < n; i++) out.set(u, i * u.length);
    return out;
  }),
);

test('lzf: decompress(compress(x)) = x whenever compression succeeds', () => {
  fc.assert(
    fc.property(bytesArb, (data) => {
      const packed = lzfCompress(data, data.length + 64);
      if (data.length === 0) return packed === null;
      assert.ok(packed !== null);
      const back = lzfDecompress(packed, data.length);
      assert.ok(back !== null);
      assert.deepEqual(Buffer.from(back), Buffer.from(data));
      return true;
    }),
    { numRuns: 2000 },
  );
});

test('lzf: compression fails rather than exceed the output budget', () => {
  const data = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 151) % 256));
  assert.equal(lzfCompress(data, data.length - 4), null);
  const rep = Buffer.alloc(1000, 'ab');
  const packed = lzfCompress(rep, rep.length - 4);
  assert.ok(packed !== null && packed.length < 50);
});

test('lzf: malformed input is rejected', () => {
  assert.equal(lzfDecompress(Buffer.from([0x05, 1, 2]), 6), null); // literal run past the end
  assert.equal(lzfDecompress(Buffer.from([0x20, 0x00]), 3), null); // back reference before start
  assert.equal(lzfDecompress(Buffer.from([0x00, 65]), 2), null); // wrong expanded length
  assert.deepEqual(Buffer.from(lzfDecompress(Buffer.from([0x00, 65, 0x20, 0x00]), 4)!), Buffer.from('AAAA'));
});

test('DUMP payloads of strings verify and load back', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.string({ maxLength: 100 }), fc.integer().map(String), fc.constantFrom('0', '-0', '007', '2147483648', 'x'.repeat(500))),
      fc.boolean(),
      (s0, compress) => {
        const s = Buffer.from(s0, 'utf8').toString('latin1');
        const p = dumpString(s, compress);
        assert.ok(verifyPayload(p));
        assert.equal(loadPayload(p, LIMITS).value, s);
        const bad = Buffer.from(p);
        bad.writeUInt8(bad.readUInt8(0) ^ 0x40, 0);
        assert.equal(verifyPayload(bad), false);
        return true;
      },
    ),
    { numRuns: 1000 },
  );
});
