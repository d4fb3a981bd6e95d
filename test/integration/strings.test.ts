// Differential tests of the string group against real Redis 7.0: every reply compared
// byte for byte, in RESP2 and RESP3, over errors, option conflicts, empty and binary
// values, negative ranges and the int64 limits. Encodings (OBJECT ENCODING) are compared
// by asking the oracle and checking stringEncoding() on tsredis's stored value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Pair, sharedPair, assertSameInBothProtocols, replyMismatches, sameKeyspaceEvents, type Cmd } from '../helpers.js';
import { stringEncoding } from '../../src/types/string.js';
import type { Value } from '../../src/types/value.js';

const oracle = sharedPair();

async function fresh(p: Pair): Promise<void> {
  await p.both('FLUSHALL');
}

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';

oracle.test('SET options, conflicts and errors', async (pair) => {
  await assertSameInBothProtocols(pair, [
    ['SET', 'k', 'v'],
    ['GET', 'k'],
    ['SET', 'k', 'v2', 'NX'],
    ['SET', 'k', 'v2', 'XX'],
    ['SET', 'n', 'v', 'XX'],
    ['GET', 'n'],
    ['SET', 'k', 'v3', 'nx', 'xx'],
    ['SET', 'k', 'v3', 'xx', 'nx'],
    ['SET', 'k', 'v3', 'NX', 'NX'],
    ['SET', 'k', 'v3', 'XX', 'XX'],
    ['SET', 'k', 'v4', 'GET'],
    ['SET', 'k', 'v5', 'GET', 'GET'],
    ['SET', 'new', 'v', 'GET'],
    ['SET', 'new', 'w', 'NX', 'GET'],
    ['SET', 'new2', 'w', 'XX', 'GET'],
    ['SET', 'new3', 'w', 'NX', 'GET'],
    ['SET', 'k', 'v', 'EX', '100'],
    ['SET', 'k', 'v', 'PX', '100000'],
    ['SET', 'k', 'v', 'EXAT', '99999999999'],
    ['SET', 'k', 'v', 'PXAT', '99999999999999'],
    ['SET', 'k', 'v', 'EX', '10', 'EX', '20'],
    ['SET', 'k', 'v', 'EX', '10', 'PX', '20'],
    ['SET', 'k', 'v', 'PX', '10', 'EX', '20'],
    ['SET', 'k', 'v', 'EX', '10', 'EXAT', '20'],
    ['SET', 'k', 'v', 'PXAT', '10', 'EXAT', '20'],
    ['SET', 'k', 'v', 'EX', '10', 'KEEPTTL'],
    ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'],
    ['SET', 'k', 'v', 'KEEPTTL', 'KEEPTTL'],
    ['SET', 'k', 'v', 'KEEPTTL'],
    ['SET', 'k', 'v', 'PERSIST'],
    ['SET', 'k', 'v', 'EX'],
    ['SET', 'k', 'v', 'EX', 'abc'],
    ['SET', 'k', 'v', 'EX', '0'],
    ['SET', 'k', 'v', 'EX', '-1'],
    ['SET', 'k', 'v', 'PX', '0'],
    ['SET', 'k', 'v', 'EXAT', '0'],
    ['SET', 'k', 'v', 'PXAT', '-5'],
    ['SET', 'k', 'v', 'EX', MAX],
    ['SET', 'k', 'v', 'EX', '9223372036854775'],
    ['SET', 'k', 'v', 'EX', '9223372036854776'],
    ['SET', 'k', 'v', 'PX', MAX],
    ['SET', 'k', 'v', 'PXAT', MAX],
    ['SET', 'k', 'v', 'EXAT', '9223372036854775'],
    ['SET', 'k', 'v', 'EX', '1.5'],
    ['SET', 'k', 'v', 'EX', ' 1'],
    ['SET', 'k', 'v', 'EX', '10', 'GET', 'NX'],
    ['SET', 'k', 'v', 'foo'],
    ['SET', 'k', 'v', 'exx', '1'],
    ['SET', 'k', 'v', 'GET', 'EX', 'bad'],
    ['SET', 'k'],
    ['SET', 'k', 'v', 'EXAT', '1'],
    ['GET', 'k'],
    ['SET', '', ''],
    ['GET', ''],
    ['SET', 'bin', Buffer.from([0, 255, 13, 10, 0x80])],
    ['GET', 'bin'],
    ['HSET', 'h', 'f', 'v'],
    ['SET', 'h', 'x', 'GET'],
    ['GET', 'h'],
    ['SET', 'h', 'x', 'GET', 'NX'],
  ]);
});

