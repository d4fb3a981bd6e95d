// Differential tests of the bit commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP,
// BITFIELD, BITFIELD_RO) against real Redis 7.0, byte for byte in RESP2 and RESP3,
// including fast-check generated ranges and BITFIELD overflow arithmetic.
import assert from 'node:assert/strict';
import { sharedPair, assertSameInBothProtocols, type Cmd } from '../helpers.js';
import fc from 'fast-check';

const oracle = sharedPair();

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';

oracle.test('SETBIT and GETBIT', async (pair) => {
  await assertSameInBothProtocols(pair, [
    ['SETBIT', 'b', '7', '1'],
    ['GET', 'b'],
    ['SETBIT', 'b', '7', '1'],
    ['SETBIT', 'b', '7', '0'],
    ['SETBIT', 'b', '100', '1'],
    ['GET', 'b'],
    ['STRLEN', 'b'],
    ['GETBIT', 'b', '100'],
    ['GETBIT', 'b', '101'],
    ['GETBIT', 'b', '1000000'],
    ['GETBIT', 'nokey', '0'],
    ['SETBIT', 'b', '-1', '1'],
    ['SETBIT', 'b', 'x', '1'],
    ['SETBIT', 'b', '1', '2'],
    ['SETBIT', 'b', '1', '-1'],
    ['SETBIT', 'b', '1', 'x'],
    ['SETBIT', 'b', '4294967296', '1'],
    ['SETBIT', 'b', '4294967295', 'x'],
    ['SETBIT', 'b', MAX, '1'],
    ['GETBIT', 'b', '-1'],
    ['GETBIT', 'b', '4294967296'],
    ['GETBIT', 'b', '4294967295'],
    ['GETBIT', 'b', '1.5'],
    ['SET', 'i', '12'],
    ['GETBIT', 'i', '2'],
    ['GETBIT', 'i', '3'],
    ['SETBIT', 'i', '6', '1'],
    ['GET', 'i'],
    ['LPUSH', 'l', 'x'],
    ['SETBIT', 'l', '0', '1'],
    ['GETBIT', 'l', '0'],
    ['SETBIT', 'l', '-1', '1'],
  ]);
});

oracle.test('BITCOUNT byte and bit ranges', async (pair) => {
  const cmds: Cmd[] = [
    ['SET', 's', 'foobar'],
    ['BITCOUNT', 's'],
    ['BITCOUNT', 's', '0'],
    ['BITCOUNT', 's', '0', '0', 'bit', 'x'],
    ['BITCOUNT', 's', '0', '1', 'foo'],
    ['BITCOUNT', 's', 'a', '1'],
    ['BITCOUNT', 's', '0', 'b'],
    ['BITCOUNT', 'nokey', 'a', 'b'],
    ['BITCOUNT', 'nokey', '0'],
    ['BITCOUNT', 'nokey'],
    ['SET', 'e', ''],
    ['BITCOUNT', 'e'],
    ['BITCOUNT', 'e', '0', '-1'],
    ['BITCOUNT', 'e', '0', '-1', 'BIT'],
    ['SET', 'n', '1234567'],
    ['BITCOUNT', 'n', '1', '3'],
    ['LPUSH', 'l', 'x'],
    ['BITCOUNT', 'l'],
    ['BITCOUNT', 'l', 'a', 'b'],
    ['SET', 'bin', Buffer.from([0xff, 0x00, 0xf0, 0x0f, 0xaa, 0x55, 0x80, 0x01])],
  ];
  const idx = ['0', '1', '2', '5', '7', '8', '9', '15', '63', '64', '100', '-1', '-2', '-7', '-8', '-9', '-64', '-65', '-100', MAX, MIN];
  for (const a of idx) for (const b of idx) {
    cmds.push(['BITCOUNT', 'bin', a, b], ['BITCOUNT', 'bin', a, b, 'BIT']);
  }
  cmds.push(['BITCOUNT', 's', '1', '3', 'byte'], ['BITCOUNT', 's', '1', '3', 'Bit']);
  await assertSameInBothProtocols(pair, cmds);
});

