// Differential tests of the set group against real Redis 7.0: replies compared byte for
// byte in RESP2 and RESP3 wherever Redis is deterministic (errors, counts, intsets, which
// reply in ascending order, and hashtable results compared as unordered sets), encodings
// across the intset -> hashtable thresholds, the random commands' shapes and invariants,
// SSCAN's guarantee, generic commands on sets, keyspace events, the dirty counter and what
// SPOP propagates.
import assert from 'node:assert/strict';
import { type Pair, type Cmd, sharedPair, sameKeyspaceEvents } from '../helpers.js';
import { repliesAgree, splitAggregate } from '../../scripts/compat/compare.js';
import type { CompareMode } from '../../scripts/compat/gen.js';

const oracle = sharedPair();

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';

/** A command whose reply is compared under a mode other than byte for byte. */
interface Loose {
  mode: CompareMode;
  cmd: Cmd;
}
const U = (...cmd: Cmd): Loose => ({ mode: 'unordered', cmd });
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

/** Runs the steps on flushed servers in RESP2, then in RESP3; asserts no mismatch. */
async function sameInBoth(p: Pair, steps: (Cmd | Loose)[], setup: Cmd[] = []): Promise<void> {
  const m: string[] = [];
  for (const resp of ['2', '3']) {
    await p.both('FLUSHALL');
    await p.both('HELLO', resp);
    for (const s of setup) await p.both(...s);
    m.push(...(await mismatches(p, steps)).map((x) => `RESP${resp} ${x}`));
  }
  await p.both('HELLO', '2');
  await p.both('CONFIG', 'SET', 'set-max-intset-entries', '512');
  assert.deepEqual(m, []);
}

/** Elements of an array/set reply as strings (bulk contents). */
function elems(raw: string): string[] {
  const agg = splitAggregate(raw);
  assert.ok(agg, `not an aggregate: ${JSON.stringify(raw)}`);
  return agg.elems.map((e) => {
    assert.equal(e[0], '$', `not a bulk: ${JSON.stringify(e)}`);
    return e.slice(e.indexOf('\r\n') + 2, -2);
  });
}

const SET_COMMANDS = [
  'sadd', 'srem', 'scard', 'sismember', 'smismember', 'smembers', 'smove', 'spop', 'srandmember',
  'sinter', 'sintercard', 'sinterstore', 'sunion', 'sunionstore', 'sdiff', 'sdiffstore', 'sscan',
];