oracle.test('GET, GETEX, GETDEL, GETSET, SETNX, SETEX, PSETEX', async (pair) => {
  await assertSameInBothProtocols(pair, [
    ['GET', 'nokey'],
    ['GET', 'a', 'b'],
    ['SET', 'a', 'hello'],
    ['GETEX', 'a'],
    ['GETEX', 'a', 'EX', '100'],
    ['TTL', 'a'],
    ['GETEX', 'a', 'PERSIST'],
    ['TTL', 'a'],
    ['GETEX', 'a', 'PX', '100000'],
    ['GETEX', 'a', 'EXAT', '99999999999'],
    ['TTL', 'a'],
    ['GETEX', 'a', 'PXAT', '99999999999000'],
    ['GETEX', 'a', 'EX', '0'],
    ['GETEX', 'a', 'EX', '-1'],
    ['GETEX', 'a', 'EX', 'x'],
    ['GETEX', 'a', 'EX'],
    ['GETEX', 'a', 'NX'],
    ['GETEX', 'a', 'KEEPTTL'],
    ['GETEX', 'a', 'GET'],
    ['GETEX', 'a', 'PERSIST', 'EX', '10'],
    ['GETEX', 'a', 'EX', '10', 'PERSIST'],
    ['GETEX', 'a', 'EX', '10', 'PX', '10'],
    ['GETEX', 'a', 'EX', '10', 'EX', '20'],
    ['GETEX', 'a', 'PERSIST', 'PERSIST'],
    ['GETEX', 'missing', 'EX', '-1'],
    ['GETEX', 'missing', 'EX', 'bad'],
    ['GETEX', 'missing', 'FOO'],
    ['GETEX', 'a', 'EX', MAX],
    ['GETEX', 'a', 'EXAT', '1'],
    ['GET', 'a'],
    ['EXISTS', 'a'],
    ['SET', 'b', 'x'],
    ['GETEX', 'b', 'PXAT', '1'],
    ['EXISTS', 'b'],
    ['LPUSH', 'l', 'x'],
    ['GETEX', 'l'],
    ['GETEX', 'l', 'EX', '-1'],
    ['GETDEL', 'l'],
    ['GETSET', 'l', 'x'],
    ['SET', 'c', 'val'],
    ['GETDEL', 'c'],
    ['GETDEL', 'c'],
    ['EXISTS', 'c'],
    ['GETSET', 'c', 'one'],
    ['GETSET', 'c', 'two'],
    ['GET', 'c'],
    ['SETNX', 'c', 'three'],
    ['SETNX', 'd', 'three'],
    ['GET', 'd'],
    ['SETNX', 'l', 'x'],
    ['SETEX', 'e', '100', 'v'],
    ['TTL', 'e'],
    ['GET', 'e'],
    ['SETEX', 'e', '0', 'v'],
    ['SETEX', 'e', '-10', 'v'],
    ['SETEX', 'e', 'abc', 'v'],
    ['SETEX', 'e', MAX, 'v'],
    ['PSETEX', 'f', '100000', 'v'],
    ['TTL', 'f'],
    ['PSETEX', 'f', '0', 'v'],
    ['PSETEX', 'f', '-1', 'v'],
    ['PSETEX', 'f', MAX, 'v'],
    ['PSETEX', 'f', '1.0', 'v'],
    ['SETEX', 'l', '10', 'v'],
    ['GET', 'l'],
  ]);
});

oracle.test('MGET, MSET, MSETNX', async (pair) => {
  await assertSameInBothProtocols(pair, [
    ['MSET', 'a', '1', 'b', '2', 'c', Buffer.from([0, 0xff])],
    ['MGET', 'a', 'b', 'c', 'nokey'],
    ['MSET', 'a'],
    ['MSET', 'a', '1', 'b'],
    ['MSETNX', 'a', '1', 'b'],
    ['MSETNX', 'x', '1', 'a', '2'],
    ['GET', 'x'],
    ['MSETNX', 'x', '1', 'y', '2'],
    ['MGET', 'x', 'y'],
    ['MSETNX', 'z', '1', 'z', '2'],
    ['GET', 'z'],
    ['LPUSH', 'l', 'v'],
    ['MGET', 'a', 'l', 'b'],
    ['MSET', 'l', 'now-a-string'],
    ['MGET', 'l'],
    ['MSET', 'dup', '1', 'dup', '2'],
    ['GET', 'dup'],
  ]);
});

oracle.test('APPEND, STRLEN, GETRANGE, SUBSTR, SETRANGE', async (pair) => {
  const cmds: Cmd[] = [
    ['APPEND', 'a', 'hello'],
    ['APPEND', 'a', ' world'],
    ['APPEND', 'a', ''],
    ['GET', 'a'],
    ['STRLEN', 'a'],
    ['STRLEN', 'nokey'],
    ['APPEND', 'bin', Buffer.from([0, 1, 255])],
    ['APPEND', 'bin', Buffer.from([0x80, 0])],
    ['GET', 'bin'],
    ['STRLEN', 'bin'],
    ['SET', 'n', '12345'],
    ['APPEND', 'n', '6'],
    ['GET', 'n'],
    ['INCR', 'n'],
    ['LPUSH', 'l', 'x'],
    ['APPEND', 'l', 'x'],
    ['STRLEN', 'l'],
    ['GETRANGE', 'l', '0', '1'],
    ['SETRANGE', 'l', '0', 'x'],
    ['SET', 's', 'This is a string'],
    ['SETRANGE', 's', '1', 'abc'],
    ['SETRANGE', 's', '20', 'tail'],
    ['GET', 's'],
    ['SETRANGE', 's', '0', ''],
    ['SETRANGE', 's', '-1', 'x'],
    ['SETRANGE', 's', 'x', 'x'],
    ['SETRANGE', 's', '536870912', 'x'],
    ['SETRANGE', 's', '536870910', 'xyz'],
    ['SETRANGE', 's', MAX, 'x'],
    ['SETRANGE', 'new', '5', ''],
    ['EXISTS', 'new'],
    ['SETRANGE', 'new', '3', Buffer.from([0xff, 0])],
    ['GET', 'new'],
    ['SETRANGE', 'new2', '0', 'abc'],
    ['GET', 'new2'],
    ['SETRANGE', 'new3', '-1', ''],
    ['SETRANGE', 'new3', '536870912', ''],
    ['SETRANGE', 'new3', '536870912', 'x'],
    ['SET', 'i', '1234'],
    ['SETRANGE', 'i', '1', '9'],
    ['GET', 'i'],
    ['SUBSTR', 's', '0', '3'],
    ['GETRANGE', 'nokey', '0', '-1'],
    ['GETRANGE', 'nokey', 'a', '-1'],
    ['SET', 'e', ''],
    ['GETRANGE', 'e', '0', '-1'],
    ['GETRANGE', 'e', '0', '0'],
    ['GETRANGE', 's', '0', 'x'],
    ['GETRANGE', 's', '1.5', '2'],
    ['SETRANGE', 's', '536870912', ''],
    ['SETRANGE', 's', '-1', ''],
    ['SETRANGE', 'l', '-1', 'x'],
    ['SETRANGE', 'l', '0', ''],
    ['GETRANGE', 'l', 'x', '1'],
    ['SET', 'big', 'b'.repeat(100000)],
    ['APPEND', 'big', 'c'.repeat(70000)],
    ['SETRANGE', 'big', '169990', 'd'.repeat(20)],
    ['GETRANGE', 'big', '99990', '100010'],
    ['GETRANGE', 'big', '-25', '-1'],
    ['STRLEN', 'big'],
    ['GET', 'big'],
    ['MGET', 'big', 'a', 'bin'],
    ['SET', 'big', 'x', 'GET'],
    ['APPEND', 'r1', 'abc'],
    ['APPEND', 'r1', 'def'],
    ['GETRANGE', 'r1', '1', '-2'],
    ['SUBSTR', 'r1', '-3', '-1'],
    ['GETEX', 'r1'],
    ['GETDEL', 'r1'],
    ['APPEND', 'r1', 'abc'],
    ['APPEND', 'r1', 'def'],
    ['GETSET', 'r1', 'new'],
  ];
  const ranges = ['0', '1', '3', '-1', '-2', '-5', '-100', '100', MAX, MIN, '-9223372036854775807', '9007199254740993', '-9007199254740993', '-9007199254740994'];
  for (const a of ranges) for (const b of ranges) cmds.push(['GETRANGE', 's', a, b]);
  for (const a of ['0', '-1', '2']) for (const b of ['0', '-1', '5']) cmds.push(['GETRANGE', 'n', a, b]);
  await assertSameInBothProtocols(pair, cmds);
});

