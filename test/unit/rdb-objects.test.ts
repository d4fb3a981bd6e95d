// RDB object codec: round trips of every type in every encoding (fast-check), listpack
// and intset blobs, and corrupt payloads: random mutations of valid payloads (with a
// recomputed CRC) must either fail with RdbFormatError/RdbUnsupportedType or produce a
// value whose invariants hold; no other exception may escape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dumpValue, loadPayload, verifyPayload, finishPayload, RdbWriter } from '../../src/persistence/rdb/dump.js';
import { RdbFormatError, RdbUnsupportedType } from '../../src/persistence/rdb/errors.js';
import type { RdbLimits } from '../../src/persistence/rdb/objects.js';
import { ListpackBuilder, decodeListpack, lpEntrySize } from '../../src/persistence/rdb/listpack.js';
import { encodeIntset, decodeIntset } from '../../src/persistence/rdb/blobs.js';
import { quicklistNodes } from '../../src/persistence/rdb/list-codec.js';
import { HashValue } from '../../src/types/hash.js';
import { RedisSet, ENC_INTSET } from '../../src/types/set.js';
import { ZSet } from '../../src/types/zset.js';
import type { Value } from '../../src/types/value.js';
import { Stream, makeId, ConsumerGroup, Consumer, Nack } from '../../src/types/stream.js';
import { crc64, crc64Bytewise, writeU64LE } from '../../src/persistence/rdb/crc64.js';

const RUNS = Number(process.env.RDB_RUNS ?? 300);
const LIMITS: RdbLimits = { hashEntries: 8, hashValue: 16, setIntset: 8, zsetEntries: 8, zsetValue: 16, listFill: -2 };
const ZL = { maxEntries: LIMITS.zsetEntries, maxValue: LIMITS.zsetValue };

const memberArb = fc.oneof(
  fc.string({ maxLength: 24 }).map((s) => Buffer.from(s, 'utf8').toString('latin1')),
  fc.integer({ min: -100000, max: 100000 }).map(String),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  fc.constantFrom('', '0', '-0', '007', 'x'.repeat(40), '9223372036854775808'),
);

function buildHash(pairs: [string, string][]): HashValue {
  const h = new HashValue();
  for (const [f, v] of pairs) h.set(f, v, LIMITS.hashEntries, LIMITS.hashValue);
  return h;
}

function buildSet(ms: string[]): RedisSet {
  const s = RedisSet.forFirst(ms[0]!);
  for (const m of ms) s.add(m, LIMITS.setIntset);
  return s;
}

function buildZset(pairs: [string, number][]): ZSet {
  const z = new ZSet(false);
  for (const [m, s] of pairs) z.add(s, m, 0, ZL);
  return z;
}

/** Check a loaded value's invariants; returns its canonical content. */
function checkValue(v: Value): unknown {
  if (typeof v === 'string') return v;
  if (v instanceof HashValue) {
    assert.ok(v.size > 0, 'empty hash');
    const seen = new Set<string>();
    for (const [f] of v) {
      assert.ok(!seen.has(f), 'duplicate field');
      seen.add(f);
    }
    if (v.index !== null) for (const [f, i] of v.index) assert.equal(v.fieldAt(i), f);
    return [...v].sort();
  }
  if (v instanceof RedisSet) {
    assert.ok(v.size > 0, 'empty set');
    const a = v.toArray();
    assert.equal(new Set(a).size, a.length, 'duplicate member');
    if (v.enc === ENC_INTSET) for (let i = 1; i < v.ints.length; i++) assert.ok(v.ints[i - 1]! < v.ints[i]!, 'intset order');
    for (const m of a) assert.ok(v.has(m));
    return a.sort();
  }
  if (v instanceof ZSet) {
    assert.ok(v.length > 0, 'empty zset');
    const pairs = [...v];
    for (let i = 0; i < pairs.length; i++) {
      const [m, s] = pairs[i]!;
      assert.ok(!Number.isNaN(s));
      assert.equal(v.score(m), s);
      if (i > 0) {
        const [pm, ps] = pairs[i - 1]!;
        assert.ok(ps < s || (ps === s && pm < m), 'zset order');
      }
    }
    return pairs;
  }
  if (v instanceof Stream) {
    let live = 0;
    let prev = '';
    for (const node of v.nodes) {
      live += node.live;
      assert.ok(node.live > 0, 'empty stream node');
      for (const id of node.ids) {
        assert.ok(id > prev, 'stream IDs out of order');
        prev = id;
      }
    }
    assert.equal(v.length, live);
    if (v.groups !== null) for (const g of v.groups.values()) for (const k of g.pel.keys) assert.ok(g.pel.get(k) === undefined || g.pel.get(k)!.consumer !== null);
    return [...v];
  }
  return [...(v as unknown as Iterable<unknown>)];
}

