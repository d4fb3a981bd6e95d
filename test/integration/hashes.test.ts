// Differential tests of the hash group against real Redis 7.0: replies compared byte for
// byte in RESP2 and RESP3 wherever Redis is deterministic (listpack-encoded hashes keep
// insertion order, so HGETALL/HKEYS/HSCAN of small hashes must match exactly), encodings
// and conversion thresholds via OBJECT ENCODING, the HINCRBY/HINCRBYFLOAT edge cases,
// HRANDFIELD's count rules and reply shapes, generic commands on hashes, and tsredis-only
// checks where Redis's output is random or hash-ordered (HSCAN's cursor guarantee,
// HRANDFIELD distribution rules, propagation and keyspace events).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPair, sharedTsredis, assertSameInBothProtocols, replyMismatches, RawClient, type Pair, type Cmd } from '../helpers.js';
import { decodeReply, asMap, type Reply } from '../../scripts/compat/conn.js';

const oracle = sharedPair();
const local = sharedTsredis();

const HASH_COMMANDS = [
  'hset', 'hsetnx', 'hmset', 'hget', 'hmget', 'hdel', 'hlen', 'hstrlen', 'hexists',
  'hincrby', 'hincrbyfloat', 'hkeys', 'hvals', 'hgetall', 'hrandfield', 'hscan',
];

async function both(p: Pair, cmds: Cmd[]): Promise<void> {
  assert.deepEqual(await replyMismatches(p, cmds), []);
}

/** Run on both servers; return the decoded replies. */
async function decoded(p: Pair, ...cmd: Cmd): Promise<[Reply, Reply]> {
  const [a, b] = await p.both(...cmd);
  return [decodeReply(a), decodeReply(b)];
}

function sortedPairs(r: Reply): string[] {
  return asMap(r).entries.map(([k, v]) => `${String(k)}=${String(v)}`).sort();
}

oracle.test('COMMAND INFO of every hash command matches', async (pair) => {
  await both(pair, HASH_COMMANDS.map((n) => ['COMMAND', 'INFO', n]));
  await both(pair, [['COMMAND', 'GETKEYS', 'HSET', 'k', 'f', 'v'], ['COMMAND', 'GETKEYS', 'HMGET', 'k', 'f']]);
});

