// Property tests of the set type (src/types/set.ts) against a model JS Set: random
// add/remove/pop sequences with a random intset limit, checking membership, size, the
// encoding Redis would have (intset while every member is a canonical int64 and the count
// never passed the limit), ascending numeric order of intsets, the member -> index map of
// hashtables, clone independence and the canonical-integer test itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RedisSet, MemberIndex, isIntsetMember, ENC_INTSET, ENC_HASHTABLE } from '../../src/types/set.js';
import { string2ll } from '../../src/util/numbers.js';

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';

const memberArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -30, max: 30 }).map(String) },
  { weight: 2, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom(MAX, MIN, '9223372036854775808', '-9223372036854775809', '-0', '01', '+1', ' 1', '', 'x', '1.0', '\x00') },
  { weight: 2, arbitrary: fc.string({ maxLength: 3 }) },
);

type Op = { op: 'add' | 'remove' | 'has'; m: string } | { op: 'pop' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('add' as const), m: memberArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), m: memberArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('has' as const), m: memberArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
);

function checkInvariants(s: RedisSet, model: Set<string>, mustBeHashtable: boolean): void {
  assert.equal(s.size, model.size);
  assert.deepEqual(new Set(s), model);
  if (mustBeHashtable) assert.equal(s.enc, ENC_HASHTABLE);
  if (s.enc === ENC_INTSET) {
    assert.equal(s.encoding(), 'intset');
    const a = s.ints;
    for (let i = 1; i < a.length; i++) assert.ok(BigInt(a[i - 1]!) < BigInt(a[i]!), 'intset not strictly ascending');
    // One representation per value: numbers when safe, bigints beyond.
    for (const v of a) assert.equal(typeof v, Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === BigInt(v) ? 'number' : 'bigint');
    for (const m of s) assert.ok(isIntsetMember(m));
    assert.equal(s.members.length, 0);
  } else {
    assert.equal(s.encoding(), 'hashtable');
    assert.equal(s.index!.size, s.members.length);
    s.members.forEach((m, i) => assert.equal(s.index!.get(m), i));
    assert.equal(s.index!.get('\u0100 never a member'), undefined);
  }
}

test('set operations behave like a JS Set; encodings convert where Redis converts', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 200, size: 'max' }), fc.integer({ min: 0, max: 12 }), (ops, max) => {
      const model = new Set<string>();
      let s: RedisSet | null = null;
      // Redis converts once: a non-integer member or growing past the limit.
      let converted = false;
      for (const o of ops) {
        if (o.op === 'add') {
          if (s === null) s = RedisSet.forFirst(o.m);
          if (s.enc === ENC_HASHTABLE) converted = true;
          const isNew = !model.has(o.m);
          assert.equal(s.add(o.m, max), isNew);
          model.add(o.m);
          if (!isIntsetMember(o.m) || model.size > max) converted = true;
        } else if (s === null) {
          continue;
        } else if (o.op === 'remove') {
          assert.equal(s.remove(o.m), model.delete(o.m));
        } else if (o.op === 'has') {
          assert.equal(s.has(o.m), model.has(o.m));
        } else if (s.size > 0) {
          const m = s.removeAt(s.randomIndex());
          assert.ok(model.delete(m));
        }
        checkInvariants(s, model, converted);
        if (!converted) assert.equal(s.enc, ENC_INTSET);
      }
    }),
    { numRuns: 300 },
  );
});

test('clone is an independent copy with the same encoding and order', () => {
  fc.assert(
    fc.property(fc.array(memberArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 20 }), (ms, max) => {
      const s = RedisSet.forFirst(ms[0]!);
      for (const m of ms) s.add(m, max);
      const c = s.clone();
      assert.equal(c.enc, s.enc);
      assert.deepEqual([...c], [...s]);
      c.add('zz-new', max);
      c.remove(ms[0]!);
      assert.ok(s.has(ms[0]!));
      assert.ok(!s.has('zz-new'));
      checkInvariants(s, new Set(ms), false);
    }),
    { numRuns: 200 },
  );
});

test('isIntsetMember is string2ll', () => {
  fc.assert(
    fc.property(memberArb, (m) => {
      assert.equal(isIntsetMember(m), string2ll(m) !== null, JSON.stringify(m));
    }),
    { numRuns: 2000 },
  );
});

test('random members are uniform enough and always members', () => {
  const s = new RedisSet(ENC_HASHTABLE);
  for (let i = 0; i < 10; i++) s.add(`m${i}`, 0);
  const counts = new Map<string, number>();
  for (let i = 0; i < 5000; i++) {
    const m = s.randomMember();
    counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  assert.equal(counts.size, 10);
  for (const n of counts.values()) assert.ok(n > 250, `skewed: ${n}`);
});

test('MemberIndex spread over several Maps behaves like one Map', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ add: fc.boolean(), m: fc.integer({ min: 0, max: 40 }).map((i) => `m${i}`) }), { maxLength: 300, size: 'max' }),
      fc.integer({ min: 1, max: 6 }),
      (ops, mapMax) => {
        const idx = new MemberIndex(mapMax);
        const model = new Map<string, number>();
        let next = 0;
        for (const o of ops) {
          if (o.add) {
            if (model.has(o.m)) {
              idx.move(o.m, next);
            } else {
              idx.add(o.m, next);
            }
            model.set(o.m, next++);
          } else {
            assert.equal(idx.delete(o.m), model.get(o.m));
            model.delete(o.m);
          }
          assert.equal(idx.size, model.size);
        }
        for (let i = 0; i <= 40; i++) assert.equal(idx.get(`m${i}`), model.get(`m${i}`));
        const c = idx.clone();
        c.add('new', -1);
        assert.equal(idx.has('new'), false);
        assert.equal(c.size, model.size + 1);
      },
    ),
    { numRuns: 300 },
  );
});

test('tryIntset turns a hashtable of few integers back into a sorted intset', () => {
  fc.assert(
    fc.property(fc.array(memberArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 40 }), (ms, max) => {
      const s = new RedisSet(ENC_HASHTABLE);
      for (const m of ms) s.add(m, max);
      const model = new Set(ms);
      const ok = model.size <= max && [...model].every((m) => isIntsetMember(m));
      assert.equal(s.tryIntset(max), ok);
      assert.equal(s.enc, ok ? ENC_INTSET : ENC_HASHTABLE);
      checkInvariants(s, model, false);
    }),
    { numRuns: 300 },
  );
});
