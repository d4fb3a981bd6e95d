// Differential tests of the sorted-set group against real Redis 7.0: every reply compared
// byte for byte in RESP2 and RESP3, once with the default thresholds (listpack) and once
// with zset-max-listpack-entries 1 (skiplist), plus encodings across the thresholds,
// ZRANDMEMBER/ZSCAN invariants, generic commands on zsets, keyspace events, dirty and
// propagation of pops.
import assert from 'node:assert/strict';
import { type Pair, type Cmd, sharedPair, RawClient, sameKeyspaceEvents } from '../helpers.js';
import { repliesAgree, splitAggregate } from '../../scripts/compat/compare.js';
import type { CompareMode } from '../../scripts/compat/gen.js';

const oracle = sharedPair();

interface Loose {
  mode: CompareMode;
  cmd: Cmd;
}
const SHAPE = (...cmd: Cmd): Loose => ({ mode: 'shape', cmd });
const SCAN = (...cmd: Cmd): Loose => ({ mode: 'scan', cmd });

async function mismatches(p: Pair, steps: (Cmd | Loose)[]): Promise<string[]> {
  const out: string[] = [];
  for (const s of steps) {
    const { mode, cmd } = Array.isArray(s) ? { mode: 'exact' as CompareMode, cmd: s } : s;
    const [x, y] = await p.both(...cmd);
    if (!repliesAgree(mode, x, y)) out.push(`${JSON.stringify(cmd.map(String))}: tsredis ${JSON.stringify(x)} redis ${JSON.stringify(y)}`);
  }
  return out;
}

/**
 * Runs the steps on flushed servers in RESP2 and RESP3, each with the listpack thresholds
 * as configured by `entries` (default 128, or 1 to force skiplists); asserts no mismatch.
 */
async function sameInBoth(p: Pair, steps: (Cmd | Loose)[], encodings: string[] = ['128', '1']): Promise<void> {
  const m: string[] = [];
  for (const entries of encodings) {
    for (const resp of ['2', '3']) {
      await p.both('FLUSHALL');
      await p.both('HELLO', resp);
      await p.both('CONFIG', 'SET', 'zset-max-listpack-entries', entries);
      m.push(...(await mismatches(p, steps)).map((x) => `entries=${entries} RESP${resp} ${x}`));
    }
  }
  await p.both('HELLO', '2');
  await p.both('CONFIG', 'SET', 'zset-max-listpack-entries', '128');
  assert.deepEqual(m, []);
}

const FILL: Cmd[] = [
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '-1.5', 'neg', 'inf', 'top', '-inf', 'bottom', '2', 'bb', '1.1', 'x'],
  ['ZADD', 'lex', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'f', '0', 'g', '0', 'aa', '0', '', '0', '\xff'],
];

oracle.test('ZADD flags, conflicts, scores and INCR', async (p) => {
  await sameInBoth(p, [
    ['ZADD', 'k', '1', 'a'],
    ['ZADD', 'k', 'NX', '2', 'a', '3', 'b'],
    ['ZADD', 'k', 'XX', '5', 'a', '3', 'c'],
    ['ZADD', 'k', 'XX', 'CH', '6', 'a', '3', 'c'],
    ['ZADD', 'k', 'GT', 'CH', '1', 'a', '7', 'b'],
    ['ZADD', 'k', 'LT', 'CH', '1', 'a', '7', 'b', '9', 'n'],
    ['ZADD', 'k', 'XX', 'GT', '100', 'a'],
    ['ZADD', 'k', 'NX', 'XX', '1', 'a'],
    ['ZADD', 'k', 'NX', 'GT', '1', 'a'],
    ['ZADD', 'k', 'LT', 'GT', '1', 'a'],
    ['ZADD', 'k', 'NX', 'LT', '1', 'a'],
    ['ZADD', 'k', 'INCR', '1', 'a', '2', 'b'],
    ['ZADD', 'k', 'INCR', '1.5', 'a'],
    ['ZADD', 'k', 'INCR', 'NX', '1.5', 'a'],
    ['ZADD', 'k', 'INCR', 'XX', '1.5', 'zz'],
    ['ZADD', 'k', 'INCR', 'GT', '-1', 'a'],
    ['ZADD', 'k', 'INCR', 'LT', '-1', 'a'],
    ['ZADD', 'k', 'INCR', '0', 'a'],
    ['ZADD', 'k', '1'],
    ['ZADD', 'k', '1', 'a', '2'],
    ['ZADD', 'k', 'CH'],
    ['ZADD', 'k', 'x', 'a'],
    ['ZADD', 'k', 'nan', 'a'],
    ['ZADD', 'k', ' 1', 'a'],
    ['ZADD', 'k', '1 ', 'a'],
    ['ZADD', 'k', '', 'a'],
    ['ZADD', 'k', '1e999', 'a'],
    ['ZADD', 'k', '1e-400', 'a'],
    ['ZADD', 'k', '4e-320', 'tiny'],
    ['ZADD', 'k', '0x10', 'hex'],
    ['ZADD', 'k', '+inf', 'pinf', '-inf', 'ninf', 'infinity', 'pinf2'],
    ['ZADD', 'k', 'INCR', '-inf', 'pinf'],
    ['ZADD', 'k', '1.1', 'f', '0.1', 'g', '1e20', 'h', '-0', 'negzero', '123456789012345678', 'big'],
    ['ZRANGE', 'k', '0', '-1', 'WITHSCORES'],
    ['ZINCRBY', 'k', '2.5', 'a'],
    ['ZINCRBY', 'k', '2.5', 'new'],
    ['ZINCRBY', 'k', 'x', 'a'],
    ['ZINCRBY', 'k', 'nx', 'a'],
    ['ZINCRBY', 'k', '-inf', 'pinf'],
    ['ZINCRBY', 'k', 'inf', 'ninf'],
    ['ZADD', 'k2', 'XX', '1', 'a'],
    ['ZADD', 'k2', 'XX', 'INCR', '1', 'a'],
    ['EXISTS', 'k2'],
    ['SET', 's', 'v'],
    ['ZADD', 's', '1', 'a'],
    ['ZADD', 's', 'x', 'a'],
    ['ZINCRBY', 's', '1', 'a'],
    ['ZSCORE', 'k', 'a'],
    ['ZSCORE', 'k', 'nope'],
    ['ZSCORE', 'nokey', 'a'],
    ['ZSCORE', 's', 'a'],
    ['ZMSCORE', 'k', 'a', 'nope', 'f'],
    ['ZMSCORE', 'nokey', 'a', 'b'],
    ['ZMSCORE', 's', 'a'],
    ['ZCARD', 'k'],
    ['ZCARD', 'nokey'],
    ['ZCARD', 's'],
    ['ZRANGE', 'k', '0', '-1', 'WITHSCORES'],
  ]);
});