oracle.test('writes, reads, errors and reply shapes', async (pair) => {
  const bin = Buffer.from([0, 255, 13, 10, 0x80]);
  await assertSameInBothProtocols(pair, [
    ['HSET', 'h', 'a', '1', 'b', '2'],
    ['HSET', 'h', 'a', 'x', 'c', '3', 'a', 'y'],
    ['HGETALL', 'h'],
    ['HSET', 'h', 'a'],
    ['HSET', 'h', 'a', 'b', 'c'],
    ['HMSET', 'h', 'd', '4', 'e', '5'],
    ['HMSET', 'h', 'd'],
    ['HSETNX', 'h', 'a', 'nope'],
    ['HSETNX', 'h', 'z', 'new'],
    ['HSETNX', 'fresh', 'f', 'v'],
    ['HGETALL', 'h'],
    ['HKEYS', 'h'],
    ['HVALS', 'h'],
    ['HGET', 'h', 'a'],
    ['HGET', 'h', 'missing'],
    ['HGET', 'nokey', 'a'],
    ['HMGET', 'h', 'a', 'missing', 'b', 'a'],
    ['HMGET', 'nokey', 'a', 'b'],
    ['HLEN', 'h'],
    ['HLEN', 'nokey'],
    ['HSTRLEN', 'h', 'z'],
    ['HSTRLEN', 'h', 'missing'],
    ['HSTRLEN', 'nokey', 'a'],
    ['HEXISTS', 'h', 'a'],
    ['HEXISTS', 'h', 'missing'],
    ['HEXISTS', 'nokey', 'a'],
    ['HSET', 'h', '', ''],
    ['HGET', 'h', ''],
    ['HSET', 'h', bin, bin],
    ['HGET', 'h', bin],
    ['HSET', 'h', '12345', '-0', '007', '1e3'],
    ['HGETALL', 'h'],
    ['HDEL', 'h', 'a', 'a', 'missing', 'b'],
    ['HDEL', 'nokey', 'a'],
    ['HGETALL', 'h'],
    ['HDEL', 'h', 'c', 'd', 'e', 'z', '', bin, '12345', '007', 'after-empty'],
    ['EXISTS', 'h'],
    ['HGETALL', 'h'],
    ['HKEYS', 'h'],
    ['HVALS', 'h'],
    ['SET', 's', 'str'],
    ['HSET', 's', 'a', 'b'],
    ['HSET', 's', 'a'],
    ['HMSET', 's', 'a', 'b'],
    ['HSETNX', 's', 'a', 'b'],
    ['HGET', 's', 'a'],
    ['HMGET', 's', 'a'],
    ['HDEL', 's', 'a'],
    ['HLEN', 's'],
    ['HSTRLEN', 's', 'a'],
    ['HEXISTS', 's', 'a'],
    ['HINCRBY', 's', 'a', '1'],
    ['HINCRBY', 's', 'a', 'x'],
    ['HINCRBYFLOAT', 's', 'a', '1'],
    ['HINCRBYFLOAT', 's', 'a', 'x'],
    ['HKEYS', 's'],
    ['HVALS', 's'],
    ['HGETALL', 's'],
    ['HRANDFIELD', 's'],
    ['HRANDFIELD', 's', '1'],
    ['HRANDFIELD', 's', 'x'],
    ['HSCAN', 's', '0'],
    ['HSCAN', 's', 'x'],
    ['LPUSH', 'l', 'x'],
    ['HGET', 'l', 'x'],
    ['GET', 'fresh'],
    ['TYPE', 'fresh'],
  ]);
});

oracle.test('HINCRBY and HINCRBYFLOAT: limits, errors and formatting', async (pair) => {
  const MAX = '9223372036854775807';
  const MIN = '-9223372036854775808';
  await assertSameInBothProtocols(pair, [
    ['HINCRBY', 'h', 'n', '5'],
    ['HINCRBY', 'h', 'n', '-7'],
    ['HINCRBY', 'h', 'n', MAX],
    ['HINCRBY', 'h', 'n', '2'],
    ['HINCRBY', 'h', 'n', MAX],
    ['HINCRBY', 'h', 'm', MIN],
    ['HINCRBY', 'h', 'm', '-1'],
    ['HINCRBY', 'h', 'm', '1'],
    ['HINCRBY', 'h', 'm', MAX],
    ['HINCRBY', 'h', 'big', '9007199254740993'],
    ['HINCRBY', 'h', 'big', '9007199254740993'],
    ['HGETALL', 'h'],
    ['HINCRBY', 'h', 'n', '1.5'],
    ['HINCRBY', 'h', 'n', ' 1'],
    ['HINCRBY', 'h', 'n', '9223372036854775808'],
    ['HINCRBY', 'h', 'n', ''],
    ['HSET', 'h', 's', 'abc', 'sp', ' 1', 'z', '01', 'f', '1.0', 'e', ''],
    ['HINCRBY', 'h', 's', '1'],
    ['HINCRBY', 'h', 'sp', '1'],
    ['HINCRBY', 'h', 'z', '1'],
    ['HINCRBY', 'h', 'f', '1'],
    ['HINCRBY', 'h', 'e', '1'],
    ['HINCRBY', 'new', 'f', '-3'],
    ['HINCRBYFLOAT', 'h', 'x', '0.1'],
    ['HINCRBYFLOAT', 'h', 'x', '0.2'],
    ['HINCRBYFLOAT', 'h', 'x', '-0.3'],
    ['HINCRBYFLOAT', 'h', 'x', '1e3'],
    ['HINCRBYFLOAT', 'h', 'x', '-1.5E-3'],
    ['HINCRBYFLOAT', 'h', 'x', '0x10'],
    ['HINCRBYFLOAT', 'h', 'x', '3.0000000000000000001'],
    ['HINCRBYFLOAT', 'h', 'y', '-0'],
    ['HINCRBYFLOAT', 'h', 'y', '5.0e-20'],
    ['HINCRBYFLOAT', 'h', 'n', '1'],
    ['HINCRBYFLOAT', 'h', 'f', '1'],
    ['HINCRBYFLOAT', 'h', 'z', '1'],
    ['HINCRBYFLOAT', 'h', 's', '1'],
    ['HINCRBYFLOAT', 'h', 'sp', '1'],
    ['HINCRBYFLOAT', 'h', 'e', '1'],
    ['HINCRBYFLOAT', 'h', 'x', 'inf'],
    ['HINCRBYFLOAT', 'h', 'x', '-inf'],
    ['HINCRBYFLOAT', 'h', 'x', 'nan'],
    ['HINCRBYFLOAT', 'h', 'x', 'abc'],
    ['HINCRBYFLOAT', 'h', 'x', ''],
    ['HINCRBYFLOAT', 'h', 'x', ' 1'],
    ['HINCRBYFLOAT', 'h', 'x', '1e5000'],
    ['HSET', 'h', 'i', 'inf', 'hugeval', '1' + '0'.repeat(5200)],
    ['HINCRBYFLOAT', 'h', 'i', '1'],
    ['HINCRBYFLOAT', 'h', 'hugeval', '1'],
    ['HINCRBYFLOAT', 'h', 'big', '1e4000'],
    ['HINCRBYFLOAT', 'h', 'big', '1e4000'],
    ['HSTRLEN', 'h', 'big'],
    ['HINCRBYFLOAT', 'newf', 'f', '2.5'],
    ['HINCRBYFLOAT', 'newf2', 'f', 'bad'],
    ['EXISTS', 'newf2'],
    ['HGETALL', 'newf'],
    ['OBJECT', 'ENCODING', 'h'],
  ]);
});

