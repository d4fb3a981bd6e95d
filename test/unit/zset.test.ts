// Model-based property tests for types/zset.ts: random add/update/remove/range-removal
// sequences against a sorted-array model, in the listpack encoding, the skiplist encoding
// and across the conversion between them; after every step ranks, rank lookups, score and
// lex ranges (first/last in range), iteration order and the encoding are checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ZSet, setZTreeCaps, ZADD_IN_INCR, ZADD_IN_NX, ZADD_IN_XX, ZADD_IN_GT, ZADD_IN_LT, ZADD_OUT_NOP, type ScoreRange, type LexRange } from '../../src/types/zset.js';

type Entry = [string, number];

/** The model: entries sorted by (score, member bytes). */
class Model {
  items: Entry[] = [];
  sort(): void {
    this.items.sort((a, b) => (a[1] !== b[1] ? a[1] - b[1] : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  find(m: string): number {
    return this.items.findIndex((e) => e[0] === m);
  }
}

const memberArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '', 'aa', '\xff', '\x00') },
  { weight: 2, arbitrary: fc.string({ maxLength: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 100 }).map((n) => 'm' + n) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }).map((n) => 'L'.repeat(70 + n)) },
);
const scoreArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, min: -10, max: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, 0, -0) },
);
const flagArb = fc.constantFrom(0, ZADD_IN_NX, ZADD_IN_XX, ZADD_IN_GT, ZADD_IN_LT, ZADD_IN_INCR, ZADD_IN_XX | ZADD_IN_GT, ZADD_IN_INCR | ZADD_IN_LT);
const boundArb = fc.tuple(scoreArb, fc.boolean());
const lexBoundArb = fc.tuple(fc.constantFrom(-1, 0, 0, 0, 1), memberArb, fc.boolean());