oracle.test('COMMAND INFO and COMMAND DOCS of the set commands', async (p) => {
  await sameInBoth(p, [
    ...SET_COMMANDS.map((n): Cmd => ['COMMAND', 'INFO', n]),
    ['COMMAND', 'GETKEYS', 'SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
    ['COMMAND', 'GETKEYS', 'SINTERCARD', '0', 'a'],
    ['COMMAND', 'GETKEYS', 'SMOVE', 'a', 'b', 'm'],
    ['COMMAND', 'GETKEYS', 'SINTERSTORE', 'd', 'a', 'b'],
    ['COMMAND', 'GETKEYSANDFLAGS', 'SDIFFSTORE', 'd', 'a', 'b'],
  ]);
});

oracle.test('intsets reply in ascending numeric order; membership of non-canonical integers', async (p) => {
  await sameInBoth(p, [
    ['SADD', 's', '3', '1', '2', '-5', MAX, MIN, '0', '10', '-10', '100', '-100', '9', '-9'],
    ['SADD', 's', '3', '1'],
    ['SMEMBERS', 's'],
    ['OBJECT', 'ENCODING', 's'],
    ['SCARD', 's'],
    ['SSCAN', 's', '0'],
    ['SSCAN', 's', '0', 'COUNT', '1'],
    ['SSCAN', 's', '7', 'MATCH', '1*'],
    ['SSCAN', 's', '0', 'match', '*', 'count', '100'],
    ['SISMEMBER', 's', '1'], ['SISMEMBER', 's', '01'], ['SISMEMBER', 's', '+1'], ['SISMEMBER', 's', '-0'],
    ['SISMEMBER', 's', MAX], ['SISMEMBER', 's', '9223372036854775808'], ['SISMEMBER', 's', 'x'], ['SISMEMBER', 's', ''],
    ['SMISMEMBER', 's', '1', '01', '-100', 'x', MIN],
    ['SMISMEMBER', 'nokey', 'a', 'b'],
    ['SADD', 't', '5', '4', '3', '2', '1'],
    ['SINTER', 's', 't'], ['SINTER', 't', 's'], ['SINTER', 't'], ['SINTER', 's', 's'],
    ['SUNION', 't', 's'], ['SUNION', 's', 'nokey', 't'],
    ['SDIFF', 's', 't'], ['SDIFF', 't', 's'], ['SDIFF', 's', 'nokey'], ['SDIFF', 's', 's'], ['SDIFF', 'nokey', 's'],
    ['SINTERCARD', '2', 's', 't'], ['SINTERCARD', '2', 's', 't', 'LIMIT', '2'], ['SINTERCARD', '1', 's', 'limit', '0'],
    ['SINTERSTORE', 'd', 's', 't'], ['SMEMBERS', 'd'], ['OBJECT', 'ENCODING', 'd'],
    ['SUNIONSTORE', 'd', 's', 't'], ['SMEMBERS', 'd'],
    ['SDIFFSTORE', 'd', 's', 't'], ['SMEMBERS', 'd'],
    ['SPOP', 't', '5'], ['EXISTS', 't'],
    ['SADD', 't', '7', '-7'], ['SRANDMEMBER', 't', '2'], ['SRANDMEMBER', 't', '100'], ['SPOP', 't', '2'],
    ['SADD', 'h', 'b', 'a', '1', '2'],
    U('SINTER', 's', 'h'),
    ['SINTER', 'h', 'd'],
    U('SMEMBERS', 'h'),
    U('SUNION', 'h', 's'),
    U('SDIFF', 'h', 'd'),
    ['SMOVE', 'h', 'd', 'a'], ['SMOVE', 'h', 'd', 'a'], U('SMEMBERS', 'd'),
    ['OBJECT', 'ENCODING', 'd'],
    ['SADD', '', ''], ['SMEMBERS', ''], ['SREM', '', ''], ['EXISTS', ''],
    ['SADD', 'bin', '\x00\xff', 'a\r\nb'], U('SMEMBERS', 'bin'), ['SISMEMBER', 'bin', '\x00\xff'],
  ]);
});

oracle.test('argument errors, WRONGTYPE and the order Redis checks them in', async (p) => {
  await sameInBoth(p, [
    ['SADD', 'str', 'x'], ['SREM', 'str', 'x'], ['SCARD', 'str'], ['SISMEMBER', 'str', 'x'], ['SMISMEMBER', 'str', 'x'],
    ['SMEMBERS', 'str'], ['SMOVE', 'str', 's', 'x'], ['SMOVE', 's', 'str', '1'], ['SMOVE', 'nokey', 'str', '1'], ['SMOVE', 's', 'str', 'none'],
    ['SPOP', 'str'], ['SPOP', 'str', '0'], ['SPOP', 'str', 'x'], ['SRANDMEMBER', 'str'], ['SRANDMEMBER', 'str', '0'], ['SRANDMEMBER', 'str', 'x'],
    ['SINTER', 'nokey', 'str'], ['SINTER', 's', 'str'], ['SINTERSTORE', 'd', 'nokey', 'str'], ['SINTERCARD', '2', 'nokey', 'str'],
    ['SUNION', 'nokey', 'str'], ['SUNIONSTORE', 'd', 's', 'str'], ['SDIFF', 'nokey', 'str'], ['SDIFF', 's', 'str'], ['SDIFFSTORE', 'd', 'str'],
    ['SSCAN', 'str', '0'], ['SSCAN', 'str', 'x'], ['SSCAN', 'nokey', 'x'], ['SSCAN', 'nokey', '0', 'COUNT', 'x'], ['SSCAN', 's', '0', 'COUNT', 'x'],
    ['SSCAN', 's', '0', 'COUNT', '0'], ['SSCAN', 's', '0', 'COUNT', '-1'], ['SSCAN', 's', '0', 'TYPE', 'set'], ['SSCAN', 's', '0', 'MATCH'],
    ['SSCAN', 's', '-1'], ['SSCAN', 's', '18446744073709551616'], ['SSCAN', 's', ''], ['SSCAN', 's', '+0'],
    ['SPOP', 's', '-1'], ['SPOP', 's', 'x'], ['SPOP', 'nokey', 'x'], ['SPOP', 's', '1', '2'], ['SPOP', 'nokey', '0'], ['SPOP', 'nokey'], ['SPOP', 'nokey', '5'],
    ['SPOP', 's', '0'], ['SPOP', 's', MIN], ['SPOP', 's', '1.5'],
    ['SRANDMEMBER', 's', MIN], ['SRANDMEMBER', 's', '9223372036854775808'], ['SRANDMEMBER', 's', 'x'], ['SRANDMEMBER', 's', '1', '2'],
    ['SRANDMEMBER', 's', '-0'], ['SRANDMEMBER', 's', '0'], ['SRANDMEMBER', 'nokey'], ['SRANDMEMBER', 'nokey', '-5'], ['SRANDMEMBER', 'nokey', '5'],
    ['SRANDMEMBER', 's', MAX],
    ['SINTERCARD', '0', 's'], ['SINTERCARD', 'x', 's'], ['SINTERCARD', '-1', 's'], ['SINTERCARD', '9223372036854775808', 's'], ['SINTERCARD', '3', 's'],
    ['SINTERCARD', '1', 's', 'LIMIT', '-1'], ['SINTERCARD', '1', 's', 'LIMIT', 'x'], ['SINTERCARD', '1', 's', 'LIMIT'], ['SINTERCARD', '1', 's', 'FOO', '1'],
    ['SINTERCARD', '1', 's', 'LIMIT', '1', 'LIMIT', '5'], ['SINTERCARD', '2', 's', 'nokey'], ['SINTERCARD', '1', 'nokey', 'LIMIT', '-1'],
    ['SINTERCARD', '2', 's', 'LIMIT'],
    ['SADD', 's'], ['SREM', 's'], ['SCARD'], ['SMOVE', 's', 'd'], ['SINTERSTORE', 'd'], ['SINTERCARD', '1'], ['SSCAN', 's'],
    ['SREM', 'nokey', 'a'], ['SCARD', 'nokey'], ['SISMEMBER', 'nokey', 'a'], ['SMEMBERS', 'nokey'],
    ['SINTER', 'nokey'], ['SUNION', 'nokey'], ['SDIFF', 'nokey'], ['SINTERSTORE', 'd', 'nokey'], ['SUNIONSTORE', 'd', 'nokey'],
  ], [['SET', 'str', 'v'], ['SADD', 's', '1', '2', '3']]);
});

oracle.test('SREM, SMOVE and *STORE delete emptied keys, overwrite any type and drop the TTL', async (p) => {
  await sameInBoth(p, [
    ['SADD', 's', 'a', 'b', 'c'], ['SREM', 's', 'a', 'x', 'a'], ['SREM', 's', 'b', 'c', 'd'], ['EXISTS', 's'],
    ['SADD', 's', '1'], ['SMOVE', 's', 'd', '2'], ['SMOVE', 's', 'd', '1'], ['EXISTS', 's'], ['SMEMBERS', 'd'], ['OBJECT', 'ENCODING', 'd'],
    ['SADD', 's', 'x'], ['SMOVE', 's', 'd', 'x'], ['OBJECT', 'ENCODING', 'd'], U('SMEMBERS', 'd'),
    ['SADD', 's', '1'], ['SMOVE', 's', 'd', '1'], ['EXISTS', 's'], ['SCARD', 'd'],
    ['SMOVE', 'd', 'd', '1'], ['SMOVE', 'd', 'd', 'zz'], ['SCARD', 'd'],
    ['SET', 'dst', 'string'], ['EXPIRE', 'dst', '1000'],
    ['SADD', 'a', '1', '2', '3'], ['SADD', 'b', '2', '3', '4'],
    ['SINTERSTORE', 'dst', 'a', 'b'], ['TYPE', 'dst'], ['TTL', 'dst'], ['SMEMBERS', 'dst'],
    ['EXPIRE', 'dst', '1000'], ['SUNIONSTORE', 'dst', 'a', 'b'], ['TTL', 'dst'], ['SMEMBERS', 'dst'],
    ['SDIFFSTORE', 'dst', 'a', 'b'], ['SMEMBERS', 'dst'],
    ['SDIFFSTORE', 'dst', 'a', 'a'], ['EXISTS', 'dst'],
    ['SET', 'dst', 'string'], ['SINTERSTORE', 'dst', 'a', 'nokey'], ['EXISTS', 'dst'],
    ['SET', 'dst', 'string'], ['SUNIONSTORE', 'dst', 'nokey'], ['EXISTS', 'dst'],
    ['SET', 'dst', 'string'], ['SDIFFSTORE', 'dst', 'nokey', 'a'], ['EXISTS', 'dst'],
    ['SINTERSTORE', 'a', 'a', 'b'], ['SMEMBERS', 'a'],
    ['SUNIONSTORE', 'a', 'a', 'b'], ['SMEMBERS', 'a'],
    ['SDIFFSTORE', 'b', 'b', 'a', 'b'], ['EXISTS', 'b'],
    ['EXPIRE', 'a', '1000'], ['SADD', 'a', '9'], ['TTL', 'a'], SHAPE('SPOP', 'a', '3'), ['TTL', 'a'],
    // SPOP keeping the rest in a new set keeps the TTL too; popping everything deletes the key.
    ['SADD', 't', '1', '2', '3', '4', '5', 'x'], ['EXPIRE', 't', '1000'], SHAPE('SPOP', 't', '5'), ['TTL', 't'], ['SCARD', 't'],
    SHAPE('SPOP', 't', '1'), ['EXISTS', 't'], ['TTL', 't'],
  ]);
});

oracle.test('encodings follow set-max-intset-entries like Redis', async (p) => {
  const ints = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => String(from + i));
  await sameInBoth(p, [
    ['CONFIG', 'SET', 'set-max-intset-entries', '4'],
    ['SADD', 'a', ...ints(1, 4)], ['OBJECT', 'ENCODING', 'a'],
    ['SADD', 'a', '5'], ['OBJECT', 'ENCODING', 'a'], ['SREM', 'a', '5', '4'], ['OBJECT', 'ENCODING', 'a'],
    ['SADD', 'b', ...ints(1, 5)], ['OBJECT', 'ENCODING', 'b'],
    ['SADD', 'c', 'x', '1'], ['OBJECT', 'ENCODING', 'c'], ['SREM', 'c', 'x'], ['OBJECT', 'ENCODING', 'c'],
    ['SADD', 'e', '1', '01'], ['OBJECT', 'ENCODING', 'e'],
    ['SADD', 'f', MAX, MIN], ['OBJECT', 'ENCODING', 'f'], ['SADD', 'f', '9223372036854775808'], ['OBJECT', 'ENCODING', 'f'],
    // SDIFFSTORE: algorithm 1 builds only the result (an intset here)...
    ['SADD', 'big', ...ints(1, 10)], ['SADD', 'sub', ...ints(1, 8)],
    ['SDIFFSTORE', 'r1', 'big', 'sub'], ['OBJECT', 'ENCODING', 'r1'], ['SMEMBERS', 'r1'],
    // ...algorithm 2 (first set much larger than the rest) passes it through a hashtable.
    ['SADD', 'one', '3'], ['SDIFFSTORE', 'r2', 'big', 'one'], ['OBJECT', 'ENCODING', 'r2'], U('SMEMBERS', 'r2'),
    ['SDIFFSTORE', 'r3', 'big', 'sub', 'one'], ['OBJECT', 'ENCODING', 'r3'],
    ['SINTERSTORE', 'r4', 'big', 'sub'], ['OBJECT', 'ENCODING', 'r4'],
    ['SINTERSTORE', 'r5', 'big', 'one'], ['OBJECT', 'ENCODING', 'r5'], ['SMEMBERS', 'r5'],
    ['SUNIONSTORE', 'r6', 'one', 'a'], ['OBJECT', 'ENCODING', 'r6'], ['SMEMBERS', 'r6'],
    ['SUNIONSTORE', 'r7', 'one', 'a', 'c'], ['OBJECT', 'ENCODING', 'r7'],
    ['SUNIONSTORE', 'r8', 'big'], ['OBJECT', 'ENCODING', 'r8'],
    U('SUNION', 'big', 'sub'), U('SINTER', 'big', 'sub'),
    ['SMOVE', 'big', 'new', '1'], ['OBJECT', 'ENCODING', 'new'], ['SMOVE', 'c', 'new2', '1'], ['OBJECT', 'ENCODING', 'new2'],
    // SPOP with a count close to the size keeps the rest in a new set, encoded afresh.
    ['SADD', 'p', ...ints(1, 10)], ['OBJECT', 'ENCODING', 'p'], SHAPE('SPOP', 'p', '9'), ['OBJECT', 'ENCODING', 'p'], ['SCARD', 'p'],
    ['SADD', 'q', ...ints(1, 10)], SHAPE('SPOP', 'q', '1'), ['OBJECT', 'ENCODING', 'q'], ['SCARD', 'q'],
    ['SADD', 'w', ...ints(1, 10)], SHAPE('SPOP', 'w', '8'), ['OBJECT', 'ENCODING', 'w'], ['SCARD', 'w'],
    ['CONFIG', 'SET', 'set-max-intset-entries', '0'],
    ['SADD', 'z', '1'], ['OBJECT', 'ENCODING', 'z'],
    ['SINTERSTORE', 'z2', 'a', 'a'], ['OBJECT', 'ENCODING', 'z2'],
    ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
    ['SADD', 'big2', ...ints(-300, 600)], ['OBJECT', 'ENCODING', 'big2'],
    ['SADD', 'mid', ...ints(-300, 512)], ['OBJECT', 'ENCODING', 'mid'], ['SMEMBERS', 'mid'],
  ]);
});