oracle.test('listpack order and conversion to hashtable at the configured thresholds', async (pair) => {
  await pair.both('FLUSHALL');
  const v64 = 'v'.repeat(64);
  const v65 = 'v'.repeat(65);
  const enc = (k: string): Cmd => ['OBJECT', 'ENCODING', k];
  await both(pair, [
    ['HSET', 'a', 'f', v64], enc('a'),
    ['HSET', 'a', v64, 'x'], enc('a'),
    ['HSET', 'a', 'g', v65], enc('a'),
    ['HSET', 'b', v65, 'x'], enc('b'),
    ['HSETNX', 'c', 'f', v65], enc('c'),
    ['HSET', 'd', 'f', '1'], ['HSETNX', 'd', 'f', v65], enc('d'),
    ['HSET', 'e', 'f', '1'], ['HINCRBY', 'e', 'f'.repeat(65), '1'], enc('e'),
    ['HSET', 'g', 'f', '1'], ['HINCRBYFLOAT', 'g', 'f', '1e70'], enc('g'),
    ['HSET', 'i', 'f', '1'], ['HINCRBYFLOAT', 'i', 'f', '1e60'], enc('i'), ['HGET', 'i', 'f'],
    ['HMSET', 'j', 'a', '1', 'b', v65], enc('j'),
  ]);
  // 512 fields stay a listpack; the 513th converts. Order must match while listpack.
  const args: string[] = [];
  for (let i = 0; i < 512; i++) args.push(`field:${(i * 7919) % 1000}`, String(i));
  await both(pair, [['HSET', 'big', ...args], enc('big'), ['HGETALL', 'big'], ['HSCAN', 'big', '0'], ['HRANDFIELD', 'big', '512', 'WITHVALUES']]);
  await both(pair, [['HSET', 'big', 'field:0', 'update'], enc('big'), ['HSET', 'big', 'one-more', 'x'], enc('big'), ['HDEL', 'big', 'one-more'], enc('big'), ['HLEN', 'big']]);
  const [x, y] = await decoded(pair, 'HGETALL', 'big');
  assert.deepEqual(sortedPairs(x), sortedPairs(y));
  // Lowered thresholds: an update past the limit converts too (Redis checks on every set).
  try {
    await both(pair, [
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '3'],
      ['HSET', 'small', 'a', '1', 'b', '2'], enc('small'),
      ['HSET', 'small', 'c', '3'], enc('small'),
      ['HSET', 'three', 'abc', 'xyz'], enc('three'),
      ['HSET', 'four', 'abcd', 'x'], enc('four'),
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '0'],
      ['HSET', 'zero', 'a', '1'], enc('zero'),
      ['HSETNX', 'zero2', 'a', '1'], enc('zero2'),
      ['HINCRBY', 'zero3', 'a', '1'], enc('zero3'),
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
      ['CONFIG', 'SET', 'hash-max-ziplist-entries', '3'],
      ['HSET', 'zl', 'a', '1', 'b', '2', 'c', '3'], enc('zl'),
      ['HSET', 'zl', 'c', '4'], enc('zl'),
      ['HSET', 'zl', 'd', '4'], enc('zl'),
    ]);
  } finally {
    await pair.both('CONFIG', 'SET', 'hash-max-listpack-entries', '512');
    await pair.both('CONFIG', 'SET', 'hash-max-listpack-value', '64');
  }
});