oracle.test('INCR, DECR, INCRBY, DECRBY over the int64 range', async (pair) => {
  await assertSameInBothProtocols(pair, [
    ['INCR', 'a'],
    ['INCR', 'a'],
    ['DECR', 'a'],
    ['DECR', 'b'],
    ['INCRBY', 'a', '100'],
    ['INCRBY', 'a', '-1000'],
    ['DECRBY', 'a', '-5'],
    ['DECRBY', 'a', MIN],
    ['DECRBY', 'a', MAX],
    ['INCRBY', 'a', 'x'],
    ['INCRBY', 'a', '1.0'],
    ['INCRBY', 'a', ' 1'],
    ['INCRBY', 'a', '+1'],
    ['INCRBY', 'a', '01'],
    ['INCRBY', 'a', '9223372036854775808'],
    ['SET', 'm', MAX],
    ['INCR', 'm'],
    ['INCRBY', 'm', '0'],
    ['DECR', 'm'],
    ['INCRBY', 'm', '1'],
    ['GET', 'm'],
    ['SET', 'm', MIN],
    ['DECR', 'm'],
    ['INCR', 'm'],
    ['DECRBY', 'm', '1'],
    ['SET', 'm', '9007199254740991'],
    ['INCR', 'm'],
    ['INCR', 'm'],
    ['INCRBY', 'm', '9007199254740991'],
    ['DECRBY', 'm', '-9007199254740993'],
    ['SET', 'm', '-9007199254740991'],
    ['DECR', 'm'],
    ['DECRBY', 'm', MAX],
    ['INCRBY', 'm', MIN],
    ['SET', 'm', '1'],
    ['INCRBY', 'm', MAX],
    ['SET', 'm', '-1'],
    ['INCRBY', 'm', MIN],
    ['GET', 'm'],
    ['SET', 's', 'abc'],
    ['INCR', 's'],
    ['SET', 's', ''],
    ['INCR', 's'],
    ['SET', 's', ' 1'],
    ['INCR', 's'],
    ['SET', 's', '1 '],
    ['INCR', 's'],
    ['SET', 's', '-0'],
    ['INCR', 's'],
    ['SET', 's', '00'],
    ['INCR', 's'],
    ['SET', 's', '9223372036854775808'],
    ['INCR', 's'],
    ['SET', 's', '-1'],
    ['INCR', 's'],
    ['GET', 's'],
    ['SET', 't', '5', 'EX', '1000'],
    ['INCR', 't'],
    ['TTL', 't'],
    ['LPUSH', 'l', 'x'],
    ['INCR', 'l'],
    ['DECRBY', 'l', 'x'],
    ['APPEND', 'r', '10'],
    ['APPEND', 'r', '0'],
    ['INCR', 'r'],
  ]);
});