oracle.test('BITPOS byte and bit ranges', async (pair) => {
  const cmds: Cmd[] = [
    ['BITPOS', 'nokey', '0'],
    ['BITPOS', 'nokey', '1'],
    ['BITPOS', 'nokey', '1', 'x'],
    ['BITPOS', 'nokey', '2'],
    ['BITPOS', 'nokey', 'x'],
    ['SET', 'e', ''],
    ['BITPOS', 'e', '0'],
    ['BITPOS', 'e', '1'],
    ['BITPOS', 'e', '0', '0', '-1', 'bit'],
    ['SET', 'ff', Buffer.from([0xff, 0xff, 0xff])],
    ['BITPOS', 'ff', '0'],
    ['BITPOS', 'ff', '0', '1'],
    ['BITPOS', 'ff', '0', '1', '-1'],
    ['BITPOS', 'ff', '0', '0', '-1', 'BIT'],
    ['BITPOS', 'ff', '0', '3', 'BIT'],
    ['BITPOS', 'ff', '0', '3', '-1', 'BIT', 'x'],
    ['BITPOS', 'ff', '0', '3', '-1', 'foo'],
    ['BITPOS', 'ff', '0', 'x', '-1', 'foo'],
    ['BITPOS', 'ff', '0', '0', 'x', 'foo'],
    ['BITPOS', 'ff', '0', '0', 'x'],
    ['SET', 'z', Buffer.from([0, 0, 0])],
    ['BITPOS', 'z', '1'],
    ['BITPOS', 'z', '0'],
    ['BITPOS', 'z', '1', '1'],
    ['LPUSH', 'l', 'x'],
    ['BITPOS', 'l', '1'],
    ['BITPOS', 'l', '3'],
    ['SET', 'bin', Buffer.from([0x00, 0xff, 0xf0, 0x0f, 0x80, 0x01, 0xfe, 0x7f])],
  ];
  const idx = ['0', '1', '3', '7', '8', '9', '12', '31', '63', '64', '-1', '-2', '-8', '-9', '-63', '-64', '-65', '100', MIN, MAX];
  for (const bit of ['0', '1']) {
    cmds.push(['BITPOS', 'bin', bit]);
    for (const a of idx) {
      cmds.push(['BITPOS', 'bin', bit, a], ['BITPOS', 'ff', bit, a], ['BITPOS', 'z', bit, a]);
      for (const b of idx) {
        cmds.push(['BITPOS', 'bin', bit, a, b], ['BITPOS', 'bin', bit, a, b, 'BIT'], ['BITPOS', 'bin', bit, a, b, 'BYTE']);
        cmds.push(['BITPOS', 'ff', bit, a, b, 'BIT'], ['BITPOS', 'z', bit, a, b, 'BIT']);
      }
    }
  }
  await assertSameInBothProtocols(pair, cmds);
});

oracle.test('BITPOS and BITCOUNT on random strings (fast-check)', async (pair) => {
  const p = pair;
  await p.both('FLUSHALL');
  const idx = fc.integer({ min: -80, max: 80 }).map(String);
  await fc.assert(
    fc.asyncProperty(
      fc.uint8Array({ maxLength: 10 }).map((a) => Buffer.from(a.map((x) => (x < 100 ? 0 : x > 200 ? 255 : x)))),
      fc.constantFrom('0', '1'),
      idx,
      idx,
      fc.constantFrom('BIT', 'BYTE', ''),
      async (buf, bit, a, b, unit) => {
        await p.both('SET', 'k', buf);
        const u = unit === '' ? [] : [unit];
        for (const cmd of [
          ['BITPOS', 'k', bit, a, b, ...u],
          ['BITPOS', 'k', bit, a],
          ['BITCOUNT', 'k', a, b, ...u],
        ]) {
          const [x, y] = await p.both(...cmd);
          assert.equal(x, y, `${cmd.join(' ')} on ${buf.toString('hex')}`);
        }
      },
    ),
    { numRuns: 300 },
  );
});

oracle.test('BITOP', async (pair) => {
  await assertSameInBothProtocols(pair, [
    ['MSET', 'a', Buffer.from([0xff, 0x0f, 0x55]), 'b', Buffer.from([0xf0, 0xff]), 'c', ''],
    ['BITOP', 'AND', 'd', 'a', 'b'],
    ['GET', 'd'],
    ['BITOP', 'or', 'd', 'a', 'b'],
    ['GET', 'd'],
    ['BITOP', 'XOR', 'd', 'a', 'b', 'a'],
    ['GET', 'd'],
    ['BITOP', 'NOT', 'd', 'a'],
    ['GET', 'd'],
    ['BITOP', 'NOT', 'd', 'a', 'b'],
    ['BITOP', 'NOT', 'd', 'nokey'],
    ['EXISTS', 'd'],
    ['SET', 'd', 'x'],
    ['BITOP', 'AND', 'd', 'nokey', 'nokey2'],
    ['EXISTS', 'd'],
    ['BITOP', 'AND', 'd', 'a', 'nokey'],
    ['GET', 'd'],
    ['BITOP', 'OR', 'd', 'nokey', 'a'],
    ['GET', 'd'],
    ['BITOP', 'AND', 'd', 'c', 'a'],
    ['GET', 'd'],
    ['BITOP', 'OR', 'a', 'a', 'b'],
    ['GET', 'a'],
    ['BITOP', 'NAND', 'd', 'a'],
    ['BITOP', 'AND', 'd'],
    ['LPUSH', 'l', 'x'],
    ['BITOP', 'AND', 'd', 'a', 'l'],
    ['BITOP', 'AND', 'l', 'a'],
    ['GET', 'l'],
    ['SET', 't', 'v', 'EX', '1000'],
    ['BITOP', 'NOT', 't', 'a'],
    ['TTL', 't'],
    ['SET', 'n', '123'],
    ['BITOP', 'NOT', 'd', 'n'],
    ['GET', 'd'],
  ]);
});

