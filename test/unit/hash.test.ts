// Property tests of types/hash.ts against a model Map: random HSET/HDEL/conversion
// sequences keep the same contents; while listpack-encoded the iteration order is the
// model's (a JS Map also keeps insertion order, updates in place, deletes closing gaps),
// which is Redis's listpack order; conversion happens exactly at the thresholds and never
// back; scan steps cover every pair; clones are independent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { HashValue } from '../../src/types/hash.js';

type Op =
  | { kind: 'set'; field: string; value: string }
  | { kind: 'del'; field: string }
  | { kind: 'try'; args: string[] };

const shortText = fc.string({ minLength: 0, maxLength: 3, unit: fc.constantFrom('a', 'b', 'c', '\x00', '\xff') });
const anyText = fc.oneof(
  { weight: 8, arbitrary: shortText },
  { weight: 1, arbitrary: fc.string({ minLength: 4, maxLength: 8, unit: fc.constantFrom('x', 'y') }) },
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), field: anyText, value: anyText }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('del' as const), field: shortText }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('try' as const), args: fc.array(anyText, { maxLength: 4 }) }) },
);

function pairsOf(h: HashValue): [string, string][] {
  return [...h];
}

test('hash operations agree with a model Map; listpack keeps insertion order', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 80, size: 'max' }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 6 }), (ops, maxEntries, maxValue) => {
      const h = new HashValue();
      const model = new Map<string, string>();
      let converted = false;
      for (const o of ops) {
        if (o.kind === 'set') {
          const isNew = !model.has(o.field);
          if (o.field.length > maxValue || o.value.length > maxValue) converted = true;
          model.set(o.field, o.value);
          if (model.size > maxEntries) converted = true;
          assert.equal(h.set(o.field, o.value, maxEntries, maxValue), isNew);
        } else if (o.kind === 'del') {
          assert.equal(h.delete(o.field), model.delete(o.field));
        } else {
          if (o.args.some((a) => a.length > maxValue)) converted = true;
          h.tryConversion(['cmd', 'key', ...o.args], 2, o.args.length + 1, maxValue);
        }
        assert.equal(h.encoding(), converted ? 'hashtable' : 'listpack');
        assert.equal(h.size, model.size);
      }
      for (const [f, v] of model) {
        assert.equal(h.get(f), v);
        assert.ok(h.has(f));
      }
      assert.equal(h.get('not-a-field'), undefined);
      if (converted) {
        assert.deepEqual(pairsOf(h).sort(), [...model].sort());
        // The index agrees with the dense array.
        for (let i = 0; i < h.size; i++) assert.equal(h.find(h.fieldAt(i)), i);
      } else {
        assert.deepEqual(pairsOf(h), [...model]);
      }
    }),
    { numRuns: 400 },
  );
});

test('scan steps visit every pair once on a static hashtable; any count terminates', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 50 }), (n, count) => {
      const h = new HashValue();
      for (let i = 0; i < n; i++) h.set(`f${i}`, `v${i}`, 0, 64);
      if (n > 0) assert.equal(h.encoding(), 'hashtable');
      const seen: number[] = [];
      let cursor = 0;
      let steps = 0;
      do {
        const out: number[] = [];
        cursor = h.scanStep(cursor, count, out);
        assert.ok(out.length <= count);
        seen.push(...out);
        steps++;
      } while (cursor !== 0 && steps < 1000);
      assert.equal(cursor, 0);
      assert.deepEqual(seen.sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
    }),
  );
});

test('scan guarantee under deletes and inserts between steps', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 20 }), fc.array(fc.nat(), { maxLength: 100, size: 'max' }), (n, count, churn) => {
      const h = new HashValue();
      for (let i = 0; i < n; i++) h.set(`f${i}`, `v${i}`, 0, 64);
      // Fields deleted during the scan are picked from churn; the rest must all be seen.
      const doomed = new Set(churn.map((x) => `f${x % n}`));
      const seen = new Set<string>();
      let cursor = 0;
      let k = 0;
      const doomedList = [...doomed];
      do {
        const out: number[] = [];
        cursor = h.scanStep(cursor, count, out);
        for (const p of out) seen.add(h.fieldAt(p));
        if (k < doomedList.length) h.delete(doomedList[k]!);
        h.set(`new${k}`, 'x', 0, 64);
        k++;
      } while (cursor !== 0 && k < 10000);
      for (let i = 0; i < n; i++) if (!doomed.has(`f${i}`)) assert.ok(seen.has(`f${i}`), `f${i}`);
    }),
  );
});

test('clone is deep and keeps the encoding', () => {
  const small = new HashValue();
  small.set('a', '1', 10, 10);
  small.set('b', '2', 10, 10);
  const big = new HashValue();
  for (let i = 0; i < 20; i++) big.set(`f${i}`, String(i), 10, 10);
  for (const h of [small, big]) {
    const c = h.clone();
    assert.equal(c.encoding(), h.encoding());
    assert.deepEqual([...c], [...h]);
    c.set('a', 'changed', 10, 10);
    c.delete('b');
    c.delete('f3');
    assert.notEqual(h.get('a'), 'changed');
    if (h === small) assert.equal(h.get('b'), '2');
    else assert.equal(h.get('f3'), '3');
  }
});

test('randomPair stays in range and reaches every pair', () => {
  const h = new HashValue();
  for (let i = 0; i < 8; i++) h.set(`f${i}`, 'v', 512, 64);
  const hits = new Set<number>();
  for (let i = 0; i < 500; i++) {
    const p = h.randomPair();
    assert.ok(p >= 0 && p < 8);
    hits.add(p);
  }
  assert.equal(hits.size, 8);
});