oracle.test('INCRBYFLOAT formats like a long double %.17Lf', async (pair) => {
  await assertSameInBothProtocols(pair, [
    ['INCRBYFLOAT', 'f', '0.1'],
    ['INCRBYFLOAT', 'f', '0.2'],
    ['SET', 'g', '10.5'],
    ['INCRBYFLOAT', 'g', '0.1'],
    ['INCRBYFLOAT', 'g', '-10.6'],
    ['INCRBYFLOAT', 'g', '1e10'],
    ['INCRBYFLOAT', 'g', '1e-20'],
    ['INCRBYFLOAT', 'g', '-1e10'],
    ['INCRBYFLOAT', 'h', '3'],
    ['INCRBYFLOAT', 'h', '3.0e3'],
    ['INCRBYFLOAT', 'h', '-6003'],
    ['INCRBYFLOAT', 'h', '-0.0'],
    ['INCRBYFLOAT', 'h', '-1e-30'],
    ['INCRBYFLOAT', 'h', 'inf'],
    ['INCRBYFLOAT', 'h', '-inf'],
    ['INCRBYFLOAT', 'h', '+inf'],
    ['INCRBYFLOAT', 'h', 'Infinity'],
    ['INCRBYFLOAT', 'h', 'nan'],
    ['INCRBYFLOAT', 'h', 'abc'],
    ['INCRBYFLOAT', 'h', ''],
    ['INCRBYFLOAT', 'h', ' 1'],
    ['INCRBYFLOAT', 'h', '1 '],
    ['INCRBYFLOAT', 'h', '1e'],
    ['INCRBYFLOAT', 'h', '.5'],
    ['INCRBYFLOAT', 'h', '5.'],
    ['INCRBYFLOAT', 'h', '+.5e1'],
    ['INCRBYFLOAT', 'h', '0x10'],
    ['INCRBYFLOAT', 'h', '0x1p-3'],
    ['INCRBYFLOAT', 'h', '0x'],
    ['INCRBYFLOAT', 'hx1', '0x1.fffffffffffffffffp0'],
    ['INCRBYFLOAT', 'hx2', '0x1.00000000000000008p0'],
    ['INCRBYFLOAT', 'hx3', '0x1.00000000000000018p0'],
    ['INCRBYFLOAT', 'hx4', '0x1p16383'],
    ['INCRBYFLOAT', 'hx4', '0x1p16384'],
    ['INCRBYFLOAT', 'hx5', '0x1p-16445'],
    ['INCRBYFLOAT', 'hx5', '0x1p-16446'],
    ['INCRBYFLOAT', 'hx5', '0x1.8p-16446'],
    ['INCRBYFLOAT', 'hx6', '-0x.8'],
    ['INCRBYFLOAT', 'hx6', '0xAbC.dEfP-2'],
    ['INCRBYFLOAT', 'hx7', '1.00000000000000000005'],
    ['INCRBYFLOAT', 'hx7', '0.99999999999999999995'],
    ['INCRBYFLOAT', 'hx8', '1e4932'],
    ['INCRBYFLOAT', 'hx8', '1.19e4932'],
    ['INCRBYFLOAT', 'hx9', '3.6e-4951'],
    ['INCRBYFLOAT', 'hx9', '1.8e-4951'],
    ['INCRBYFLOAT', 'hx9', '1.9e-4951'],
    ['INCRBYFLOAT', 'hx10', '18446744073709551615'],
    ['INCRBYFLOAT', 'hx10', '1'],
    ['INCRBYFLOAT', 'hx11', '18446744073709551617'],
    ['INCRBYFLOAT', 'hx12', '-18446744073709551617.5'],
    ['INCRBYFLOAT', 'h', '1e400'],
    ['INCRBYFLOAT', 'h', '-1e400'],
    ['INCRBYFLOAT', 'h', '1e5000'],
    ['INCRBYFLOAT', 'h', '1e-5000'],
    ['INCRBYFLOAT', 'h', '1e-4940'],
    ['INCRBYFLOAT', 'h2', '1.18e4932'],
    ['INCRBYFLOAT', 'h2', '1.18e4932'],
    ['INCRBYFLOAT', 'i', '0.000003814697265625'],
    ['INCRBYFLOAT', 'i2', '0.000011444091796875'],
    ['INCRBYFLOAT', 'j', MAX],
    ['INCRBYFLOAT', 'j', '1'],
    ['INCRBYFLOAT', 'j2', '123456789012345678901234567890'],
    ['INCRBYFLOAT', 'j2', '0.5'],
    ['SET', 's', 'abc'],
    ['INCRBYFLOAT', 's', '1'],
    ['SET', 's', '1.5e3'],
    ['INCRBYFLOAT', 's', '1'],
    ['SET', 's', ' 1'],
    ['INCRBYFLOAT', 's', '1'],
    ['SET', 's', 'inf'],
    ['INCRBYFLOAT', 's', '1'],
    ['LPUSH', 'l', 'x'],
    ['INCRBYFLOAT', 'l', '1'],
    ['INCRBYFLOAT', 'z1', '1'.padStart(5119, '0')],
    ['INCRBYFLOAT', 'z1', '1'.padStart(5120, '0')],
    ['SET', 'z2', '1'.padStart(5119, '0')],
    ['INCRBYFLOAT', 'z2', '1'],
    ['SET', 'z2', '1'.padStart(5120, '0')],
    ['INCRBYFLOAT', 'z2', '1'],
    ['SET', 'z3', '1'.padStart(21, '0')],
    ['INCR', 'z3'],
    ['SET', 't', '1', 'EX', '1000'],
    ['INCRBYFLOAT', 't', '1.5'],
    ['TTL', 't'],
  ]);
});

oracle.test('INCRBYFLOAT random sequences match (fast-check)', async (pair) => {
  const p = pair;
  const num = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((d) => String(d)),
    fc.integer({ min: -1000000, max: 1000000 }).map((i) => (i / 1000).toString()),
    fc.tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: -30, max: 30 })).map(([m, e]) => `${m}e${e}`),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  );
  await fresh(p);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(num, { minLength: 1, maxLength: 6 }), async (incs) => {
      const key = `f${n++}`;
      for (const inc of incs) {
        const [x, y] = await p.both('INCRBYFLOAT', key, inc);
        assert.equal(x, y, `INCRBYFLOAT ${key} ${inc}`);
      }
    }),
    { numRuns: 150 },
  );
});