type Op =
  | { op: 'add'; m: string; s: number; flags: number }
  | { op: 'rem'; m: string }
  | { op: 'remScore'; min: [number, boolean]; max: [number, boolean] }
  | { op: 'remRank'; a: number; b: number }
  | { op: 'remLex'; min: [number, string, boolean]; max: [number, string, boolean] };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('add' as const), m: memberArb, s: scoreArb, flags: flagArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('rem' as const), m: memberArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remScore' as const), min: boundArb, max: boundArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remRank' as const), a: fc.integer({ min: 0, max: 20 }), b: fc.integer({ min: 0, max: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remLex' as const), min: lexBoundArb, max: lexBoundArb }) },
);

function scoreRange(min: [number, boolean], max: [number, boolean]): ScoreRange {
  return { min: min[0], minex: min[1], max: max[0], maxex: max[1] };
}
function lexRange(min: [number, string, boolean], max: [number, string, boolean]): LexRange {
  return { minKind: min[0], min: min[1], minex: min[2], maxKind: max[0], max: max[1], maxex: max[2] };
}
function inScore(s: number, r: ScoreRange): boolean {
  return (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max);
}
function cmpBound(v: string, kind: number, b: string): number {
  return kind < 0 ? 1 : kind > 0 ? -1 : v < b ? -1 : v > b ? 1 : 0;
}
function inLex(v: string, r: LexRange): boolean {
  const a = cmpBound(v, r.minKind, r.min);
  const b = cmpBound(v, r.maxKind, r.max);
  return (r.minex ? a > 0 : a >= 0) && (r.maxex ? b < 0 : b <= 0);
}

/** Apply an op to the model as Redis would; mirrors ZSet.add's flag semantics. */
function applyModel(m: Model, op: Op): void {
  if (op.op === 'add') {
    const i = m.find(op.m);
    if (i >= 0) {
      if (op.flags & ZADD_IN_NX) return;
      let s = op.s;
      const cur = m.items[i]![1];
      if (op.flags & ZADD_IN_INCR) {
        s += cur;
        if (Number.isNaN(s)) return;
      }
      if ((op.flags & ZADD_IN_LT && s >= cur) || (op.flags & ZADD_IN_GT && s <= cur)) return;
      if (s !== cur) m.items[i]![1] = s;
    } else {
      if (op.flags & ZADD_IN_XX) return;
      m.items.push([op.m, op.s]);
    }
    m.sort();
  } else if (op.op === 'rem') {
    const i = m.find(op.m);
    if (i >= 0) m.items.splice(i, 1);
  } else if (op.op === 'remScore') {
    const r = scoreRange(op.min, op.max);
    m.items = m.items.filter((e) => !inScore(e[1], r));
  } else if (op.op === 'remRank') {
    const len = m.items.length;
    const a = Math.min(op.a, op.b);
    const b = Math.min(Math.max(op.a, op.b), len - 1);
    if (a < len) m.items.splice(a, b - a + 1);
  }
}

function applyZset(z: ZSet, m: Model, op: Op, limits: { maxEntries: number; maxValue: number }): void {
  if (op.op === 'add') {
    z.add(op.s, op.m, op.flags, limits);
  } else if (op.op === 'rem') {
    z.remove(op.m);
  } else if (op.op === 'remScore') {
    z.deleteRangeByScore(scoreRange(op.min, op.max));
  } else if (op.op === 'remRank') {
    const len = z.length;
    const a = Math.min(op.a, op.b);
    const b = Math.min(Math.max(op.a, op.b), len - 1);
    if (a < len) z.deleteRangeByRank(a, b);
  } else {
    // Lex ranges are only meaningful when all scores are equal: flatten the model first.
    const r = lexRange(op.min, op.max);
    const allSame = m.items.every((e) => e[1] === m.items[0]![1]);
    if (!allSame) return;
    z.deleteRangeByLex(r);
    m.items = m.items.filter((e) => !inLex(e[0], r));
  }
}

function check(z: ZSet, m: Model, limits: { maxEntries: number; maxValue: number }, probes: { sr: ScoreRange; lr: LexRange }): void {
  const items = [...z];
  // Listpacks store -0 as 0; compare scores with ==.
  assert.equal(items.length, m.items.length);
  assert.equal(z.length, m.items.length);
  for (let i = 0; i < items.length; i++) {
    assert.equal(items[i]![0], m.items[i]![0]);
    assert.ok(items[i]![1] === m.items[i]![1], `score of ${items[i]![0]}`);
    assert.equal(z.rank(items[i]![0], false), i);
    assert.equal(z.rank(items[i]![0], true), items.length - 1 - i);
    assert.ok(z.score(items[i]![0]) === m.items[i]![1]);
    const cur = z.cursor().seek(i);
    assert.equal(cur.member, items[i]![0]);
  }
  if (z.isListpack) {
    assert.ok(m.items.length <= limits.maxEntries);
  }
  // Walking backwards from the last rank crosses leaves the other way.
  const back: string[] = [];
  for (const cur = z.cursor().seek(items.length - 1); cur.valid; cur.prev()) back.push(cur.member);
  assert.deepEqual(back, items.map((e) => e[0]).reverse());
  const first = m.items.findIndex((e) => inScore(e[1], probes.sr));
  let last = -1;
  for (let i = m.items.length - 1; i >= 0; i--) {
    if (inScore(m.items[i]![1], probes.sr)) {
      last = i;
      break;
    }
  }
  assert.equal(z.firstInScoreRange(probes.sr), first);
  assert.equal(z.lastInScoreRange(probes.sr), last);
  if (m.items.every((e) => e[1] === m.items[0]![1])) {
    const lf = m.items.findIndex((e) => inLex(e[0], probes.lr));
    let ll = -1;
    for (let i = m.items.length - 1; i >= 0; i--) {
      if (inLex(m.items[i]![0], probes.lr)) {
        ll = i;
        break;
      }
    }
    assert.equal(z.firstInLexRange(probes.lr), lf);
    assert.equal(z.lastInLexRange(probes.lr), ll);
  }
}

function run(maxEntries: number, ops: Op[], probe: { sr: ScoreRange; lr: LexRange }, flat: boolean): void {
  const limits = { maxEntries, maxValue: 64 };
  const z = new ZSet(maxEntries === 0);
  const m = new Model();
  let wasSkiplist = !z.isListpack;
  for (const op0 of ops) {
    const op = flat && op0.op === 'add' ? { ...op0, s: 0, flags: op0.flags & ~ZADD_IN_INCR } : op0;
    applyModel(m, op);
    applyZset(z, m, op, limits);
    // Conversion is one way.
    if (wasSkiplist) assert.equal(z.isListpack, false);
    wasSkiplist = !z.isListpack;
    check(z, m, limits, probe);
  }
  // A clone is equal and independent.
  const c = z.clone();
  assert.deepEqual([...c], [...z]);
  assert.equal(c.encoding(), z.encoding());
}

const probeArb = fc.record({
  sr: fc.tuple(boundArb, boundArb).map(([a, b]) => scoreRange(a, b)),
  lr: fc.tuple(lexBoundArb, lexBoundArb).map(([a, b]) => lexRange(a, b)),
});

test('zset matches a sorted-array model (listpack, skiplist, and conversion)', () => {
  // Tiny B+tree nodes so short sequences split, empty and collapse nodes at several levels.
  setZTreeCaps(3, 3);
  try {
    fc.assert(
      fc.property(fc.constantFrom(0, 4, 16, 128), fc.array(opArb, { maxLength: 60, size: 'max' }), probeArb, fc.boolean(), (maxEntries, ops, probe, flat) => {
        run(maxEntries, ops, probe, flat);
      }),
      { numRuns: 400 },
    );
  } finally {
    setZTreeCaps(64, 64);
  }
});

test('skiplist ranks stay right over many inserts and deletes', () => {
  setZTreeCaps(4, 4);
  try {
    manyOps();
  } finally {
    setZTreeCaps(64, 64);
  }
});

function manyOps(): void {
  const z = new ZSet(true);
  const m = new Model();
  const limits = { maxEntries: 0, maxValue: 64 };
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 3000; i++) {
    const member = 'k' + rnd(500);
    if (rnd(3) === 0) {
      applyModel(m, { op: 'rem', m: member });
      z.remove(member);
    } else {
      const op: Op = { op: 'add', m: member, s: rnd(50), flags: 0 };
      applyModel(m, op);
      z.add(op.s, op.m, 0, limits);
    }
  }
  const items = [...z];
  assert.deepEqual(items, m.items);
  for (let i = 0; i < items.length; i += 7) {
    assert.equal(z.rank(items[i]![0], false), i);
    assert.equal(z.cursor().seek(i).member, items[i]![0]);
  }
  // Range deletion by rank keeps spans consistent.
  z.deleteRangeByRank(10, 40);
  m.items.splice(10, 31);
  assert.deepEqual([...z], m.items);
  for (let i = 0; i < m.items.length; i += 5) assert.equal(z.rank(m.items[i]![0], false), i);
  z.deleteRangeByRank(0, m.items.length - 1);
  assert.equal(z.length, 0);
  assert.deepEqual([...z], []);
}