function buildStream(): Stream {
  const st = new Stream();
  st.append(makeId(1, 1), ['a', '1', 'b', '2'], 4096, 3);
  st.append(makeId(1, 2), ['a', '3', 'b', '4'], 4096, 3);
  st.append(makeId(2, 0), ['c', '5'], 4096, 3);
  st.append(makeId(2 ** 40, 7), ['c', 'x'.repeat(30)], 4096, 3);
  const g = new ConsumerGroup('g', makeId(1, 2), 2);
  const c = new Consumer('alice', 1700000000000);
  const n = new Nack(c, 1700000000001, 2);
  g.pel.set(makeId(1, 1), n);
  c.pel.set(makeId(1, 1), n);
  g.consumers.set('alice', c);
  st.groups = new Map([['g', g]]);
  return st;
}

function roundTrip(v: Value): Value {
  const p = dumpValue(v, true, -2);
  assert.ok(verifyPayload(p));
  return loadPayload(p, LIMITS).value;
}

test('round trips: hashes, sets, zsets in both encodings', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(memberArb, memberArb), { minLength: 1, maxLength: 20 }), (pairs) => {
      const h = buildHash(pairs);
      const back = roundTrip(h) as HashValue;
      assert.deepEqual(checkValue(back), checkValue(h));
      // A hashtable that fits the limits again comes back as a listpack, as in Redis.
      if (h.encoding() === 'listpack') assert.equal(back.encoding(), 'listpack');
    }),
    { numRuns: RUNS },
  );
  fc.assert(
    fc.property(fc.array(memberArb, { minLength: 1, maxLength: 20 }), (ms) => {
      const s = buildSet(ms);
      const back = roundTrip(s) as RedisSet;
      assert.deepEqual(checkValue(back), checkValue(s));
      // A hashtable set of few integers comes back as an intset, as in Redis.
      if (s.encoding() === 'intset') assert.equal(back.encoding(), 'intset');
    }),
    { numRuns: RUNS },
  );
  const scoreArb = fc.oneof(fc.double({ noNaN: true }), fc.integer().map(Number), fc.constantFrom(0, -0, Infinity, -Infinity, 0.1, 1e300));
  fc.assert(
    fc.property(fc.array(fc.tuple(memberArb, scoreArb), { minLength: 1, maxLength: 20 }), (pairs) => {
      const z = buildZset(pairs);
      const back = roundTrip(z) as ZSet;
      assert.deepEqual(checkValue(back), checkValue(z));
    }),
    { numRuns: RUNS },
  );
});

test('streams round trip (nodes, groups, PELs)', () => {
  const st = buildStream();
  const back = roundTrip(st) as Stream;
  assert.deepEqual(checkValue(back), checkValue(st));
  assert.equal(back.nodes.length, st.nodes.length);
  assert.equal(back.groups!.get('g')!.consumers.get('alice')!.pel.size, 1);
  assert.deepEqual(dumpValue(back, true, -2), dumpValue(st, true, -2));
});

test('crc64 slicing-by-8 equals the bytewise CRC (any offsets, continued CRCs)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), fc.nat(), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (b, x, y, crc) => {
      const s = b.length === 0 ? 0 : x % b.length;
      const e = s + (b.length - s === 0 ? 0 : y % (b.length - s + 1));
      assert.equal(crc64(b, s, e, crc), crc64Bytewise(b, s, e, crc));
    }),
    { numRuns: 500 },
  );
});

test('listpack: every integer width and string length decodes back; entry sizes', () => {
  const items = ['0', '127', '128', '-1', '-4096', '4095', '4096', '-4097', '32767', '-32768', '32768', '8388607', '-8388608', '8388608',
    '2147483647', '-2147483648', '2147483648', '9223372036854775807', '-9223372036854775808', '', 'a', 'x'.repeat(63), 'x'.repeat(64), 'y'.repeat(4095), 'z'.repeat(4096), 'w'.repeat(20000), '-0', '01'];
  const b = new ListpackBuilder();
  let size = 7;
  for (const s of items) {
    b.add(s);
    size += lpEntrySize(s);
  }
  const blob = b.finish();
  assert.equal(blob.length, size);
  assert.deepEqual(decodeListpack(blob), items);
  // Corruptions are rejected.
  const bad = Buffer.from(blob);
  bad[0] = (bad[0]! + 1) & 0xff;
  assert.throws(() => decodeListpack(bad), RdbFormatError);
  assert.throws(() => decodeListpack(blob.subarray(0, blob.length - 1)), RdbFormatError);
});