oracle.test('LCS', async (pair) => {
  const cmds: Cmd[] = [
    ['MSET', 'a', 'ohmytext', 'b', 'mynewtext'],
    ['LCS', 'a', 'b'],
    ['LCS', 'a', 'b', 'LEN'],
    ['LCS', 'a', 'b', 'IDX'],
    ['LCS', 'a', 'b', 'IDX', 'WITHMATCHLEN'],
    ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4'],
    ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'],
    ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', '-4'],
    ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN', 'x'],
    ['LCS', 'a', 'b', 'IDX', 'MINMATCHLEN'],
    ['LCS', 'a', 'b', 'IDX', 'LEN'],
    ['LCS', 'a', 'b', 'LEN', 'WITHMATCHLEN'],
    ['LCS', 'a', 'b', 'FOO'],
    ['LCS', 'a', 'nokey'],
    ['LCS', 'nokey', 'nokey2', 'IDX'],
    ['LCS', 'a', 'nokey', 'LEN'],
    ['LPUSH', 'l', 'x'],
    ['LCS', 'a', 'l'],
    ['LCS', 'l', 'a', 'FOO'],
    ['MSET', 'c', 'abcabcabc', 'd', 'cbacbacba'],
    ['LCS', 'c', 'd', 'IDX', 'WITHMATCHLEN'],
    ['LCS', 'a', 'a', 'IDX', 'WITHMATCHLEN'],
    ['MSET', 'e', Buffer.from([0, 1, 2, 255, 0]), 'f', Buffer.from([255, 0, 2, 1, 0])],
    ['LCS', 'e', 'f'],
    ['LCS', 'e', 'f', 'IDX'],
  ];
  // Random strings over a small alphabet give many ranges.
  let seed = 7;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 20; i++) {
    const s1 = Array.from({ length: Math.floor(rnd() * 30) }, () => 'abc'[Math.floor(rnd() * 3)]).join('');
    const s2 = Array.from({ length: Math.floor(rnd() * 30) }, () => 'abc'[Math.floor(rnd() * 3)]).join('');
    cmds.push(['MSET', 'x', s1, 'y', s2], ['LCS', 'x', 'y'], ['LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN', 'MINMATCHLEN', '2']);
  }
  await assertSameInBothProtocols(pair, cmds);
});

oracle.test('stored encodings match OBJECT ENCODING of the oracle', async (pair) => {
  const p = pair;
  await fresh(p);
  const long = 'x'.repeat(45);
  const steps: Cmd[] = [
    ['SET', 'e1', '12345'],
    ['SET', 'e2', '-12345678901234567'],
    ['SET', 'e3', MAX],
    ['SET', 'e4', '9223372036854775808'],
    ['SET', 'e5', 'x'.repeat(44)],
    ['SET', 'e6', long],
    ['SET', 'e7', '012'],
    ['SET', 'e8', ''],
    ['SET', 'e9', '-0'],
    ['APPEND', 'e10', '123'],
    ['APPEND', 'e11', 'abc'],
    ['APPEND', 'e11', 'd'],
    ['SET', 'e12', '1'],
    ['APPEND', 'e12', ''],
    ['SETRANGE', 'e13', '0', 'ab'],
    ['SET', 'e14', 'abc'],
    ['SETRANGE', 'e14', '0', 'x'],
    ['SET', 'e15', 'abc'],
    ['SETRANGE', 'e15', '0', ''],
    ['INCR', 'e16'],
    ['SET', 'e17', '99999'],
    ['INCRBY', 'e17', '1'],
    ['INCRBYFLOAT', 'e18', '3'],
    ['INCRBYFLOAT', 'e19', '3.5'],
    ['SETBIT', 'e20', '3', '1'],
    ['SET', 'e21', '5'],
    ['SETBIT', 'e21', '0', '0'],
    ['SET', 'e22', 'a'],
    ['BITOP', 'NOT', 'e23', 'e22'],
    ['SET', 'e24', 'a'],
    ['BITFIELD', 'e24', 'GET', 'u8', '0'],
    ['BITFIELD', 'e25', 'SET', 'u8', '0', '49'],
    ['GETSET', 'e26', '77'],
    ['SETNX', 'e27', '77'],
    ['MSET', 'e28', '78', 'e29', long],
    ['SETEX', 'e30', '100', '79'],
    ['SET', 'e31', 'abc'],
    ['GETEX', 'e31', 'EX', '100'],
    ['INCRBYFLOAT', 'e32', '1e30'],
    ['INCRBYFLOAT', 'e33', '1e50'],
  ];
  for (const s of steps) await p.both(...s);
  const db = p.ts.server.dbs[0]!;
  const mism: string[] = [];
  for (let i = 1; i <= 33; i++) {
    const key = `e${i}`;
    const want = await p.b.call('OBJECT', 'ENCODING', key);
    const v = db.peek(key) as Value | undefined;
    const got = v === undefined ? '$-1\r\n' : `$${stringEncoding(v).length}\r\n${stringEncoding(v)}\r\n`;
    if (want !== got) mism.push(`${key}: ${JSON.stringify(got)} vs redis ${JSON.stringify(want)}`);
  }
  assert.deepEqual(mism, []);
});