oracle.test('BITFIELD and BITFIELD_RO', async (pair) => {
  const cmds: Cmd[] = [
    ['BITFIELD', 'f'],
    ['EXISTS', 'f'],
    ['BITFIELD', 'f', 'GET', 'u8', '0'],
    ['EXISTS', 'f'],
    ['BITFIELD', 'f', 'SET', 'i8', '0', '-100', 'GET', 'u8', '0', 'GET', 'i8', '0'],
    ['GET', 'f'],
    ['BITFIELD', 'f', 'INCRBY', 'u2', '100', '1', 'OVERFLOW', 'SAT', 'incrby', 'u2', '102', '1'],
    ['BITFIELD', 'f', 'SET', 'u8', '#1', '255', 'GET', 'u4', '#3', 'GET', 'i4', '#3'],
    ['GET', 'f'],
    ['BITFIELD', 'f', 'GET', 'i64', '0', 'GET', 'u63', '1', 'GET', 'i64', '#1'],
    ['BITFIELD', 'f', 'GET', 'u64', '0'],
    ['BITFIELD', 'f', 'GET', 'i65', '0'],
    ['BITFIELD', 'f', 'GET', 'i0', '0'],
    ['BITFIELD', 'f', 'GET', 'x8', '0'],
    ['BITFIELD', 'f', 'GET', 'i', '0'],
    ['BITFIELD', 'f', 'GET', '', '0'],
    ['BITFIELD', 'f', 'GET', 'I8', '0'],
    ['BITFIELD', 'f', 'GET', 'U8', '0'],
    ['BITFIELD', 'f', 'GET', 'u8', '-1'],
    ['BITFIELD', 'f', 'GET', 'u8', 'x'],
    ['BITFIELD', 'f', 'GET', 'u8', '#-1'],
    ['BITFIELD', 'f', 'GET', 'u8', '##1'],
    ['BITFIELD', 'f', 'GET', 'u8', '4294967296'],
    ['BITFIELD', 'f', 'GET', 'u8', '4294967295'],
    ['BITFIELD', 'f', 'GET', 'u8', '#536870912'],
    ['BITFIELD', 'f', 'GET', 'u8', '#536870911'],
    ['BITFIELD', 'f', 'GET', 'i64', '#9223372036854775807'],
    ['BITFIELD', 'f', 'GET', 'i64', '#1152921504606846976'],
    ['BITFIELD', 'f', 'GET', 'u8'],
    ['BITFIELD', 'f', 'GET'],
    ['BITFIELD', 'f', 'SET', 'u8', '0'],
    ['BITFIELD', 'f', 'SET', 'u8', '0', 'x'],
    ['BITFIELD', 'f', 'INCRBY', 'u8', '0', '1.5'],
    ['BITFIELD', 'f', 'FOO', 'u8', '0'],
    ['BITFIELD', 'f', 'OVERFLOW'],
    ['BITFIELD', 'f', 'OVERFLOW', 'FOO', 'GET', 'u8', '0'],
    ['BITFIELD', 'f', 'GET', 'u8', '0', 'OVERFLOW', 'FOO'],
    ['BITFIELD', 'f', 'GET', 'u8', '0', 'FOO'],
    ['BITFIELD', 'f', 'OVERFLOW', 'WRAP'],
    ['BITFIELD_RO', 'f', 'GET', 'u8', '0', 'GET', 'i5', '3'],
    ['BITFIELD_RO', 'f', 'SET', 'u8', '0', '1'],
    ['BITFIELD_RO', 'f', 'INCRBY', 'u8', '0', '1'],
    ['BITFIELD_RO', 'f', 'OVERFLOW', 'SAT', 'GET', 'u8', '0'],
    ['BITFIELD_RO', 'f'],
    ['BITFIELD_RO', 'nokey', 'GET', 'i8', '0'],
    ['BITFIELD_RO', 'f', 'SET', 'u8', 'x', '1'],
    ['LPUSH', 'l', 'x'],
    ['BITFIELD', 'l', 'GET', 'u8', '0'],
    ['BITFIELD', 'l', 'SET', 'u8', '0', '1'],
    ['BITFIELD_RO', 'l', 'GET', 'u8', '0'],
    ['BITFIELD', 'l', 'GET', 'u8', 'bad'],
    ['SET', 'n', '12'],
    ['BITFIELD', 'n', 'GET', 'u16', '0', 'GET', 'u8', '12'],
    ['BITFIELD', 'n', 'INCRBY', 'u8', '8', '1'],
    ['GET', 'n'],
  ];
  const values = ['0', '1', '-1', '5', '-5', '100', '-100', '127', '128', '-128', '-129', '255', '256', '65535', MAX, MIN, '4611686018427387904', '-4611686018427387905'];
  const types = ['i1', 'u1', 'i5', 'u5', 'i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i63', 'u63', 'i64'];
  for (const ow of ['WRAP', 'SAT', 'FAIL']) {
    for (const ty of types) {
      for (const v of values) {
        cmds.push(['BITFIELD', `o${ow}${ty}`, 'OVERFLOW', ow, 'SET', ty, '3', v, 'GET', ty, '3']);
        cmds.push(['BITFIELD', `o${ow}${ty}`, 'OVERFLOW', ow, 'INCRBY', ty, '3', v, 'INCRBY', ty, '3', v]);
      }
      cmds.push(['GET', `o${ow}${ty}`]);
    }
  }
  await assertSameInBothProtocols(pair, cmds);
});