oracle.test('ranks, counts and ZRANGE in all its forms', async (p) => {
  const ranges: Cmd[] = [];
  for (const [a, b] of [['0', '-1'], ['1', '3'], ['-3', '-1'], ['5', '2'], ['-100', '100'], ['20', '30'], ['0', '0'], ['-1', '-1'], ['9223372036854775807', '-9223372036854775808']]) {
    ranges.push(['ZRANGE', 'z', a!, b!], ['ZRANGE', 'z', a!, b!, 'WITHSCORES'], ['ZREVRANGE', 'z', a!, b!, 'WITHSCORES'], ['ZRANGE', 'z', a!, b!, 'REV']);
  }
  for (const [a, b] of [['-inf', '+inf'], ['1', '3'], ['(1', '3'], ['1', '(3'], ['(1', '(1'], ['3', '1'], ['', ''], ['(', '5'], [' 2', '4'], ['2 ', '4'], ['x', '1'], ['1', 'nan'], ['-inf', '-inf'], ['inf', 'inf'], ['0x1', '2'], ['1e999', '+inf']]) {
    ranges.push(
      ['ZRANGEBYSCORE', 'z', a!, b!],
      ['ZRANGEBYSCORE', 'z', a!, b!, 'WITHSCORES'],
      ['ZREVRANGEBYSCORE', 'z', b!, a!, 'WITHSCORES'],
      ['ZRANGE', 'z', a!, b!, 'BYSCORE', 'LIMIT', '1', '2'],
      ['ZRANGE', 'z', b!, a!, 'BYSCORE', 'REV', 'LIMIT', '0', '-1', 'WITHSCORES'],
      ['ZCOUNT', 'z', a!, b!],
    );
  }
  for (const [o, l] of [['0', '1'], ['2', '-1'], ['-1', '2'], ['100', '1'], ['0', '0'], ['9', '10'], ['x', '1']]) {
    ranges.push(['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'LIMIT', o!, l!], ['ZREVRANGEBYLEX', 'lex', '+', '-', 'LIMIT', o!, l!], ['ZRANGEBYLEX', 'lex', '-', '+', 'LIMIT', o!, l!]);
  }
  for (const [a, b] of [['-', '+'], ['+', '-'], ['[a', '[c'], ['(a', '(c'], ['[aa', '+'], ['-', '(b'], ['[', '+'], ['(', '('], ['a', 'b'], ['[b', '[a'], ['+a', '+'], ['-', '-'], ['+', '+'], ['[\xff', '+'], ['(a', '[a']]) {
    ranges.push(['ZRANGEBYLEX', 'lex', a!, b!], ['ZREVRANGEBYLEX', 'lex', b!, a!], ['ZLEXCOUNT', 'lex', a!, b!], ['ZRANGE', 'lex', a!, b!, 'BYLEX'], ['ZRANGE', 'lex', b!, a!, 'BYLEX', 'REV', 'LIMIT', '1', '3']);
  }
  await sameInBoth(p, [
    ...FILL,
    ['ZRANK', 'z', 'a'],
    ['ZRANK', 'z', 'top'],
    ['ZRANK', 'z', 'bottom'],
    ['ZREVRANK', 'z', 'a'],
    ['ZRANK', 'z', 'nope'],
    ['ZRANK', 'nokey', 'a'],
    ...ranges,
    ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0', '1'],
    ['ZRANGE', 'z', '0', '-1', 'BYLEX', 'WITHSCORES'],
    ['ZRANGE', 'z', '0', '-1', 'BYLEX', 'BYSCORE'],
    ['ZRANGE', 'z', '0', '-1', 'REV', 'REV'],
    ['ZRANGE', 'z', '0', '-1', 'LIMIT', '0'],
    ['ZRANGE', 'z', '0', '-1', 'FOO'],
    ['ZRANGE', 'z', 'a', '-1'],
    ['ZRANGE', 'z', '0', '-1', 'BYSCORE'],
    ['ZRANGE', 'z', '(0', '5', 'BYSCORE', 'WITHSCORES', 'LIMIT', '1', '1'],
    ['ZREVRANGE', 'z', '0', '-1', 'REV'],
    ['ZRANGEBYSCORE', 'z', '0', '1', 'BYSCORE'],
    ['ZRANGEBYLEX', 'lex', '-', '+', 'WITHSCORES'],
    ['ZRANGEBYLEX', 'lex', '-', '+', 'BYLEX'],
    ['ZRANGE', 'nokey', '0', '-1'],
    ['ZRANGE', 'nokey', 'x', '-1'],
    ['SET', 's', 'v'],
    ['ZRANGE', 's', '0', '-1'],
    ['ZRANGEBYSCORE', 's', 'x', '1'],
    ['ZCOUNT', 's', '0', '1'],
    ['ZLEXCOUNT', 'nokey', '-', '+'],
    ['ZRANK', 's', 'a'],
  ]);
});

oracle.test('removals, ZRANGESTORE, emptied keys', async (p) => {
  await sameInBoth(p, [
    ...FILL,
    ['ZREM', 'z', 'a', 'nope', 'b'],
    ['ZREM', 'nokey', 'a'],
    ['ZREMRANGEBYRANK', 'z', '0', '1'],
    ['ZREMRANGEBYRANK', 'z', '-1', '-1'],
    ['ZREMRANGEBYRANK', 'z', '5', '1'],
    ['ZREMRANGEBYRANK', 'z', 'x', '1'],
    ['ZREMRANGEBYSCORE', 'z', '(1', '2'],
    ['ZREMRANGEBYSCORE', 'z', 'x', '2'],
    ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
    ['ZREMRANGEBYLEX', 'lex', '[b', '(d'],
    ['ZREMRANGEBYLEX', 'lex', 'b', '(d'],
    ['ZREMRANGEBYLEX', 'lex', '+', '-'],
    ['ZRANGE', 'lex', '0', '-1'],
    ['ZRANGESTORE', 'dst', 'z', '0', '-1'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['OBJECT', 'ENCODING', 'dst'],
    ['ZRANGESTORE', 'dst', 'z', '(1', '+inf', 'BYSCORE', 'REV'],
    ['ZRANGESTORE', 'dst', 'z', '+inf', '(1', 'BYSCORE', 'REV', 'LIMIT', '1', '2'],
    ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
    ['ZRANGESTORE', 'dst', 'lex', '[a', '[f', 'BYLEX'],
    ['ZRANGE', 'dst', '0', '-1'],
    ['ZRANGESTORE', 'dst', 'z', '0', '-1', 'WITHSCORES'],
    ['ZRANGESTORE', 'dst', 'nokey', '0', '-1'],
    ['EXISTS', 'dst'],
    ['SET', 's', 'v'],
    ['ZRANGESTORE', 's', 'z', '0', '0'],
    ['TYPE', 's'],
    ['ZRANGESTORE', 'dst', 's', '0', '-1'],
    ['ZREMRANGEBYSCORE', 'z', '-inf', '+inf'],
    ['EXISTS', 'z'],
    ['ZADD', 'one', '1', 'a'],
    ['ZREM', 'one', 'a', 'b'],
    ['EXISTS', 'one'],
    ['ZREMRANGEBYLEX', 'lex', '-', '+'],
    ['EXISTS', 'lex'],
    ['ZREM', 's', 'a'],
    ['ZREMRANGEBYRANK', 's', '0', '1'],
  ]);
});

oracle.test('pops and ZMPOP', async (p) => {
  await sameInBoth(p, [
    ...FILL,
    ['ZPOPMIN', 'z'],
    ['ZPOPMAX', 'z'],
    ['ZPOPMIN', 'z', '2'],
    ['ZPOPMAX', 'z', '3'],
    ['ZPOPMIN', 'z', '0'],
    ['ZPOPMIN', 'z', '-1'],
    ['ZPOPMIN', 'z', 'x'],
    ['ZPOPMIN', 'z', '1', '2'],
    ['ZPOPMIN', 'nokey'],
    ['ZPOPMIN', 'nokey', '3'],
    ['ZPOPMIN', 'nokey', '0'],
    ['ZPOPMAX', 'z', '100'],
    ['EXISTS', 'z'],
    ...FILL,
    ['ZMPOP', '2', 'nokey', 'z', 'MIN'],
    ['ZMPOP', '2', 'nokey', 'z', 'MAX', 'COUNT', '3'],
    ['ZMPOP', '1', 'nokey', 'MAX'],
    ['ZMPOP', '0', 'z', 'MAX'],
    ['ZMPOP', '-1', 'z', 'MAX'],
    ['ZMPOP', 'x', 'z', 'MAX'],
    ['ZMPOP', '1', 'z', 'MAXX'],
    ['ZMPOP', '3', 'z', 'MAX'],
    ['ZMPOP', '1', 'z', 'MAX', 'COUNT'],
    ['ZMPOP', '1', 'z', 'MAX', 'COUNT', '0'],
    ['ZMPOP', '1', 'z', 'MAX', 'COUNT', '-1'],
    ['ZMPOP', '1', 'z', 'MAX', 'COUNT', 'x'],
    ['ZMPOP', '1', 'z', 'MAX', 'COUNT', '1', 'COUNT', '1'],
    ['ZMPOP', '1', 'z', 'min', 'count', '100'],
    ['EXISTS', 'z'],
    ['SET', 's', 'v'],
    ['ZPOPMIN', 's'],
    ['ZMPOP', '2', 'nokey', 's', 'MIN'],
    ['ZADD', 'y', '1', 'a'],
    ['ZMPOP', '2', 's', 'y', 'MIN'],
    ['BZPOPMIN', 's', '0'],
    ['BZPOPMIN', 'nokey', 'lex', '0'],
    ['BZPOPMAX', 'lex', '0'],
    ['BZPOPMAX', 'lex', 'x'],
    ['BZPOPMAX', 'lex', '-1'],
    ['BZMPOP', '0', '1', 'lex', 'MIN', 'COUNT', '2'],
    ['BZMPOP', 'x', '1', 'lex', 'MIN'],
    ['BZMPOP', '0', '0', 'lex', 'MIN'],
    ['BZMPOP', '0', '1', 'lex', 'MID'],
    ['MULTI'],
    ['BZPOPMIN', 'nokey', '0'],
    ['BZMPOP', '0', '1', 'nokey', 'MIN'],
    ['EXEC'],
  ]);
});

oracle.test('set algebra: ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD', async (p) => {
  const setup: Cmd[] = [
    ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c', 'inf', 'i'],
    ['ZADD', 'z2', '10', 'b', '20', 'c', '30', 'd', '-inf', 'i'],
    ['ZADD', 'z3', '0.1', 'c', '0.2', 'x'],
    ['SADD', 'set', 'a', 'c', 'zz'],
    ['SADD', 'iset', '1', '2', '3'],
    ['ZADD', 'zi', '5', '1', '6', '2'],
    ['SET', 'str', 'v'],
  ];
  const ops: Cmd[] = [];
  for (const op of ['ZUNION', 'ZINTER', 'ZDIFF']) {
    ops.push(
      [op, '2', 'z1', 'z2'],
      [op, '2', 'z1', 'z2', 'WITHSCORES'],
      [op, '3', 'z1', 'z2', 'z3', 'WITHSCORES'],
      [op, '2', 'z1', 'set', 'WITHSCORES'],
      [op, '2', 'set', 'z1', 'WITHSCORES'],
      [op, '2', 'iset', 'zi', 'WITHSCORES'],
      [op, '2', 'z1', 'nokey', 'WITHSCORES'],
      [op, '1', 'nokey'],
      [op, '2', 'z1', 'z1', 'WITHSCORES'],
      [op, '2', 'z1', 'z2', 'WEIGHTS', '2', '3', 'WITHSCORES'],
      [op, '2', 'z1', 'z2', 'WEIGHTS', '0', '1', 'WITHSCORES'],
      [op, '2', 'z1', 'z2', 'WEIGHTS', '2', 'x'],
      [op, '2', 'z1', 'z2', 'WEIGHTS', '2'],
      [op, '2', 'z1', 'z2', 'AGGREGATE', 'MIN', 'WITHSCORES'],
      [op, '2', 'z1', 'z2', 'AGGREGATE', 'max', 'WITHSCORES'],
      [op, '2', 'z1', 'z2', 'AGGREGATE', 'avg'],
      [op, '2', 'z1', 'z2', 'AGGREGATE'],
      [op, '2', 'z1', 'z2', 'LIMIT', '1'],
      [op, '0', 'z1'],
      [op, '-1', 'z1'],
      [op, 'x', 'z1'],
      [op, '3', 'z1', 'z2'],
      [op, '2', 'z1', 'str'],
      [op, '2', 'z1', 'str', 'BAD'],
      [op + 'STORE', 'dst', '2', 'z1', 'z2'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['OBJECT', 'ENCODING', 'dst'],
      [op + 'STORE', 'dst', '2', 'z1', 'z2', 'WEIGHTS', '1', '-1', 'AGGREGATE', 'SUM'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      [op + 'STORE', 'dst', '2', 'z1', 'z2', 'WITHSCORES'],
      [op + 'STORE', 'dst', '1', 'nokey'],
      ['EXISTS', 'dst'],
      [op + 'STORE', 'dst', '0', 'z1'],
      [op + 'STORE', 'str', '1', 'z1'],
      ['TYPE', 'str'],
      ['SET', 'str', 'v'],
    );
  }
  ops.push(
    ['ZINTERCARD', '2', 'z1', 'z2'],
    ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '1'],
    ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '0'],
    ['ZINTERCARD', '2', 'z1', 'z2', 'LIMIT', '-1'],
    ['ZINTERCARD', '2', 'z1', 'set'],
    ['ZINTERCARD', '2', 'z1', 'z2', 'WITHSCORES'],
    ['ZINTERCARD', '0', 'z1'],
    ['ZINTERCARD', '3', 'z1'],
    ['ZINTERCARD', '1', 'str'],
  );
  await sameInBoth(p, [...setup, ...ops]);
});

oracle.test('ZRANDMEMBER and ZSCAN', async (p) => {
  await sameInBoth(p, [
    ...FILL,
    ['ZRANDMEMBER', 'nokey'],
    ['ZRANDMEMBER', 'nokey', '5'],
    ['ZRANDMEMBER', 'z', '0'],
    ['ZRANDMEMBER', 'z', 'x'],
    ['ZRANDMEMBER', 'z', '1', 'WITHSCORES', 'x'],
    ['ZRANDMEMBER', 'z', '1', 'foo'],
    ['ZRANDMEMBER', 'z', '-9223372036854775808'],
    ['ZRANDMEMBER', 'z', '-9223372036854775807', 'WITHSCORES'],
    ['ZRANDMEMBER', 'z', '9223372036854775807', 'WITHSCORES'],
    ['ZRANDMEMBER', 'z', '100'],
    ['ZRANDMEMBER', 'z', '100', 'WITHSCORES'],
    SHAPE('ZRANDMEMBER', 'z'),
    SHAPE('ZRANDMEMBER', 'z', '-20'),
    SHAPE('ZRANDMEMBER', 'z', '-5', 'WITHSCORES'),
    SHAPE('ZRANDMEMBER', 'z', '1', 'WITHSCORES'),
    ['SET', 's', 'v'],
    ['ZRANDMEMBER', 's'],
    ['ZRANDMEMBER', 's', '1'],
    SCAN('ZSCAN', 'lex', '0', 'COUNT', '100'),
    ['ZSCAN', 'z', ' 0'],
    ['ZSCAN', 'z', '18446744073709551616'],
    ['ZSCAN', 'nokey', '0'],
    ['ZSCAN', 'nokey', 'x'],
    ['ZSCAN', 'z', 'x'],
    ['ZSCAN', 'z', '0', 'COUNT', '0'],
    ['ZSCAN', 'z', '0', 'COUNT', 'x'],
    ['ZSCAN', 'z', '0', 'TYPE', 'zset'],
    ['ZSCAN', 'z', '0', 'MATCH'],
    ['ZSCAN', 's', '0'],
  ]);
  // Listpacks are returned whole, in order.
  await sameInBoth(p, [...FILL, ['ZSCAN', 'z', '0'], ['ZSCAN', 'z', '0', 'MATCH', '*b*'], ['ZSCAN', 'lex', '0', 'COUNT', '1'], ['ZSCAN', 'z', '+0'], ['ZSCAN', 'z', ''], ['ZSCAN', 'z', '-1']], ['128']);
});

oracle.test('ZRANDMEMBER picks distinct members, ZSCAN visits every member', async (p) => {
  const c = p.a;
  await c.call('FLUSHALL');
  const args: string[] = [];
  for (let i = 0; i < 300; i++) args.push(String(i % 7), 'm' + i);
  await c.call('ZADD', 'big', ...args);
  assert.equal(await c.call('OBJECT', 'ENCODING', 'big'), '$8\r\nskiplist\r\n');
  for (const n of [5, 150, 299]) {
    const agg = splitAggregate(await c.call('ZRANDMEMBER', 'big', String(n)));
    assert.ok(agg);
    assert.equal(new Set(agg.elems).size, n);
  }
  const seen = new Set<string>();
  let cursor = '0';
  let rounds = 0;
  do {
    const r = splitAggregate(await c.call('ZSCAN', 'big', cursor, 'COUNT', '17'));
    assert.ok(r);
    cursor = r.elems[0]!.split('\r\n')[1]!;
    const items = splitAggregate(r.elems[1]!)!;
    for (let i = 0; i < items.elems.length; i += 2) seen.add(items.elems[i]!);
    rounds++;
  } while (cursor !== '0' && rounds < 1000);
  assert.equal(seen.size, 300);
  // Members present for the whole iteration are all returned, whatever is removed or
  // added meanwhile.
  const kept = new Set<string>();
  for (let i = 0; i < 300; i++) if (i % 3 === 0) kept.add('m' + i);
  const got = new Set<string>();
  cursor = '0';
  rounds = 0;
  do {
    const r = splitAggregate(await c.call('ZSCAN', 'big', cursor, 'COUNT', '7'));
    assert.ok(r);
    cursor = r.elems[0]!.split('\r\n')[1]!;
    const items = splitAggregate(r.elems[1]!)!;
    for (let i = 0; i < items.elems.length; i += 2) got.add(items.elems[i]!.split('\r\n')[1]!);
    // Remove two non-kept members and add a new one between calls.
    const victims: string[] = [];
    for (let i = 0; i < 300 && victims.length < 2; i++) {
      const m = 'm' + ((rounds * 7 + i * 13) % 300);
      if (!kept.has(m)) victims.push(m);
    }
    await c.call('ZREM', 'big', ...victims);
    await c.call('ZADD', 'big', String(rounds % 5), 'new' + rounds);
    rounds++;
  } while (cursor !== '0' && rounds < 1000);
  for (const m of kept) assert.ok(got.has(m), `ZSCAN missed ${m}`);
});

oracle.test('encodings across the thresholds and generic commands on zsets', async (p) => {
  const long = 'x'.repeat(65);
  const many: string[] = [];
  for (let i = 0; i < 129; i++) many.push(String(i), 'm' + i);
  const same: string[] = [];
  for (let i = 0; i < 129; i++) same.push(String(i), 'a');
  await sameInBoth(
    p,
    [
      ['ZADD', 'z', '1', 'a'],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZADD', 'z', '2', long],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZREM', 'z', long],
      ['OBJECT', 'ENCODING', 'z'],
      ['ZADD', 'l', '1', long],
      ['OBJECT', 'ENCODING', 'l'],
      ['ZADD', 'm', ...many.slice(0, 256)],
      ['OBJECT', 'ENCODING', 'm'],
      ['ZADD', 'm', ...many.slice(256)],
      ['OBJECT', 'ENCODING', 'm'],
      ['ZADD', 'same', ...same],
      ['OBJECT', 'ENCODING', 'same'],
      ['ZUNIONSTORE', 'u', '1', 'm'],
      ['OBJECT', 'ENCODING', 'u'],
      ['ZRANGESTORE', 'r', 'm', '0', '9'],
      ['OBJECT', 'ENCODING', 'r'],
      ['ZUNIONSTORE', 'u', '1', 'r'],
      ['OBJECT', 'ENCODING', 'u'],
      ['ZINTERSTORE', 'u', '2', 'r', 'm'],
      ['OBJECT', 'ENCODING', 'u'],
      ['ZDIFFSTORE', 'u', '1', 'm'],
      ['OBJECT', 'ENCODING', 'u'],
      ['TYPE', 'z'],
      ['COPY', 'm', 'mc'],
      ['OBJECT', 'ENCODING', 'mc'],
      ['ZRANGE', 'mc', '0', '5', 'WITHSCORES'],
      ['COPY', 'z', 'zc'],
      ['ZADD', 'zc', '5', 'q'],
      ['ZCARD', 'z'],
      ['RENAME', 'z', 'z2'],
      ['ZRANGE', 'z2', '0', '-1', 'WITHSCORES'],
      ['DEBUG', 'DIGEST-VALUE', 'm'],
      ['DEBUG', 'DIGEST-VALUE', 'z2'],
      ['DEBUG', 'DIGEST-VALUE', 'same'],
      ['ZADD', 'f', '1.1', 'a', '-0', 'b', 'inf', 'c', '3', 'd', '1e100', 'e'],
      ['DEBUG', 'DIGEST-VALUE', 'f'],
      ['SCAN', '0', 'TYPE', 'zset', 'COUNT', '1000'].length ? ['EXPIRE', 'f', '100'] : ['PING'],
      ['TTL', 'f'],
      ['MOVE', 'f', '1'],
      ['EXISTS', 'f'],
      ['SELECT', '1'],
      ['ZRANGE', 'f', '0', '-1', 'WITHSCORES'],
      ['FLUSHDB'],
      ['SELECT', '0'],
      ['UNLINK', 'm'],
      ['DEL', 'same'],
      SCAN('SCAN', '0', 'TYPE', 'zset', 'COUNT', '1000'),
    ],
    ['128'],
  );
  const [x, y] = await p.both('CONFIG', 'SET', 'zset-max-listpack-value', '3');
  assert.equal(x, y);
  await sameInBoth(p, [['ZADD', 'z', '1', 'abcd'], ['OBJECT', 'ENCODING', 'z'], ['ZADD', 'y', '1', 'abc'], ['OBJECT', 'ENCODING', 'y'], ['ZADD', 'y', '1', 'abcd'], ['OBJECT', 'ENCODING', 'y']], ['128', '0']);
  await p.both('CONFIG', 'SET', 'zset-max-listpack-value', '64');
});

oracle.test('large sorted sets (several index levels) agree with Redis', async (p) => {
  let seed = 99;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const steps: Cmd[] = [];
  for (let round = 0; round < 6; round++) {
    const args: string[] = [];
    for (let i = 0; i < 800; i++) args.push(String(rnd(300) / 4), 'm' + rnd(3000));
    steps.push(['ZADD', 'big', ...args]);
    const lex: string[] = [];
    for (let i = 0; i < 500; i++) lex.push('0', 'l' + rnd(5000));
    steps.push(['ZADD', 'lex', ...lex]);
    for (let i = 0; i < 25; i++) {
      const a = String(rnd(3000) - 1500);
      const b = String(rnd(3000) - 1500);
      const lo = String(rnd(80));
      const hi = String(rnd(80));
      steps.push(
        ['ZRANGE', 'big', a, b, 'WITHSCORES'],
        ['ZRANGE', 'big', a, b, 'REV'],
        ['ZRANK', 'big', 'm' + rnd(3000)],
        ['ZREVRANK', 'big', 'm' + rnd(3000)],
        ['ZCOUNT', 'big', lo, '(' + hi],
        ['ZRANGEBYSCORE', 'big', '(' + lo, hi, 'LIMIT', String(rnd(20)), String(rnd(30))],
        ['ZREVRANGEBYSCORE', 'big', hi, lo, 'WITHSCORES', 'LIMIT', String(rnd(20)), String(rnd(30))],
        ['ZINCRBY', 'big', String(rnd(10) - 5), 'm' + rnd(3000)],
        ['ZLEXCOUNT', 'lex', '[l' + rnd(5000), '(l' + rnd(5000)],
        ['ZRANGEBYLEX', 'lex', '(l' + rnd(5000), '+', 'LIMIT', '0', String(rnd(20))],
        ['ZREVRANGEBYLEX', 'lex', '[l' + rnd(5000), '-', 'LIMIT', '3', String(rnd(20))],
        ['ZREM', 'big', 'm' + rnd(3000), 'm' + rnd(3000)],
        ['ZPOPMIN', 'big', String(rnd(3))],
      );
    }
    steps.push(
      ['ZREMRANGEBYRANK', 'big', String(rnd(400)), String(rnd(400))],
      ['ZREMRANGEBYSCORE', 'big', String(rnd(40)), String(rnd(80))],
      ['ZREMRANGEBYLEX', 'lex', '[l' + rnd(5000), '[l' + rnd(5000)],
      ['ZCARD', 'big'],
      ['ZUNIONSTORE', 'u', '2', 'big', 'lex', 'WEIGHTS', '2', '0.5'],
      ['ZRANGE', 'u', '0', '-1', 'WITHSCORES'],
      ['ZINTERSTORE', 'i', '2', 'big', 'u', 'AGGREGATE', 'MAX'],
      ['ZRANGE', 'i', '100', '300', 'WITHSCORES'],
    );
  }
  steps.push(['ZRANGE', 'big', '0', '-1', 'WITHSCORES'], ['ZRANGE', 'lex', '0', '-1']);
  await sameInBoth(p, steps, ['128']);
});

const EVENT_CMDS: Cmd[] = [
  ['ZADD', 'k', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'k', '1', 'a'], ['ZADD', 'k', 'XX', '1', 'zz'], ['ZINCRBY', 'k', '1', 'a'],
  ['ZADD', 'k', 'INCR', '1', 'a'], ['ZADD', 'k', 'INCR', '0', 'a'], ['ZADD', 'k', 'CH', '5', 'a', '6', 'n'], ['ZREM', 'k', 'nope'], ['ZREM', 'k', 'a'],
  ['ZPOPMIN', 'k'], ['ZPOPMAX', 'k', '5'], ['ZPOPMAX', 'k', '5'],
  ['ZADD', 'k', '1', 'a', '2', 'b', '3', 'c'], ['ZREMRANGEBYRANK', 'k', '0', '0'], ['ZREMRANGEBYRANK', 'k', '5', '6'],
  ['ZREMRANGEBYSCORE', 'k', '0', '2'], ['ZREMRANGEBYLEX', 'k', '-', '+'],
  ['ZADD', 'k', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'k2', '1', 'b'], ['ZUNIONSTORE', 'd', '1', 'k'], ['ZINTERSTORE', 'd', '1', 'k'],
  ['ZDIFFSTORE', 'd', '1', 'k'], ['ZRANGESTORE', 'd', 'k', '0', '0'], ['ZRANGESTORE', 'd', 'k', '5', '6'], ['ZRANGESTORE', 'd', 'k', '5', '6'],
  ['ZUNIONSTORE', 'd', '1', 'k'], ['ZUNIONSTORE', 'd', '1', 'nokey'], ['ZINTERSTORE', 'd', '2', 'k', 'nokey'], ['ZDIFFSTORE', 'd', '2', 'k', 'k'],
  ['ZMPOP', '1', 'k', 'MAX', 'COUNT', '10'], ['ZMPOP', '1', 'k', 'MAX', 'COUNT', '10'], ['BZPOPMIN', 'k2', '0'],
  ['ZADD', 'k', '1', 'a', '2', 'b'], ['BZMPOP', '0', '1', 'k', 'MIN', 'COUNT', '1'], ['BZPOPMAX', 'nokey', 'k', '0'],
];

oracle.test('keyspace events match Redis', async (p) => {
  await sameKeyspaceEvents(p, EVENT_CMDS, ['z', 'g']);
});

oracle.test('dirty counter and keyspace hits/misses move like Redis', async (p) => {
  await p.both('FLUSHALL');
  const stats = async (): Promise<[string, string]> => {
    const [x, y] = await p.both('INFO', 'all');
    const pick = (s: string): string => `${/rdb_changes_since_last_save:(\d+)/.exec(s)?.[1]} ${/keyspace_hits:(\d+)/.exec(s)?.[1]}/${/keyspace_misses:(\d+)/.exec(s)?.[1]}`;
    return [pick(x), pick(y)];
  };
  const reads: Cmd[] = [
    ['ZSCORE', 'k', 'a'], ['ZSCORE', 'nokey', 'a'], ['ZCARD', 'k'], ['ZRANGE', 'k', '0', '-1'], ['ZRANGE', 'nokey', '0', '-1'],
    ['ZUNION', '2', 'k', 'nokey'], ['ZINTERCARD', '1', 'k'], ['ZRANDMEMBER', 'k'], ['ZSCAN', 'k', '0'], ['ZRANK', 'k', 'a'], ['ZMSCORE', 'k', 'a'],
    ['ZRANGESTORE', 'd', 'k', '0', '-1'], ['ZUNIONSTORE', 'd', '2', 'k', 'nokey'],
  ];
  await p.both('CONFIG', 'RESETSTAT');
  const diffs: string[] = [];
  let [x0, y0] = await stats();
  for (const cmd of [...EVENT_CMDS, ...reads]) {
    await p.both(...cmd);
    const [x, y] = await stats();
    const dx = x.split(' ')[1] + ' +' + (Number(x.split(' ')[0]) - Number(x0.split(' ')[0]));
    const dy = y.split(' ')[1] + ' +' + (Number(y.split(' ')[0]) - Number(y0.split(' ')[0]));
    if (dx !== dy) diffs.push(`${cmd.join(' ')}: tsredis ${dx} redis ${dy}`);
    [x0, y0] = [x, y];
  }
  assert.deepEqual(diffs, []);
});

oracle.test('pops propagate as ZPOPMIN/ZPOPMAX', async (p) => {
  const server = p.ts.server;
  const seen: string[][] = [];
  const hook = (_db: number, argv: string[]): void => {
    seen.push([...argv]);
  };
  server.propagateHooks.push(hook);
  try {
    const c = p.a;
    await c.call('FLUSHALL');
    seen.length = 0;
    await c.call('ZADD', 'k', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    await c.call('ZMPOP', '2', 'nokey', 'k', 'MAX', 'COUNT', '1');
    await c.call('ZMPOP', '1', 'k', 'MIN');
    await c.call('BZPOPMIN', 'nokey', 'k', '0');
    await c.call('BZMPOP', '0', '1', 'k', 'MAX', 'COUNT', '7');
    await c.call('ZMPOP', '1', 'k', 'MIN');
    assert.deepEqual(seen, [
      ['ZADD', 'k', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
      ['ZPOPMAX', 'k', '1'],
      ['ZPOPMIN', 'k', '1'],
      ['ZPOPMIN', 'k'],
      ['ZPOPMAX', 'k', '7'],
    ]);
  } finally {
    server.propagateHooks.splice(server.propagateHooks.indexOf(hook), 1);
  }
});

// ---------------------------------------------------------------------------------------
// Blocking pops: the same scenario on both servers, every client's replies compared.

/** Wait until `n` clients are blocked on the server `ctl` is connected to. */
async function blockedClients(ctl: RawClient, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const info = await ctl.call('INFO', 'clients');
    const m = /blocked_clients:(\d+)/.exec(info);
    if (m !== null && Number(m[1]) >= n) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never saw ${n} blocked clients`);
}

type Scenario = (port: number) => Promise<string[]>;

async function sameScenario(p: Pair, fn: Scenario): Promise<void> {
  await p.both('FLUSHALL');
  const [x, y] = await Promise.all([fn(p.ts.port), fn(p.redis.port)]);
  assert.deepEqual(x, y);
}

/** Clients connected to port, in RESP `resp`; closed by the returned function. */
async function clients(port: number, n: number, resp = '2'): Promise<[[RawClient, RawClient, RawClient, RawClient], () => void]> {
  const cs: RawClient[] = [];
  for (let i = 0; i < 4; i++) {
    const c = await RawClient.connect(port);
    if (resp === '3') await c.call('HELLO', '3');
    cs.push(c);
  }
  void n;
  return [cs as [RawClient, RawClient, RawClient, RawClient], () => cs.forEach((c) => c.close())];
}

for (const resp of ['2', '3']) {
  oracle.test(`RESP${resp}: blocked BZPOPMIN/BZPOPMAX/BZMPOP are served by a later write, in blocking order`, async (p) => {
    await sameScenario(p, async (port) => {
      const [[a, b, c, ctl], close] = await clients(port, 4, resp);
      const out: string[] = [];
      try {
        a.write(encode('BZPOPMIN', 'k1', 'k2', '0'));
        await blockedClients(ctl, 1);
        b.write(encode('BZMPOP', '0', '2', 'k2', 'k1', 'MAX', 'COUNT', '2'));
        await blockedClients(ctl, 2);
        c.write(encode('BZPOPMAX', 'k2', '0'));
        await blockedClients(ctl, 3);
        // A string or a list at a waited key serves nobody.
        out.push(await ctl.call('SET', 'k1', 'v'));
        out.push(await ctl.call('DEL', 'k1'));
        // One member: only the oldest waiter on k2 (b) is served.
        out.push(await ctl.call('ZADD', 'k2', '1', 'x', '2', 'y', '3', 'z'));
        out.push(await b.readReply());
        out.push(await a.readReply());
        out.push(await ctl.call('ZADD', 'k2', '5', 'last'));
        out.push(await c.readReply());
        out.push(await ctl.call('EXISTS', 'k2'));
        // Served inside the pusher's pipeline: the next command sees the pop done.
        a.write(encode('BZPOPMIN', 'k3', '0'));
        await blockedClients(ctl, 1);
        ctl.write(encode('ZADD', 'k3', '1', 'p') + encode('ZCARD', 'k3') + encode('EXISTS', 'k3'));
        out.push(await ctl.readReply(), await ctl.readReply(), await ctl.readReply());
        out.push(await a.readReply());
        // MULTI/EXEC: served after EXEC as a whole.
        a.write(encode('BZPOPMAX', 'k4', '0'));
        await blockedClients(ctl, 1);
        out.push(await ctl.call('MULTI'), await ctl.call('ZADD', 'k4', '1', 'm1', '2', 'm2'), await ctl.call('ZREM', 'k4', 'm2'), await ctl.call('EXEC'));
        out.push(await a.readReply());
        // Timeout: a null array.
        out.push(await a.call('BZPOPMIN', 'nokey', '0.05'));
        out.push(await a.call('BZMPOP', '0.05', '1', 'nokey', 'MIN'));
        // CLIENT UNBLOCK: timeout reply, or -UNBLOCKED.
        const id = (await a.call('CLIENT', 'ID')).slice(1, -2);
        a.write(encode('BZPOPMIN', 'nokey', '0'));
        await blockedClients(ctl, 1);
        out.push(await ctl.call('CLIENT', 'UNBLOCK', id));
        out.push(await a.readReply());
        a.write(encode('BZMPOP', '0', '1', 'nokey', 'MIN'));
        await blockedClients(ctl, 1);
        out.push(await ctl.call('CLIENT', 'UNBLOCK', id, 'ERROR'));
        out.push(await a.readReply());
        // A key of another type when signalled leaves the waiter blocked; WRONGTYPE only up front.
        a.write(encode('BZPOPMIN', 'k5', '0.2'));
        await blockedClients(ctl, 1);
        out.push(await ctl.call('SADD', 'k5', 'x'));
        out.push(await a.readReply());
        out.push(await a.call('BZPOPMIN', 'k5', '0'));
      } finally {
        close();
      }
      return out;
    });
  });
}

function encode(...args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

oracle.test('served blocked pops propagate as ZPOPMIN/ZPOPMAX, after the write that served them', async (p) => {
  const server = p.ts.server;
  const seen: string[][] = [];
  const hook = (_db: number, argv: string[]): void => {
    seen.push([...argv]);
  };
  server.propagateHooks.push(hook);
  const [[a, b, ctl], close] = await clients(p.ts.port, 3);
  try {
    await ctl.call('FLUSHALL');
    seen.length = 0;
    a.write(encode('BZPOPMIN', 'k', '0'));
    b.write(encode('BZMPOP', '0', '1', 'k', 'MAX', 'COUNT', '5'));
    await blockedClients(ctl, 2);
    await ctl.call('ZADD', 'k', '1', 'a', '2', 'b', '3', 'c');
    await a.readReply();
    await b.readReply();
    assert.deepEqual(seen, [
      ['ZADD', 'k', '1', 'a', '2', 'b', '3', 'c'],
      ['ZPOPMIN', 'k'],
      ['ZPOPMAX', 'k', '5'],
    ]);
  } finally {
    close();
    server.propagateHooks.splice(server.propagateHooks.indexOf(hook), 1);
  }
});