test('relative expires are propagated as absolute times', async () => {
  const { startTsredis, RawClient } = await import('../helpers.js');
  const srv = await startTsredis();
  const seen: string[][] = [];
  srv.server.propagateHooks.push((_db: number, argv: string[]) => seen.push([...argv]));
  const c = await RawClient.connect(srv.port);
  try {
    const before = Date.now();
    await c.call('SET', 'k', 'v', 'EX', '100');
    await c.call('SET', 'k2', 'v', 'GET', 'NX', 'get');
    await c.call('SET', 'k3', 'v', 'PXAT', '99999999999999');
    await c.call('SETEX', 'k4', '10', 'v');
    await c.call('PSETEX', 'k5', '10000', 'v');
    await c.call('GETEX', 'k4', 'PX', '5000');
    await c.call('GETEX', 'k4', 'PERSIST');
    await c.call('GETEX', 'k4', 'PERSIST');
    await c.call('GETEX', 'k5', 'EXAT', '1');
    await c.call('INCRBYFLOAT', 'f', '1.5');
    await c.call('GETSET', 'g', 'x');
    await c.call('SET', 'k6', 'v', 'NX');
    await c.call('SET', 'k6', 'v', 'NX');
    await c.call('SET', 'k7', 'v', 'PXAT', '9223372036854775807');
    await c.call('GETEX', 'k7', 'EXAT', '9223372036854775');
    const after = Date.now();
    const abs = (a: string[] | undefined, idx: number, rel: number): void => {
      const ms = Number(a![idx]);
      assert.ok(ms >= before + rel && ms <= after + rel, `${a!.join(' ')}`);
    };
    assert.equal(seen[0]![0], 'SET');
    assert.deepEqual(seen[0]!.slice(1, 4), ['k', 'v', 'PXAT']);
    abs(seen[0], 4, 100000);
    assert.deepEqual(seen[1], ['SET', 'k2', 'v', 'NX']);
    assert.deepEqual(seen[2], ['SET', 'k3', 'v', 'PXAT', '99999999999999']);
    assert.deepEqual(seen[3]!.slice(0, 4), ['SET', 'k4', 'v', 'PXAT']);
    abs(seen[3], 4, 10000);
    abs(seen[4], 4, 10000);
    assert.deepEqual(seen[5]!.slice(0, 2), ['PEXPIREAT', 'k4']);
    abs(seen[5], 2, 5000);
    assert.deepEqual(seen[6], ['PERSIST', 'k4']);
    assert.deepEqual(seen[7], ['DEL', 'k5']);
    assert.deepEqual(seen[8], ['SET', 'f', '1.5', 'KEEPTTL']);
    assert.deepEqual(seen[9], ['SET', 'g', 'x']);
    assert.deepEqual(seen[10], ['SET', 'k6', 'v', 'NX']);
    assert.deepEqual(seen[11], ['SET', 'k7', 'v', 'PXAT', '9223372036854775807']);
    assert.deepEqual(seen[12], ['PEXPIREAT', 'k7', '9223372036854775000']);
    assert.equal(seen.length, 13);
  } finally {
    c.close();
    await srv.close();
  }
});

oracle.test('keyspace hits and misses are counted like Redis (read vs write lookups)', async (pair) => {
  const p = pair;
  await fresh(p);
  const stat = async (): Promise<[number, number][]> => {
    const [x, y] = await p.both('INFO', 'stats');
    const pick = (s: string): [number, number] => [Number(/keyspace_hits:(\d+)/.exec(s)?.[1]), Number(/keyspace_misses:(\d+)/.exec(s)?.[1])];
    return [pick(x), pick(y)];
  };
  const cmds: Cmd[] = [
    ['SET', 'a', '1'], ['GET', 'a'], ['GET', 'x'], ['MGET', 'a', 'x', 'a'], ['STRLEN', 'a'], ['STRLEN', 'x'],
    ['INCR', 'a'], ['INCR', 'n'], ['APPEND', 'a', 'z'], ['SETRANGE', 'a', '0', 'q'], ['GETRANGE', 'a', '0', '1'],
    ['SET', 'a', '2', 'GET'], ['SET', 'y', '2', 'NX'], ['SETNX', 'y', '3'], ['MSETNX', 'y', '1', 'q', '2'],
    ['GETSET', 'a', '3'], ['GETEX', 'a'], ['GETEX', 'x'], ['GETDEL', 'y'], ['GETDEL', 'y'], ['INCRBYFLOAT', 'f', '1'],
    ['LCS', 'a', 'x'], ['SETBIT', 'b', '1', '1'], ['GETBIT', 'b', '1'], ['GETBIT', 'x', '1'], ['BITCOUNT', 'b'], ['BITCOUNT', 'x'],
    ['BITPOS', 'b', '1'], ['BITPOS', 'x', '1'], ['BITOP', 'OR', 'c', 'b', 'x'], ['BITFIELD', 'b', 'GET', 'u8', '0'],
    ['BITFIELD', 'b', 'SET', 'u8', '0', '1'], ['BITFIELD_RO', 'x', 'GET', 'u8', '0'],
  ];
  const before0 = await stat();
  const mism: string[] = [];
  let prev = before0;
  for (const cmd of cmds) {
    await p.both(...cmd);
    const cur = await stat();
    const dts = [cur[0]![0] - prev[0]![0], cur[0]![1] - prev[0]![1]];
    const dr = [cur[1]![0] - prev[1]![0], cur[1]![1] - prev[1]![1]];
    if (dts[0] !== dr[0] || dts[1] !== dr[1]) mism.push(`${cmd.join(' ')}: tsredis +${dts[0]}/+${dts[1]} redis +${dr[0]}/+${dr[1]}`);
    prev = cur;
  }
  assert.deepEqual(mism, []);
});

oracle.test('INCRBYFLOAT accumulating 0.1 and -0.07 stays identical', async (pair) => {
  const p = pair;
  await fresh(p);
  const mism: string[] = [];
  for (let i = 0; i < 300; i++) {
    for (const [k, inc] of [['acc', '0.1'], ['acc2', '-0.07'], ['acc3', '1234.5678']] as const) {
      const [x, y] = await p.both('INCRBYFLOAT', k, inc);
      if (x !== y) mism.push(`${k} step ${i}: ${x} vs ${y}`);
    }
  }
  assert.deepEqual(mism.slice(0, 5), []);
});