test('intset: widths and validation', () => {
  for (const ints of [[1, 2, 3], [-40000, 5], [-(2n ** 63n), 0, 2n ** 63n - 1n], [2 ** 40, 2 ** 41]]) {
    const blob = encodeIntset(ints as (number | bigint)[]);
    assert.deepEqual(decodeIntset(blob), ints.map((x) => (typeof x === 'bigint' && x >= -(2n ** 53n) && x <= 2n ** 53n ? Number(x) : x)));
  }
  assert.equal(encodeIntset([1, 40000])[0], 4);
  assert.throws(() => decodeIntset(encodeIntset([3, 2])), RdbFormatError);
  assert.throws(() => decodeIntset(Buffer.from([3, 0, 0, 0, 0, 0, 0, 0])), RdbFormatError);
});

test('quicklist node split follows list-max-listpack-size', () => {
  const items = Array.from({ length: 1000 }, (_, i) => `item-${i}`);
  const nodes = quicklistNodes(items, -2);
  assert.deepEqual(nodes.flatMap((n) => n.items), items);
  for (const n of nodes) assert.ok(n.bytes <= 8192);
  assert.deepEqual(quicklistNodes(items.slice(0, 10), 3).map((n) => n.items.length), [3, 3, 3, 1]);
  assert.deepEqual(quicklistNodes(items.slice(0, 3), 0).map((n) => n.items.length), [1, 1, 1]);
});

function withCrc(body: Uint8Array): Buffer {
  const out = Buffer.alloc(body.length + 8);
  out.set(body);
  writeU64LE(out, body.length, crc64(body));
  return out;
}

test('corrupt payloads never escape as other exceptions nor make broken values', () => {
  const samples: Value[] = [
    buildHash([['a', '1'], ['b', 'hello'], ['c', '-300']]),
    buildHash(Array.from({ length: 12 }, (_, i) => [`f${i}`, `v${i}`] as [string, string])),
    buildSet(['1', '2', '300', '-70000']),
    buildSet(['a', 'b', 'c']),
    buildZset([['a', 1], ['b', 2.5], ['c', -3]]),
    buildZset(Array.from({ length: 12 }, (_, i) => [`m${i}`, i / 7] as [string, number])),
    'x'.repeat(100),
    '12345',
    buildStream(),
  ];
  const payloads = samples.map((v) => dumpValue(v, true, -2));
  // A plain old zset and list-less types too.
  const w = new RdbWriter();
  w.byte(3);
  w.length(2);
  w.length(1);
  w.latin1('a');
  w.byte(3);
  w.latin1('1.5');
  w.length(1);
  w.latin1('b');
  w.byte(254);
  payloads.push(finishPayload(w));
  const mutation = fc.record({
    which: fc.nat({ max: payloads.length - 1 }),
    edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 }), fc.constantFrom('set', 'insert', 'delete', 'truncate')), { minLength: 1, maxLength: 4 }),
  });
  let ok = 0;
  let rejected = 0;
  fc.assert(
    fc.property(mutation, ({ which, edits }) => {
      const p = payloads[which]!;
      const body = Array.from(p.subarray(0, p.length - 8));
      for (const [pos0, byte, kind] of edits) {
        const pos = pos0 % Math.max(1, body.length);
        if (kind === 'set') body[pos] = byte;
        else if (kind === 'insert') body.splice(pos, 0, byte);
        else if (kind === 'delete') body.splice(pos, 1);
        else body.length = Math.max(3, pos);
      }
      const payload = withCrc(Uint8Array.from(body));
      if (!verifyPayload(payload)) return true;
      try {
        const v = loadPayload(payload, LIMITS).value;
        checkValue(v);
        // What loads must dump and load again identically.
        assert.deepEqual(checkValue(roundTrip(v)), checkValue(v));
        ok++;
      } catch (e) {
        if (e instanceof RdbFormatError || e instanceof RdbUnsupportedType) rejected++;
        else throw e;
      }
      return true;
    }),
    { numRuns: 5000 },
  );
  assert.ok(ok > 0 && rejected > 0, `ok ${ok} rejected ${rejected}`);
});