oracle.test('hashtable-encoded hashes: same contents, order aside', async (pair) => {
  await pair.both('FLUSHALL');
  const args: string[] = [];
  for (let i = 0; i < 700; i++) args.push(`f${i}`, `v${i}`);
  await both(pair, [['HSET', 'h', ...args], ['OBJECT', 'ENCODING', 'h']]);
  const del: string[] = [];
  for (let i = 0; i < 700; i += 3) del.push(`f${i}`);
  await both(pair, [['HDEL', 'h', ...del], ['HLEN', 'h'], ['HSET', 'h', 'f1', 'changed', 'new', 'n'], ['HGET', 'h', 'f1'], ['HMGET', 'h', 'f0', 'f1', 'f2'], ['HINCRBY', 'h', 'cnt', '3'], ['HINCRBYFLOAT', 'h', 'cnt', '0.5']]);
  for (const proto of ['2', '3']) {
    await pair.both('HELLO', proto);
    const [x, y] = await decoded(pair, 'HGETALL', 'h');
    assert.deepEqual(sortedPairs(x), sortedPairs(y));
    const [kx, ky] = await decoded(pair, 'HKEYS', 'h');
    assert.deepEqual((kx as string[]).sort(), (ky as string[]).sort());
    const [vx, vy] = await decoded(pair, 'HVALS', 'h');
    assert.deepEqual((vx as string[]).sort(), (vy as string[]).sort());
    // A count beyond the size returns the whole hash, in either server's own order.
    const [rx, ry] = await decoded(pair, 'HRANDFIELD', 'h', '100000', 'WITHVALUES');
    if (proto === '3') {
      assert.deepEqual((rx as Reply[][]).map(([k, v]) => `${String(k)}=${String(v)}`).sort(), (ry as Reply[][]).map(([k, v]) => `${String(k)}=${String(v)}`).sort());
    } else {
      assert.deepEqual(sortedPairs(rx), sortedPairs(ry));
    }
  }
  await pair.both('HELLO', '2');
  // Deleting every field removes the key.
  const [all] = await decoded(pair, 'HKEYS', 'h');
  await both(pair, [['HDEL', 'h', ...(all as string[])], ['EXISTS', 'h'], ['HLEN', 'h']]);
});