oracle.test('keyspace events: same names, classes and order as Redis', async (pair) => {
  const p = pair;
  const cmds: Cmd[] = [
    ['SET', 'a', '1'], ['SET', 'a', '2', 'EX', '100'], ['SET', 'a', '3', 'NX'], ['SET', 'b', '1', 'XX'], ['SET', 'a', '4', 'GET', 'KEEPTTL'],
    ['SETNX', 'c', '1'], ['SETNX', 'c', '1'], ['SETEX', 'd', '10', 'v'], ['PSETEX', 'd', '10000', 'v'], ['GETSET', 'd', 'w'],
    ['MSET', 'e', '1', 'f', '2'], ['MSETNX', 'e', '1', 'g', '2'], ['MSETNX', 'g', '1', 'h', '2'],
    ['GETEX', 'e', 'EX', '100'], ['GETEX', 'e', 'PERSIST'], ['GETEX', 'e', 'PERSIST'], ['GETEX', 'e', 'PXAT', '1'], ['GETDEL', 'f'], ['GETDEL', 'f'],
    ['APPEND', 'i', 'x'], ['APPEND', 'i', 'y'], ['SETRANGE', 'i', '5', 'z'], ['SETRANGE', 'i', '1', ''], ['SETRANGE', 'j', '1', ''],
    ['INCR', 'k'], ['DECRBY', 'k', '5'], ['INCRBYFLOAT', 'k', '1.5'], ['INCR', 'a'],
    ['SETBIT', 'l', '3', '1'], ['SETBIT', 'l', '3', '1'], ['SETBIT', 'l', '100', '0'], ['BITFIELD', 'l', 'SET', 'u8', '0', '1', 'INCRBY', 'u8', '0', '1'],
    ['BITFIELD', 'l', 'GET', 'u8', '0'], ['BITFIELD', 'l', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '100'],
    ['BITOP', 'OR', 'm', 'l', 'i'], ['BITOP', 'AND', 'm', 'nokey'], ['BITOP', 'AND', 'm', 'nokey'],
  ];
  await sameKeyspaceEvents(p, cmds, ['$', 'g']);
});

oracle.test('dirty counter (rdb_changes_since_last_save) moves like Redis', async (pair) => {
  const p = pair;
  await fresh(p);
  const dirty = async (): Promise<[number, number]> => {
    const [x, y] = await p.both('INFO', 'persistence');
    const pick = (s: string): number => Number(/rdb_changes_since_last_save:(\d+)/.exec(s)?.[1]);
    return [pick(x), pick(y)];
  };
  const cmds: Cmd[] = [
    ['SET', 'a', '1'], ['SET', 'a', '1', 'NX'], ['SET', 'a', '2', 'EX', '100'], ['SET', 'a', '2', 'GET'], ['SETNX', 'a', '1'],
    ['SETEX', 'b', '100', 'x'], ['GETSET', 'b', 'y'], ['MSET', 'c', '1', 'd', '2', 'e', '3'], ['MSETNX', 'c', '1', 'z', '2'], ['MSETNX', 'y', '1', 'z', '2'],
    ['GETEX', 'c'], ['GETEX', 'c', 'EX', '10'], ['GETEX', 'c', 'PERSIST'], ['GETEX', 'c', 'PERSIST'], ['GETEX', 'd', 'EXAT', '1'], ['GETEX', 'nokey', 'EX', '10'],
    ['GETDEL', 'e'], ['GETDEL', 'e'], ['APPEND', 'f', 'x'], ['APPEND', 'f', ''], ['SETRANGE', 'f', '0', ''], ['SETRANGE', 'f', '3', 'y'], ['SETRANGE', 'g', '3', ''],
    ['INCR', 'h'], ['INCRBY', 'h', '0'], ['INCRBYFLOAT', 'h', '0'], ['INCR', 'a'],
    ['SETBIT', 'i', '1', '1'], ['SETBIT', 'i', '1', '1'], ['SETBIT', 'i', '1', '0'], ['SETBIT', 'i', '20', '0'],
    ['BITFIELD', 'i', 'SET', 'u8', '0', '1', 'INCRBY', 'u8', '0', '1', 'GET', 'u8', '0'], ['BITFIELD', 'i', 'OVERFLOW', 'FAIL', 'INCRBY', 'u1', '0', '5'],
    ['BITFIELD', 'i', 'GET', 'u8', '0'], ['BITFIELD', 'nokey2', 'OVERFLOW', 'FAIL', 'INCRBY', 'u1', '0', '5'],
    ['BITOP', 'OR', 'j', 'i'], ['BITOP', 'OR', 'j', 'nokey'], ['BITOP', 'OR', 'j', 'nokey'],
  ];
  const mism: string[] = [];
  let prev = await dirty();
  for (const cmd of cmds) {
    await p.both(...cmd);
    const cur = await dirty();
    if (cur[0] - prev[0] !== cur[1] - prev[1]) mism.push(`${cmd.join(' ')}: tsredis +${cur[0] - prev[0]} redis +${cur[1] - prev[1]}`);
    prev = cur;
  }
  assert.deepEqual(mism, []);
});