oracle.test('set algebra on hashtables of a thousand members', async (p) => {
  const range = (from: number, n: number, prefix = ''): string[] => Array.from({ length: n }, (_, i) => prefix + String(from + i));
  await sameInBoth(p, [
    ['SADD', 'a', ...range(0, 1000, 'm')], ['SADD', 'b', ...range(500, 1000, 'm')], ['SADD', 'c', ...range(900, 300, 'm')],
    ['SADD', 'n', ...range(0, 1000)], ['SADD', 'o', ...range(0, 300)],
    U('SINTER', 'a', 'b', 'c'), U('SUNION', 'a', 'b', 'c'), U('SDIFF', 'a', 'b'), U('SDIFF', 'c', 'a', 'b'), U('SDIFF', 'a', 'c'),
    ['SINTERCARD', '3', 'a', 'b', 'c'], ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '77'],
    ['SINTERSTORE', 'd', 'a', 'b'], ['SCARD', 'd'], ['OBJECT', 'ENCODING', 'd'],
    ['SDIFFSTORE', 'd', 'n', 'o'], ['SCARD', 'd'], ['OBJECT', 'ENCODING', 'd'],
    ['SDIFFSTORE', 'd', 'o', 'n'], ['EXISTS', 'd'],
    ['SINTER', 'o', 'n'], ['SINTERSTORE', 'd', 'n', 'o'], ['OBJECT', 'ENCODING', 'd'], ['SMEMBERS', 'd'],
    ['SUNIONSTORE', 'd', 'o', 'a'], ['SCARD', 'd'], ['SREM', 'n', ...range(0, 990)], ['OBJECT', 'ENCODING', 'n'], ['SCARD', 'n'],
  ]);
});