oracle.test('HRANDFIELD: count rules, errors and shapes', async (pair) => {
  await assertSameInBothProtocols(pair, [
    ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
    ['HRANDFIELD', 'nokey'],
    ['HRANDFIELD', 'nokey', '5'],
    ['HRANDFIELD', 'nokey', '-5', 'WITHVALUES'],
    ['HRANDFIELD', 'nokey', '0'],
    ['HRANDFIELD', 'h', '0'],
    ['HRANDFIELD', 'h', '0', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '3'],
    ['HRANDFIELD', 'h', '4', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '9223372036854775807'],
    ['HRANDFIELD', 'h', '4611686018427387903', 'withvalues'],
    ['HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '-9223372036854775808'],
    ['HRANDFIELD', 'h', '-9223372036854775807', 'WITHVALUES'],
    ['HRANDFIELD', 'h', '9223372036854775808'],
    ['HRANDFIELD', 'h', 'x'],
    ['HRANDFIELD', 'h', '1.5'],
    ['HRANDFIELD', 'h', '1', 'WITHVALUE'],
    ['HRANDFIELD', 'h', '1', 'WITHVALUES', 'x'],
    ['HRANDFIELD', 'nokey', '1', 'x'],
    ['HRANDFIELD', 'nokey', 'x', 'WITHVALUES'],
    ['HSET', 'one', 'only', 'v'],
    ['HRANDFIELD', 'one'],
    ['HRANDFIELD', 'one', '1'],
    ['HRANDFIELD', 'one', '1', 'WITHVALUES'],
    ['HRANDFIELD', 'one', '-3'],
    ['HRANDFIELD', 'one', '-3', 'WITHVALUES'],
    ['HRANDFIELD', 'one', '2', 'WITHVALUES'],
  ]);
});

/** Members of an HRANDFIELD reply as [field, value|null] pairs, checking the shape. */
function randPairs(raw: string, resp: 2 | 3, withValues: boolean): [string, string | null][] {
  const r = decodeReply(raw) as Reply[];
  assert.ok(Array.isArray(r), raw);
  if (!withValues) return (r as string[]).map((f) => [f, null]);
  if (resp === 3) return (r as Reply[][]).map((e) => {
    assert.equal(e.length, 2);
    return [e[0] as string, e[1] as string];
  });
  assert.equal(r.length % 2, 0);
  const out: [string, string][] = [];
  for (let i = 0; i < r.length; i += 2) out.push([r[i] as string, r[i + 1] as string]);
  return out;
}

test('HRANDFIELD samples: repeats only for negative counts, values belong to their fields', async () => {
  const c = local.client;
  await c.call('FLUSHALL');
  const small: string[] = [];
  for (let i = 0; i < 10; i++) small.push(`f${i}`, `v${i}`);
  const big: string[] = [];
  for (let i = 0; i < 1000; i++) big.push(`f${i}`, `v${i}`);
  await c.call('HSET', 'small', ...small);
  await c.call('HSET', 'big', ...big);
  assert.equal(await c.call('OBJECT', 'ENCODING', 'big'), '$9\r\nhashtable\r\n');
  for (const resp of [2, 3] as const) {
    await c.call('HELLO', String(resp));
    for (const key of ['small', 'big']) {
      const size = key === 'small' ? 10 : 1000;
      for (const count of [1, 2, 5, 9, 300, 400, 999, -1, -5, -50, -3000]) {
        for (const wv of [false, true]) {
          const raw = await c.call('HRANDFIELD', key, String(count), ...(wv ? ['WITHVALUES'] : []));
          const got = randPairs(raw, resp, wv);
          const want = count < 0 ? -count : Math.min(count, size);
          assert.equal(got.length, want, `${key} ${count} ${wv}`);
          for (const [f, v] of got) {
            assert.match(f, /^f\d+$/);
            assert.ok(Number(f.slice(1)) < size);
            if (wv) assert.equal(v, 'v' + f.slice(1));
          }
          if (count > 0) assert.equal(new Set(got.map(([f]) => f)).size, got.length, 'distinct');
        }
      }
      // Without a count: one field as a bulk string.
      const one = decodeReply(await c.call('HRANDFIELD', key));
      assert.match(one as string, /^f\d+$/);
    }
    // Negative counts repeat: 50 picks out of 10 fields must repeat some.
    const rep = randPairs(await c.call('HRANDFIELD', 'small', '-50'), resp, false);
    assert.ok(new Set(rep.map(([f]) => f)).size <= 10);
  }
  await c.call('HELLO', '2');
  // Every field of a listpack shows up eventually in single picks.
  const seen = new Set<string>();
  for (let i = 0; i < 400 && seen.size < 10; i++) seen.add(decodeReply(await c.call('HRANDFIELD', 'small')) as string);
  assert.equal(seen.size, 10);
});

oracle.test('HSCAN: listpack replies whole, options and errors', async (pair) => {
  await assertSameInBothProtocols(pair, [
    ['HSET', 'h', 'a1', '1', 'b1', '2', 'a2', '3', 'x', '4', '', '5'],
    ['HSCAN', 'h', '0'],
    ['HSCAN', 'h', '12345'],
    ['HSCAN', 'h', '0', 'COUNT', '1'],
    ['HSCAN', 'h', '0', 'MATCH', 'a*'],
    ['HSCAN', 'h', '0', 'match', '*'],
    ['HSCAN', 'h', '0', 'MATCH', '?1', 'COUNT', '2'],
    ['HSCAN', 'h', '0', 'MATCH', 'zzz'],
    ['HSCAN', 'h', '0', 'MATCH', 'a*', 'MATCH', 'b*'],
    ['HSCAN', 'h', '0', 'COUNT', '0'],
    ['HSCAN', 'h', '0', 'COUNT', '-1'],
    ['HSCAN', 'h', '0', 'COUNT', 'x'],
    ['HSCAN', 'h', '0', 'COUNT'],
    ['HSCAN', 'h', '0', 'MATCH'],
    ['HSCAN', 'h', '0', 'TYPE', 'string'],
    ['HSCAN', 'h', '0', 'NOVALUES'],
    ['HSCAN', 'h', '0', 'foo', 'bar'],
    ['HSCAN', 'h', '-1'],
    ['HSCAN', 'h', '+3'],
    ['HSCAN', 'h', '007'],
    ['HSCAN', 'h', ''],
    ['HSCAN', 'h', ' 1'],
    ['HSCAN', 'h', '1x'],
    ['HSCAN', 'h', '18446744073709551615'],
    ['HSCAN', 'h', '18446744073709551616'],
    ['HSCAN', 'nokey', '0'],
    ['HSCAN', 'nokey', '0', 'COUNT', '0'],
    ['HSCAN', 'nokey', '0', 'bogus'],
    ['HSCAN', 'nokey', 'bad'],
  ]);
});

test('HSCAN on a hashtable: every field present throughout is returned, with its value', async () => {
  const c = local.client;
  await c.call('FLUSHALL');
  const args: string[] = [];
  for (let i = 0; i < 2000; i++) args.push(`f${i}`, `v${i}`);
  await c.call('HSET', 'h', ...args);
  assert.equal(await c.call('OBJECT', 'ENCODING', 'h'), '$9\r\nhashtable\r\n');
  const stable = new Set<string>();
  for (let i = 0; i < 2000; i++) if (i % 5 !== 0) stable.add(`f${i}`);
  const seen = new Set<string>();
  let cursor = '0';
  let calls = 0;
  let added = 0;
  do {
    const r = decodeReply(await c.call('HSCAN', 'h', cursor, 'COUNT', String(1 + (calls % 37)))) as [string, string[]];
    cursor = r[0];
    const items = r[1];
    assert.equal(items.length % 2, 0);
    for (let i = 0; i < items.length; i += 2) {
      const f = items[i]!;
      const v = items[i + 1]!;
      if (f.startsWith('f')) assert.equal(v, 'v' + f.slice(1));
      seen.add(f);
    }
    // Churn between calls: delete unstable fields, add new ones.
    const victim = calls * 5;
    if (victim < 2000) await c.call('HDEL', 'h', `f${victim}`);
    await c.call('HSET', 'h', `new${added}`, 'x');
    added++;
    calls++;
    assert.ok(calls < 5000, 'scan terminates');
  } while (cursor !== '0');
  for (const f of stable) assert.ok(seen.has(f), `missing ${f}`);
  // MATCH filters the fields of each step; a cursor beyond the end is clamped.
  const m = decodeReply(await c.call('HSCAN', 'h', '0', 'MATCH', 'f1*', 'COUNT', '100000')) as [string, string[]];
  assert.equal(m[0], '0');
  for (let i = 0; i < m[1].length; i += 2) assert.ok(m[1][i]!.startsWith('f1'));
  const far = decodeReply(await c.call('HSCAN', 'h', '18446744073709551615', 'COUNT', '5')) as [string, string[]];
  assert.equal(far[1].length, 10);
});

oracle.test('generic commands on hashes', async (pair) => {
  const args: string[] = [];
  for (let i = 0; i < 600; i++) args.push(`f${i}`, `v${i}`);
  await assertSameInBothProtocols(pair, [
    ['HSET', 'h', 'a', '1', 'b', '2'],
    ['HSET', 'big', ...args],
    ['TYPE', 'h'],
    ['TYPE', 'big'],
    ['OBJECT', 'ENCODING', 'h'],
    ['OBJECT', 'ENCODING', 'big'],
    ['DEBUG', 'DIGEST-VALUE', 'h'],
    ['DEBUG', 'DIGEST-VALUE', 'big'],
    ['DEBUG', 'DIGEST'],
    ['COPY', 'h', 'h2'],
    ['OBJECT', 'ENCODING', 'h2'],
    ['HSET', 'h2', 'c', '3'],
    ['HGETALL', 'h'],
    ['HGETALL', 'h2'],
    ['COPY', 'big', 'big2'],
    ['OBJECT', 'ENCODING', 'big2'],
    ['HDEL', 'big2', 'f1'],
    ['HLEN', 'big'],
    ['HLEN', 'big2'],
    ['DEBUG', 'DIGEST-VALUE', 'big2'],
    ['COPY', 'h', 'h2'],
    ['COPY', 'h', 'h2', 'REPLACE'],
    ['HGETALL', 'h2'],
    ['RENAME', 'h2', 'h3'],
    ['HGETALL', 'h3'],
    ['MOVE', 'h3', '1'],
    ['EXISTS', 'h3'],
    ['SELECT', '1'],
    ['HGETALL', 'h3'],
    ['SELECT', '0'],
    ['SCAN', '0', 'TYPE', 'string', 'COUNT', '1000'],
    ['EXPIRE', 'h', '100'],
    ['TTL', 'h'],
    ['HSET', 'h', 'c', '3'],
    ['TTL', 'h'],
    ['HDEL', 'h', 'a', 'b', 'c'],
    ['TTL', 'h'],
    ['EXISTS', 'h'],
    ['DEL', 'big'],
    ['UNLINK', 'big2'],
    ['DBSIZE'],
  ]);
  // The digest of the whole keyspace, with a TTL and both encodings, must agree.
  await both(pair, [['FLUSHALL'], ['HSET', 'x', 'a', '1'], ['HSET', 'y', ...args], ['PEXPIRE', 'x', '100000'], ['DEBUG', 'DIGEST'], ['DEBUG', 'DIGEST-VALUE', 'x', 'y']]);
  // SCAN ... TYPE hash: same keys (the keyspace order is each server's own).
  await pair.both('SET', 'str', 'v');
  const [sa, sb] = await decoded(pair, 'SCAN', '0', 'TYPE', 'hash', 'COUNT', '1000');
  assert.deepEqual(((sa as Reply[])[1] as string[]).sort(), ['x', 'y']);
  assert.deepEqual(((sb as Reply[])[1] as string[]).sort(), ['x', 'y']);
  // MEMORY USAGE is an estimate: a number on both. DUMP of a hash must not crash tsredis.
  const [ma, mb] = await pair.both('MEMORY', 'USAGE', 'y');
  assert.match(ma, /^:\d+\r\n$/);
  assert.match(mb, /^:\d+\r\n$/);
  const [da] = await pair.both('DUMP', 'x');
  assert.ok(da[0] === '$' || da[0] === '-', da);
  assert.equal((await pair.both('PING'))[0], '+PONG\r\n');
});

test('HINCRBYFLOAT propagates as HSET with the result; other writes as sent', async () => {
  const srv = local.srv;
  const c = local.client;
  await c.call('FLUSHALL');
  const seen: string[][] = [];
  const hook = (_db: number, argv: string[]): void => {
    seen.push([...argv]);
  };
  srv.server.propagateHooks.push(hook);
  try {
    await c.call('HINCRBYFLOAT', 'h', 'f', '0.1');
    await c.call('HINCRBYFLOAT', 'h', 'f', '0.2');
    await c.call('HINCRBY', 'h', 'n', '3');
    await c.call('HSET', 'h', 'a', '1');
    await c.call('HMSET', 'h', 'b', '2');
    await c.call('HSETNX', 'h', 'a', '9'); // no change: not propagated
    await c.call('HDEL', 'h', 'zz'); // no change: not propagated
    await c.call('HDEL', 'h', 'a');
  } finally {
    srv.server.propagateHooks.splice(srv.server.propagateHooks.indexOf(hook), 1);
  }
  assert.deepEqual(seen.filter((a) => a[0] !== 'SELECT' && a[0] !== 'select'), [
    ['HSET', 'h', 'f', '0.1'],
    ['HSET', 'h', 'f', '0.3'],
    ['HINCRBY', 'h', 'n', '3'],
    ['HSET', 'h', 'a', '1'],
    ['HMSET', 'h', 'b', '2'],
    ['HDEL', 'h', 'a'],
  ]);
});

test('keyspace events and dirty counts of hash writes', async () => {
  const srv = local.srv.server;
  const c = local.client;
  await c.call('FLUSHALL');
  const events: string[] = [];
  const original = srv.notifyKeyspaceEvent;
  srv.notifyKeyspaceEvent = function (type: string, event: string, key: string, dbIndex: number): void {
    events.push(`${type}:${event}:${key}:${dbIndex}`);
    original.call(this, type, event, key, dbIndex);
  };
  try {
    const dirty0 = srv.dirty;
    await c.call('HSET', 'h', 'a', '1', 'b', '2');
    assert.equal(srv.dirty - dirty0, 2);
    await c.call('HSETNX', 'h', 'c', '3');
    await c.call('HSETNX', 'h', 'c', '3');
    await c.call('HMSET', 'h', 'd', '4');
    await c.call('HINCRBY', 'h', 'n', '1');
    await c.call('HINCRBYFLOAT', 'h', 'x', '1.5');
    await c.call('HINCRBY', 'h', 'a', 'notanint');
    const dirty1 = srv.dirty;
    await c.call('HDEL', 'h', 'a', 'b', 'zz');
    assert.equal(srv.dirty - dirty1, 2);
    await c.call('HDEL', 'h', 'zz');
    await c.call('HDEL', 'h', 'c', 'd', 'n', 'x');
  } finally {
    srv.notifyKeyspaceEvent = original;
  }
  assert.deepEqual(events, [
    'h:hset:h:0',
    'h:hset:h:0',
    'h:hset:h:0',
    'h:hincrby:h:0',
    'h:hincrbyfloat:h:0',
    'h:hdel:h:0',
    'h:hdel:h:0',
    'g:del:h:0',
  ]);
});

oracle.test('HRANDFIELD with a huge negative count stops at the output buffer limit', async (pair) => {
  await pair.both('FLUSHALL');
  await pair.both('HSET', 'h', 'a', '1', 'b', '2');
  const ca = await RawClient.connect(pair.ts.port);
  const cb = await RawClient.connect(pair.redis.port);
  try {
    for (const [cl] of [[ca], [cb]] as const) {
      assert.equal(await cl.call('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 0 0'), '+OK\r\n');
      cl.write('*3\r\n$10\r\nHRANDFIELD\r\n$1\r\nh\r\n$9\r\n-10000000\r\n');
      await cl.waitClose(10000);
    }
  } finally {
    ca.close();
    cb.close();
    await pair.both('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0');
  }
  assert.equal((await pair.both('HLEN', 'h'))[0], ':2\r\n');
});