test('ZADD flags: NX/XX/GT/LT/INCR outcomes', () => {
  const limits = { maxEntries: 128, maxValue: 64 };
  const z = new ZSet();
  assert.equal(z.add(1, 'a', ZADD_IN_XX, limits), ZADD_OUT_NOP);
  assert.equal(z.length, 0);
  z.add(1, 'a', 0, limits);
  assert.equal(z.add(5, 'a', ZADD_IN_NX, limits), ZADD_OUT_NOP);
  assert.equal(z.add(0, 'a', ZADD_IN_GT, limits), ZADD_OUT_NOP);
  assert.equal(z.score('a'), 1);
  z.add(Infinity, 'a', 0, limits);
  assert.equal(z.add(-Infinity, 'a', ZADD_IN_INCR, limits) & 2, 2); // NaN
  assert.equal(z.score('a'), Infinity);
  // A member longer than zset-max-listpack-value converts.
  z.add(1, 'x'.repeat(65), 0, limits);
  assert.equal(z.encoding(), 'skiplist');
});

test('member dict: slots stay put while present, are reused, and compact when mostly empty', () => {
  const limits = { maxEntries: 0, maxValue: 64 };
  const z = new ZSet(true);
  for (let i = 0; i < 3000; i++) z.add(i % 17, 'k' + i, 0, limits);
  const d = z.dict!;
  const slotOf = (m: string): number => d.members.indexOf(m);
  const before = slotOf('k1500');
  for (let i = 0; i < 3000; i += 2) z.remove('k' + i);
  assert.equal(slotOf('k1501'), 1501); // untouched members keep their slot
  assert.equal(before, 1500);
  z.add(1, 'fresh', 0, limits);
  assert.ok(slotOf('fresh') < 3000); // a freed slot is reused
  for (let i = 1; i < 2990; i += 2) z.remove('k' + i);
  // Mostly empty: compacted, every present member reachable through its slot.
  assert.ok(d.members.length < 3000);
  const live = d.members.filter((m) => m !== null);
  assert.equal(live.length, z.length);
  for (const [m, s] of z) assert.equal(z.score(m), s);
  assert.deepEqual([...z].map((e) => e[0]).sort(), (live as string[]).sort());
});