oracle.test('SPOP and SRANDMEMBER: reply shapes, members and what is left', async (p) => {
  await sameInBoth(p, [
    ['SADD', 'i', '1', '2', '3', '4', '5'],
    SHAPE('SPOP', 'i'), ['SCARD', 'i'], SHAPE('SPOP', 'i', '1'), ['SCARD', 'i'], SHAPE('SPOP', 'i', '2'), ['SCARD', 'i'],
    SHAPE('SRANDMEMBER', 'i'), SHAPE('SRANDMEMBER', 'i', '1'), SHAPE('SRANDMEMBER', 'i', '-1'), SHAPE('SRANDMEMBER', 'i', '-10'),
    SHAPE('SRANDMEMBER', 'i', '2'), SHAPE('SPOP', 'i'), SHAPE('SPOP', 'i'), ['EXISTS', 'i'], ['SPOP', 'i'],
    ['SADD', 'h', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
    SHAPE('SPOP', 'h', '1'), SHAPE('SPOP', 'h', '7'), ['SCARD', 'h'], SHAPE('SRANDMEMBER', 'h', '-5'), SHAPE('SRANDMEMBER', 'h', '1'),
    SHAPE('SRANDMEMBER', 'h', '2'), SHAPE('SRANDMEMBER', 'h', '3'), SHAPE('SPOP', 'h', '3'), ['EXISTS', 'h'],
  ]);
  // Invariants on tsredis alone: members come from the set, unique unless the count is negative.
  const c = p.a;
  await c.call('FLUSHALL');
  const all = Array.from({ length: 300 }, (_, i) => (i % 2 ? `m${i}` : String(i)));
  await c.call('SADD', 'big', ...all);
  const members = new Set(all);
  for (const n of [1, 5, 50, 99, 100, 150, 299, 300, 1000]) {
    const got = elems(await c.call('SRANDMEMBER', 'big', String(n)));
    assert.equal(got.length, Math.min(n, 300));
    assert.equal(new Set(got).size, got.length, `SRANDMEMBER ${n} repeats`);
    for (const m of got) assert.ok(members.has(m));
    const neg = elems(await c.call('SRANDMEMBER', 'big', String(-n)));
    assert.equal(neg.length, n);
    for (const m of neg) assert.ok(members.has(m));
  }
  for (const n of [1, 10, 60, 100]) {
    const got = elems(await c.call('SPOP', 'big', String(n)));
    assert.equal(new Set(got).size, n);
    for (const m of got) {
      assert.ok(members.delete(m), `SPOP returned ${m} twice or a non-member`);
    }
    assert.equal(await c.call('SCARD', 'big'), `:${members.size}\r\n`);
  }
  // The remaining 129: a count of 120 takes the "keep the rest in a new set" path.
  const rest = elems(await c.call('SPOP', 'big', '120'));
  for (const m of rest) assert.ok(members.delete(m));
  assert.deepEqual(new Set(elems(await c.call('SMEMBERS', 'big'))), members);
});

oracle.test('SSCAN walks a hashtable completely and keeps its guarantee under changes', async (p) => {
  await sameInBoth(p, [
    ['SADD', 'h', 'a', 'b', 'c'], SCAN('SSCAN', 'h', '0'), SCAN('SSCAN', 'h', '0', 'MATCH', 'b'), SCAN('SSCAN', 'h', '0', 'COUNT', '1'),
  ]);
  const c = p.a;
  await c.call('FLUSHALL');
  const all = Array.from({ length: 500 }, (_, i) => `m${i}`);
  await c.call('SADD', 'h', ...all);
  const seen = new Set<string>();
  let cursor = '0';
  let calls = 0;
  const removed = new Set<string>();
  do {
    const r = splitAggregate(await c.call('SSCAN', 'h', cursor, 'COUNT', '7'))!;
    cursor = r.elems[0]!.split('\r\n')[1]!;
    for (const m of elems(r.elems[1]!)) seen.add(m);
    // Remove a few members and add new ones between calls.
    const victim = `m${(calls * 37) % 500}`;
    if (!seen.has(victim) && !removed.has(victim)) {
      removed.add(victim);
      await c.call('SREM', 'h', victim);
    }
    await c.call('SADD', 'h', `new${calls}`);
    calls++;
  } while (cursor !== '0' && calls < 10000);
  assert.equal(cursor, '0');
  for (const m of all) if (!removed.has(m)) assert.ok(seen.has(m), `SSCAN missed ${m}`);
  const matched = elems(splitAggregate(await c.call('SSCAN', 'h', '0', 'MATCH', 'm1?', 'COUNT', '1000'))!.elems[1]!);
  assert.deepEqual(new Set(matched), new Set(all.filter((m) => /^m1.$/.test(m) && !removed.has(m))));

  // SPOP taking most of a hashtable mid-scan: the members that stay are still all seen.
  for (let round = 0; round < 20; round++) {
    await c.call('DEL', 'p');
    await c.call('SADD', 'p', ...all);
    const got = new Set<string>();
    let cur = '0';
    let popped = false;
    do {
      const r = splitAggregate(await c.call('SSCAN', 'p', cur, 'COUNT', '20'))!;
      cur = r.elems[0]!.split('\r\n')[1]!;
      for (const m of elems(r.elems[1]!)) got.add(m);
      if (!popped && got.size > 440) {
        popped = true;
        await c.call('SPOP', 'p', '420'); // leaves 80 (Redis's "keep the rest" case)
      }
    } while (cur !== '0');
    for (const m of elems(await c.call('SMEMBERS', 'p'))) assert.ok(got.has(m), `SSCAN missed ${m} after SPOP`);
  }
});

oracle.test('generic commands on sets: TYPE, COPY, RENAME, MOVE, SCAN TYPE, digests, expiry', async (p) => {
  await sameInBoth(p, [
    ['SADD', 'i', '3', '1', '2'], ['SADD', 'h', 'x', 'y', '1'],
    ['TYPE', 'i'], ['TYPE', 'h'], ['OBJECT', 'ENCODING', 'i'], ['OBJECT', 'ENCODING', 'h'],
    ['DEBUG', 'DIGEST-VALUE', 'i', 'h', 'nokey'], ['DEBUG', 'DIGEST'],
    ['COPY', 'i', 'i2'], ['SADD', 'i2', '9'], ['SMEMBERS', 'i'], ['SMEMBERS', 'i2'], ['OBJECT', 'ENCODING', 'i2'],
    ['COPY', 'h', 'h2'], ['SREM', 'h2', 'x'], ['SCARD', 'h'], ['SCARD', 'h2'], ['OBJECT', 'ENCODING', 'h2'],
    ['DEBUG', 'DIGEST-VALUE', 'i2', 'h2'],
    ['RENAME', 'i2', 'i3'], ['SMEMBERS', 'i3'], ['MOVE', 'i3', '1'], ['SELECT', '1'], ['SMEMBERS', 'i3'], ['SELECT', '0'],
    U('KEYS', '*'),
    { mode: 'scan', cmd: ['SCAN', '0', 'TYPE', 'set', 'COUNT', '1000'] },
    ['EXPIRE', 'i', '100'], ['TTL', 'i'], ['SADD', 'i', '4'], ['TTL', 'i'], ['PERSIST', 'i'],
    ['DEBUG', 'DIGEST'],
    ['DEL', 'i'], ['UNLINK', 'h'], ['EXISTS', 'i', 'h'],
    ['SADD', 'e', 'a'], ['PEXPIREAT', 'e', '1'], ['SMEMBERS', 'e'], ['EXISTS', 'e'],
    ['MEMORY', 'USAGE', 'nokey'],
  ]);
  // Whatever MEMORY USAGE and DUMP say, they answer.
  const c = p.a;
  await c.call('SADD', 'm', 'a', 'b', '1');
  assert.match(await c.call('MEMORY', 'USAGE', 'm'), /^:\d+\r\n$/);
  await c.call('DUMP', 'm');
  assert.equal(await c.call('PING'), '+PONG\r\n');
});

oracle.test('keyspace events of the set commands', async (p) => {
  const cmds: Cmd[] = [
    ['SADD', 'a', '1', '2', '3'], ['SADD', 'a', '1'], ['SREM', 'a', 'x'], ['SREM', 'a', '1'], ['SREM', 'a', '2', '3'],
    ['SADD', 'b', '1', 'x'], ['SMOVE', 'b', 'c', '1'], ['SMOVE', 'b', 'c', 'nope'], ['SMOVE', 'b', 'c', 'x'], ['SADD', 'b', 'x'], ['SMOVE', 'b', 'c', 'x'],
    ['SMOVE', 'c', 'c', 'x'],
    ['SADD', 'd', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
    ['SPOP', 'd'], ['SPOP', 'd', '0'], ['SPOP', 'd', '2'], ['SPOP', 'd', '6'], ['SPOP', 'd', '10'], ['SPOP', 'd'],
    ['SADD', 'e', 'z'], ['SPOP', 'e'],
    ['SADD', 'f', '1', '2'], ['SADD', 'g', '2', '3'],
    ['SINTERSTORE', 'h', 'f', 'g'], ['SUNIONSTORE', 'h', 'f', 'g'], ['SDIFFSTORE', 'h', 'f', 'g'],
    ['SINTERSTORE', 'h', 'f', 'nokey'], ['SINTERSTORE', 'h', 'f', 'nokey'], ['SUNIONSTORE', 'h', 'f'], ['SDIFFSTORE', 'h', 'f', 'f'],
    ['SINTERSTORE', 'h', 'f', 'g'], ['SINTERSTORE', 'h', 'f', 'c'],
  ];
  await sameKeyspaceEvents(p, cmds, ['s', 'g']);
});

oracle.test('dirty counter (rdb_changes_since_last_save) moves like Redis', async (p) => {
  await p.both('FLUSHALL');
  const dirty = async (): Promise<[number, number]> => {
    const [x, y] = await p.both('INFO', 'persistence');
    const pick = (s: string): number => Number(/rdb_changes_since_last_save:(\d+)/.exec(s)?.[1]);
    return [pick(x), pick(y)];
  };
  const cmds: Cmd[] = [
    ['SADD', 'a', '1', '2', '3', 'x'], ['SADD', 'a', '1', '9'], ['SREM', 'a', '1', '2', 'nope'], ['SREM', 'a', 'nope'],
    ['SMOVE', 'a', 'b', '3'], ['SMOVE', 'a', 'b', 'nope'], ['SADD', 'a', '3'], ['SMOVE', 'a', 'b', '3'], ['SMOVE', 'b', 'b', '3'],
    ['SADD', 'c', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'], ['SPOP', 'c'], ['SPOP', 'c', '0'], ['SPOP', 'c', '2'], ['SPOP', 'c', '6'], ['SPOP', 'c', '5'],
    ['SADD', 'f', '1', '2'], ['SADD', 'g', '2', '3'], ['SINTERSTORE', 'h', 'f', 'g'], ['SUNIONSTORE', 'h', 'f', 'g'], ['SDIFFSTORE', 'h', 'f', 'f'],
    ['SDIFFSTORE', 'h', 'f', 'f'], ['SINTER', 'f', 'g'], ['SRANDMEMBER', 'f', '5'],
  ];
  const [x0, y0] = await dirty();
  const diffs: string[] = [];
  for (const cmd of cmds) {
    await p.both(...cmd);
    const [x, y] = await dirty();
    if (x - x0 !== y - y0) diffs.push(`${cmd.join(' ')}: tsredis +${x - x0} redis +${y - y0}`);
  }
  assert.deepEqual(diffs, []);
});

oracle.test('keyspace hits and misses of the set commands', async (p) => {
  await p.both('FLUSHALL');
  await p.both('SADD', 'a', '1', '2');
  await p.both('SADD', 'b', '2', '3');
  const cmds: Cmd[] = [
    ['SCARD', 'a'], ['SCARD', 'nokey'], ['SISMEMBER', 'a', '1'], ['SMISMEMBER', 'nokey', '1'], ['SMEMBERS', 'a'],
    ['SINTER', 'a', 'b', 'nokey'], ['SINTERSTORE', 'd', 'a', 'b'], ['SUNIONSTORE', 'd', 'a', 'nokey'], ['SDIFF', 'a', 'b'],
    ['SINTERCARD', '2', 'a', 'b'], ['SRANDMEMBER', 'a'], ['SRANDMEMBER', 'nokey', '3'], ['SSCAN', 'a', '0'], ['SSCAN', 'nokey', '0'],
    ['SADD', 'a', '5'], ['SREM', 'nokey', '1'], ['SMOVE', 'a', 'c', '5'], ['SPOP', 'c'], ['SPOP', 'b', '10'], ['SPOP', 'nokey', '1'],
  ];
  await p.both('CONFIG', 'RESETSTAT');
  const stats = async (): Promise<[string, string]> => {
    const [x, y] = await p.both('INFO', 'stats');
    const pick = (s: string): string => `${/keyspace_hits:(\d+)/.exec(s)?.[1]}/${/keyspace_misses:(\d+)/.exec(s)?.[1]}`;
    return [pick(x), pick(y)];
  };
  const diffs: string[] = [];
  for (const cmd of cmds) {
    await p.both(...cmd);
    const [x, y] = await stats();
    if (x !== y) diffs.push(`${cmd.join(' ')}: tsredis ${x} redis ${y}`);
  }
  assert.deepEqual(diffs, []);
});

oracle.test('SPOP propagates SREM per member, or DEL when it empties the set', async (p) => {
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
    await c.call('SADD', 's', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10');
    const one = elems(`*1\r\n${await c.call('SPOP', 's')}`);
    const uno = elems(await c.call('SPOP', 's', '1'));
    const two = elems(await c.call('SPOP', 's', '2'));
    const many = elems(await c.call('SPOP', 's', '5'));
    await c.call('SPOP', 's', '0');
    const last = elems(await c.call('SPOP', 's', '5'));
    assert.equal(last.length, 1);
    await c.call('SADD', 't', 'a', 'b', 'c');
    await c.call('MULTI');
    await c.call('SPOP', 't', '2');
    const inMulti = elems(splitAggregate(await c.call('EXEC'))!.elems[0]!);
    // As redis-server 7.0.15 writes them to its AOF: several SREMs in MULTI/EXEC.
    assert.deepEqual(seen, [
      ['SADD', 's', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
      ['SREM', 's', one[0]!],
      ['SREM', 's', uno[0]!],
      ['MULTI'], ...two.map((m) => ['SREM', 's', m]), ['EXEC'],
      ['MULTI'], ...many.map((m) => ['SREM', 's', m]), ['EXEC'],
      ['DEL', 's'],
      ['SADD', 't', 'a', 'b', 'c'],
      ['MULTI'], ...inMulti.map((m) => ['SREM', 't', m]), ['EXEC'],
    ]);
  } finally {
    server.propagateHooks.splice(server.propagateHooks.indexOf(hook), 1);
  }
});

oracle.test('random set operations agree with Redis (small key space, low intset limit)', async (p) => {
  // A deterministic LCG so failures reproduce.
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const keys = ['a', 'b', 'c', 'd'];
  const vals = ['0', '1', '2', '3', '-1', '10', '100', MAX, MIN, 'x', 'y', '', '01', ' 1'];
  const key = (): string => keys[rnd(keys.length)]!;
  const val = (): string => vals[rnd(vals.length)]!;
  const steps: (Cmd | Loose)[] = [['CONFIG', 'SET', 'set-max-intset-entries', '3']];
  for (let i = 0; i < 600; i++) {
    switch (rnd(14)) {
      case 0: case 1: case 2: steps.push(['SADD', key(), val(), val()]); break;
      case 3: steps.push(['SREM', key(), val(), val()]); break;
      case 4: steps.push(['SMOVE', key(), key(), val()]); break;
      case 5: steps.push(U('SINTER', key(), key())); break;
      case 6: steps.push(U('SUNION', key(), key(), key())); break;
      case 7: steps.push(U('SDIFF', key(), key(), key())); break;
      case 8: steps.push(['SINTERSTORE', key(), key(), key()]); break;
      case 9: steps.push(['SUNIONSTORE', key(), key(), key()]); break;
      case 10: steps.push(['SDIFFSTORE', key(), key(), key()]); break;
      case 11: steps.push(['SINTERCARD', '2', key(), key(), 'LIMIT', String(rnd(3))]); break;
      case 12: steps.push(['OBJECT', 'ENCODING', key()]); break;
      default: steps.push(U('SMEMBERS', key()), ['SCARD', key()], ['SMISMEMBER', key(), val(), val()]);
    }
  }
  steps.push(['DEBUG', 'DIGEST']);
  await sameInBoth(p, steps);
});
