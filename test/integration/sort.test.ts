// SORT / SORT_RO, differential against Redis 7.0: numeric and ALPHA sorting of sets,
// zsets and lists, BY patterns (nosort, string keys, hash fields), GET (#, missing keys,
// hash fields), LIMIT edge cases, ASC/DESC, STORE, errors, zset conversion, key specs.
import assert from 'node:assert/strict';
import { sharedPair, type Pair, type Cmd } from '../helpers.js';

const oracle = sharedPair();

async function same(p: Pair, cmds: Cmd[], label = ''): Promise<void> {
  for (const c of cmds) {
    const [x, y] = await p.both(...c);
    assert.equal(x, y, `${label} ${JSON.stringify(c.map(String)).slice(0, 300)}`);
  }
}

function hasLists(p: Pair): boolean {
  return p.ts.server.table.lookup('rpush') !== undefined;
}

/** Every option combination worth checking for one source key. */
function variants(key: string, store: boolean, kind: 'ordered' | 'zset' | 'hashset' = 'ordered'): Cmd[] {
  const out: Cmd[] = [];
  const orders = [[], ['DESC'], ['ASC'], ['ALPHA'], ['ALPHA', 'DESC']];
  const bys = [[], ['BY', 'nosort'], ['BY', 'w_*'], ['BY', 'h_*->f'], ['BY', 'missing_*'], ['BY', 'h_*->']];
  const limits = [[], ['LIMIT', '0', '3'], ['LIMIT', '2', '2'], ['LIMIT', '-1', '2'], ['LIMIT', '1', '-1'], ['LIMIT', '100', '5'], ['LIMIT', '0', '0']];
  const gets = [[], ['GET', '#'], ['GET', 'w_*', 'GET', '#', 'GET', 'h_*->f', 'GET', 'nope_*', 'GET', 'fixed']];
  for (const o of orders) for (const b of bys) for (const l of limits) for (const g of gets) {
    // Orders Redis takes from its dict (hashtable sets unsorted, ALPHA ties under BY in
    // hashtable sets and zsets) are not comparable byte for byte.
    if (kind !== 'ordered' && o[0] === 'ALPHA' && b.length > 0 && b[1] !== 'nosort') continue;
    if (kind === 'hashset' && b[1] === 'nosort') continue;
    out.push(['SORT', key, ...b, ...l, ...g, ...o]);
    out.push(['SORT_RO', key, ...o, ...b, ...l, ...g]);
    if (store) out.push(['SORT', key, ...b, ...l, ...g, ...o, 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'], ['EXISTS', 'dst']);
  }
  return out;
}

async function setup(p: Pair): Promise<void> {
  await same(p, [
    ['FLUSHALL'],
    ['SADD', 'si', '5', '3', '-10', '100', '7', '0'],
    ['SADD', 'ss', 'b', 'a', 'c10', 'c9', 'D', 'e'],
    ['ZADD', 'z', '3', 'three', '1', 'one', '2', 'two', '10', 'ten', '2', 'deux'],
    ['ZADD', 'zn', '1', '30', '2', '4', '3', '200', '4', '-1.5'],
    ['MSET', 'w_5', '2', 'w_3', '1', 'w_-10', '9', 'w_100', '0.5', 'w_7', '2', 'w_0', '-inf',
      'w_three', '3', 'w_one', '30', 'w_two', '3', 'w_ten', '1', 'w_deux', '0x10', 'w_30', '1', 'w_4', '2', 'w_200', ' 3', 'w_-1.5', '4'],
    ['HSET', 'h_5', 'f', 'x'], ['HSET', 'h_3', 'f', 'y'], ['HSET', 'h_one', 'f', '1'], ['HSET', 'h_two', 'f', '1'], ['HSET', 'h_30', 'f', 'b'],
  ]);
}

oracle.test('SORT of sets and zsets: every option combination', async (p) => {
  await setup(p);
  for (const key of ['si', 'ss', 'z', 'zn', 'nokey']) {
    await same(p, variants(key, false, key === 'ss' ? 'hashset' : key.startsWith('z') ? 'zset' : 'ordered'), key);
    await setup(p);
  }
});

oracle.test('SORT BY nosort of a set from a script is sorted ALPHA', async (p) => {
  if (!p.ts.server.table.lookup('eval')) return;
  await same(p, [['FLUSHALL'], ['SADD', 's', 'b', 'a', 'c', '10', '9'], ['EVAL', "return redis.call('SORT', KEYS[1], 'BY', 'nosort')", '1', 's'],
    ['EVAL', "return redis.call('SORT', KEYS[1], 'BY', 'nosort', 'DESC', 'LIMIT', 1, 2)", '1', 's'], ['EVAL', "return redis.call('SORT_RO', KEYS[1], 'BY', 'nosort')", '1', 's']]);
});

oracle.test('SORT converts a listpack zset to a skiplist', async (p) => {
  await same(p, [['FLUSHALL'], ['ZADD', 'z', '1', 'a', '2', 'b'], ['OBJECT', 'ENCODING', 'z'], ['SORT_RO', 'z', 'BY', 'nosort'], ['OBJECT', 'ENCODING', 'z'],
    ['ZADD', 'y', '1', 'a'], ['SORT', 'y'], ['OBJECT', 'ENCODING', 'y']]);
});

oracle.test('SORT errors and arguments', async (p) => {
  await same(p, [
    ['FLUSHALL'], ['SET', 'str', 'x'], ['HSET', 'h', 'a', '1'], ['SADD', 's', '1', '2'],
    ['SORT', 'str'], ['SORT', 'h'], ['SORT_RO', 'str'],
    ['SORT', 's', 'LIMIT', '1'], ['SORT', 's', 'LIMIT', 'x', '1'], ['SORT', 's', 'LIMIT', '1', 'y'], ['SORT', 's', 'BY'], ['SORT', 's', 'GET'],
    ['SORT', 's', 'FOO'], ['SORT_RO', 's', 'STORE', 'd'], ['SORT', 's', 'STORE'], ['SORT', 'str', 'FOO'],
    ['SORT', 's', 'LIMIT', '99999999999999999999', '1'],
    ['COMMAND', 'INFO', 'sort', 'sort_ro'],
    ['COMMAND', 'GETKEYS', 'SORT', 'a', 'STORE', 'b', 'BY', 'x', 'GET', 'STORE', 'STORE', 'c'],
    ['COMMAND', 'GETKEYS', 'SORT', 'a', 'LIMIT', 'STORE', 'x', 'STORE', 'd'],
    ['COMMAND', 'GETKEYS', 'SORT_RO', 'a', 'GET', 'x'],
  ]);
});

oracle.test('SORT STORE (sets, zsets, lists) and lists', async (p) => {
  if (!hasLists(p)) return;
  await setup(p);
  await same(p, [['RPUSH', 'l', '5', '3', '100', '3', '-10', '7'], ['RPUSH', 'la', 'b', 'a', 'B', 'a']]);
  for (const key of ['l', 'la', 'si', 'ss', 'z']) await same(p, variants(key, true, key === 'ss' ? 'hashset' : key.startsWith('z') ? 'zset' : 'ordered'), key);
  await same(p, [
    ['SET', 'dst', 'x'], ['EXPIRE', 'dst', '100'], ['SORT', 'si', 'STORE', 'dst'], ['TTL', 'dst'], ['TYPE', 'dst'], ['OBJECT', 'ENCODING', 'dst'],
    ['SORT', 'nokey', 'STORE', 'dst'], ['EXISTS', 'dst'], ['SORT', 'si', 'BY', 'nosort', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'],
  ]);
});

oracle.test('SORT weights: strtod rules and conversion errors', async (p) => {
  // Redis never clears errno before strtod, so once an out-of-range weight set ERANGE,
  // later in-range weights can fail too until some other call resets errno: the
  // out-of-range cases come last (and this test runs last).
  const weights = ['1', ' 2', '3 ', '0x1A', '0x', '0e-500', '0x1p-1074', 'inf', '-Infinity', 'nan', '', '+5', '.5', '5.', 'abc', '1e', '\t7', '2.5e3', '1\x00junk', '0x1p3', '-0', '1e400', '-1e400', '1e-400', '4.9e-324'];
  for (const w of weights) {
    await same(p, [['FLUSHALL'], ['SADD', 's', '1', '2', '3'], ['SET', 'w_1', w], ['SET', 'w_2', '10'], ['SORT', 's', 'BY', 'w_*'], ['SET', 'x', w], ['SADD', 't', 'x', '5'], ['SORT', 't', 'BY', '*']], JSON.stringify(w));
    // (ALPHA ties, as strcoll stops at NUL, keep Redis's dict order: not comparable.)
    await same(p, [['SADD', 'u', w, '1'], ['SORT', 'u'], ...(w.includes('\0') ? [] : [['SORT', 'u', 'ALPHA']])], JSON.stringify(w));
  }
});