oracle.test('BITFIELD random op sequences (fast-check)', async (pair) => {
  const p = pair;
  await p.both('FLUSHALL');
  const ty = fc.tuple(fc.constantFrom('i', 'u'), fc.integer({ min: 1, max: 64 })).map(([s, n]) => `${s}${s === 'u' && n === 64 ? 63 : n}`);
  const val = fc.oneof(fc.integer({ min: -300, max: 300 }).map(String), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String));
  const op = fc.oneof(
    fc.tuple(ty, fc.integer({ min: 0, max: 100 })).map(([t2, o]) => ['GET', t2, String(o)]),
    fc.tuple(ty, fc.integer({ min: 0, max: 100 }), val).map(([t2, o, v]) => ['SET', t2, String(o), v]),
    fc.tuple(ty, fc.integer({ min: 0, max: 100 }), val).map(([t2, o, v]) => ['INCRBY', t2, String(o), v]),
    fc.constantFrom('WRAP', 'SAT', 'FAIL').map((o) => ['OVERFLOW', o]),
  );
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
      const key = `bf${n++ % 10}`;
      const cmd = ['BITFIELD', key, ...ops.flat()];
      const [x, y] = await p.both(...cmd);
      assert.equal(x, y, cmd.join(' '));
      const [g1, g2] = await p.both('GET', key);
      assert.equal(g1, g2, `value after ${cmd.join(' ')}`);
    }),
    { numRuns: 300 },
  );
});

oracle.test('BITCOUNT, BITPOS and BITOP on longer strings (word-at-a-time paths, fast-check)', async (pair) => {
  const p = pair;
  await p.both('FLUSHALL');
  const bytes = fc
    .tuple(fc.integer({ min: 0, max: 300 }), fc.constantFrom(0, 255, -1), fc.integer({ min: 0, max: 299 }), fc.integer({ min: 0, max: 255 }))
    .map(([len, fill, at, v]) => {
      const b = Buffer.alloc(len, fill < 0 ? 0x5a : fill);
      if (at < len) b[at] = v;
      return b;
    });
  const idx = fc.integer({ min: -2500, max: 2500 }).map(String);
  // A leading byte makes the stored value start at an odd offset in some buffers.
  await fc.assert(
    fc.asyncProperty(bytes, bytes, fc.constantFrom('0', '1'), idx, idx, fc.constantFrom('BIT', 'BYTE'), fc.constantFrom('AND', 'OR', 'XOR', 'NOT'), async (b1, b2, bit, a, b, unit, op) => {
      await p.both('SET', 'k1', b1);
      await p.both('SETRANGE', 'k2', '0', b2); // a RawString (buffer at offset 0) when it exists
      const cmds = [
        ['BITCOUNT', 'k1'],
        ['BITCOUNT', 'k2', a, b, unit],
        ['BITPOS', 'k1', bit],
        ['BITPOS', 'k2', bit, a],
        ['BITPOS', 'k1', bit, a, b, unit],
        op === 'NOT' ? ['BITOP', op, 'd', 'k2'] : ['BITOP', op, 'd', 'k1', 'k2', 'k1'],
        ['GET', 'd'],
      ];
      for (const cmd of cmds) {
        const [x, y] = await p.both(...cmd);
        assert.equal(x, y, `${cmd.join(' ')} with k1=${b1.toString('hex')} k2=${b2.toString('hex')}`);
      }
      await p.both('DEL', 'k1', 'k2', 'd');
    }),
    { numRuns: 300 },
  );
});