oracle.test('size limits follow proto-max-bulk-len (SETRANGE, APPEND, SETBIT, BITFIELD, LCS)', async (pair) => {
  const p = pair;
  await fresh(p);
  await p.both('CONFIG', 'SET', 'proto-max-bulk-len', '1mb');
  try {
    const a600 = 'a'.repeat(600);
    const a400 = 'a'.repeat(400);
    const m = await replyMismatches(p, [
      ['SETRANGE', 'k', '1048575', 'x'],
      ['STRLEN', 'k'],
      ['SETRANGE', 'k', '1048576', 'x'],
      ['SETRANGE', 'k', '1048570', 'xxxxxxxxxx'],
      ['APPEND', 'k', 'y'],
      ['APPEND', 'k2', 'y'],
      ['SETBIT', 'b', '8388607', '1'],
      ['SETBIT', 'b', '8388608', '1'],
      ['GETBIT', 'b', '8388608'],
      ['BITFIELD', 'b', 'GET', 'u8', '8388600'],
      ['BITFIELD', 'b', 'GET', 'u8', '8388608'],
      ['BITFIELD', 'b', 'SET', 'u8', '#1048575', '1'],
      ['BITFIELD', 'b', 'SET', 'u8', '#1048576', '1'],
      ['MSET', 'la', a600, 'lb', a600, 'lc', a400, 'ld', a400],
      ['LCS', 'la', 'lb', 'LEN'],
      ['LCS', 'lc', 'ld', 'LEN'],
      ['LCS', 'la', 'ld', 'LEN'],
    ]);
    assert.deepEqual(m, []);
  } finally {
    await p.both('CONFIG', 'SET', 'proto-max-bulk-len', '512mb');
  }
});

oracle.test('random command sequences over the whole group match Redis (fast-check)', async (pair) => {
  const p = pair;
  await fresh(p);
  const key = fc.constantFrom('a', 'b', 'c');
  const val = fc.oneof(
    fc.constantFrom('', '0', '1', '-1', '10', '3.5', '-0.25', 'abc', 'hello world', MAX, MIN, '1e3', '0x10', 'x'.repeat(50)),
    fc.integer({ min: -1000, max: 1000 }).map(String),
    fc.uint8Array({ maxLength: 8 }).map((a) => Buffer.from(a)),
  );
  const int = fc.oneof(fc.integer({ min: -20, max: 40 }).map(String), fc.constantFrom('x', MAX, MIN, '1.5', '', '007'));
  const cmd: fc.Arbitrary<Cmd> = fc.oneof(
    fc.tuple(key, val).map(([k, v]) => ['SET', k, v]),
    fc.tuple(key, val, fc.constantFrom('NX', 'XX', 'GET', 'KEEPTTL', 'EX', 'PX', 'EXAT', 'PXAT'), fc.constantFrom('100', '0', 'GET', 'NX', '99999999999999')).map(([k, v, o, a]) => ['SET', k, v, o, a]),
    key.map((k) => ['GET', k]),
    fc.tuple(key, fc.constantFrom('PERSIST', 'EX', 'PX', 'EXAT', 'PXAT', 'NX')).map(([k, o]) => (o === 'PERSIST' || o === 'NX' ? ['GETEX', k, o] : ['GETEX', k, o, '100000000000000'])),
    key.map((k) => ['GETDEL', k]),
    fc.tuple(key, val).map(([k, v]) => ['GETSET', k, v]),
    fc.tuple(key, val).map(([k, v]) => ['SETNX', k, v]),
    fc.tuple(key, int, val).map(([k, s, v]) => ['SETEX', k, s, v]),
    fc.tuple(key, key, val).map(([k1, k2, v]) => ['MSET', k1, v, k2, v]),
    fc.tuple(key, key, val).map(([k1, k2, v]) => ['MSETNX', k1, v, k2, v]),
    fc.tuple(key, key).map(([k1, k2]) => ['MGET', k1, k2, 'zz']),
    fc.tuple(key, val).map(([k, v]) => ['APPEND', k, v]),
    key.map((k) => ['STRLEN', k]),
    fc.tuple(key, int, int).map(([k, a, b]) => ['GETRANGE', k, a, b]),
    fc.tuple(key, int, val).map(([k, o, v]) => ['SETRANGE', k, o, v]),
    fc.tuple(fc.constantFrom('INCR', 'DECR'), key).map(([c, k]) => [c, k]),
    fc.tuple(fc.constantFrom('INCRBY', 'DECRBY'), key, int).map(([c, k, n]) => [c, k, n]),
    fc.tuple(key, fc.oneof(val, int)).map(([k, v]) => ['INCRBYFLOAT', k, v]),
    fc.tuple(key, key, fc.constantFrom([], ['LEN'], ['IDX'], ['IDX', 'WITHMATCHLEN', 'MINMATCHLEN', '1'])).map(([a, b, o]) => ['LCS', a, b, ...o]),
    fc.tuple(key, int, fc.constantFrom('0', '1', '2')).map(([k, o, v]) => ['SETBIT', k, o, v]),
    fc.tuple(key, int).map(([k, o]) => ['GETBIT', k, o]),
    fc.tuple(key, int, int, fc.constantFrom('BIT', 'BYTE')).map(([k, a, b, u]) => ['BITCOUNT', k, a, b, u]),
    fc.tuple(key, fc.constantFrom('0', '1'), int).map(([k, b, s]) => ['BITPOS', k, b, s]),
    fc.tuple(fc.constantFrom('AND', 'OR', 'XOR', 'NOT'), key, key).map(([o, d, s]) => ['BITOP', o, d, s]),
    fc.tuple(key, fc.constantFrom('i8', 'u4', 'i64', 'u63', 'i3'), int, int).map(([k, ty, o, v]) => ['BITFIELD', k, 'OVERFLOW', 'SAT', 'INCRBY', ty, o, v, 'GET', ty, o]),
    fc.tuple(key, int).map(([k, o]) => ['BITFIELD_RO', k, 'GET', 'u8', o]),
    key.map((k) => ['OBJECT', 'ENCODING', k]),
    key.map((k) => ['TTL', k]),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 15 }), async (cmds) => {
      await p.both('DEL', 'a', 'b', 'c');
      const m = await replyMismatches(p, cmds);
      assert.deepEqual(m, []);
    }),
    { numRuns: 250 },
  );
});
