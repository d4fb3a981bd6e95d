// ListValue (types/list.ts) against a model array: random operation sequences through
// both the small (plain array) and block (chunked deque) representations, checked element
// by element after every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ListValue } from '../../src/types/list.js';

type Op =
  | { k: 'pushHead' | 'pushTail'; v: string; n: number }
  | { k: 'popHead' | 'popTail'; n: number }
  | { k: 'set' | 'insert'; i: number; v: string }
  | { k: 'rem'; v: string; count: number }
  | { k: 'trim'; a: number; b: number };

const val = fc.constantFrom('a', 'b', 'c', '', 'x'.repeat(40), '\x00\xff');
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constantFrom('pushHead' as const, 'pushTail' as const), v: val, n: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constantFrom('popHead' as const, 'popTail' as const), n: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constantFrom('set' as const, 'insert' as const), i: fc.nat(), v: val }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('rem' as const), v: val, count: fc.integer({ min: -5, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('trim' as const), a: fc.nat({ max: 50 }), b: fc.nat({ max: 50 }) }) },
);

function apply(l: ListValue, m: string[], o: Op): void {
  switch (o.k) {
    case 'pushHead':
      for (let j = 0; j < o.n; j++) {
        l.pushHead(o.v + j);
        m.unshift(o.v + j);
      }
      break;
    case 'pushTail':
      for (let j = 0; j < o.n; j++) {
        l.pushTail(o.v + j);
        m.push(o.v + j);
      }
      break;
    case 'popHead':
      for (let j = 0; j < o.n && m.length > 0; j++) assert.equal(l.popHead(), m.shift());
      break;
    case 'popTail':
      for (let j = 0; j < o.n && m.length > 0; j++) assert.equal(l.popTail(), m.pop());
      break;
    case 'set':
      if (m.length > 0) {
        const i = o.i % m.length;
        l.set(i, o.v);
        m[i] = o.v;
      }
      break;
    case 'insert': {
      const i = o.i % (m.length + 1);
      l.insertAt(i, o.v);
      m.splice(i, 0, o.v);
      break;
    }
    case 'rem': {
      let removed = 0;
      if (o.count >= 0) {
        const out: string[] = [];
        for (const x of m) {
          if (x === o.v && (o.count === 0 || removed < o.count)) removed++;
          else out.push(x);
        }
        m.splice(0, m.length, ...out);
      } else {
        const out: string[] = [];
        for (let i = m.length - 1; i >= 0; i--) {
          const x = m[i]!;
          if (x === o.v && removed < -o.count) removed++;
          else out.unshift(x);
        }
        m.splice(0, m.length, ...out);
      }
      assert.equal(l.removeMatching(o.v, o.count), removed);
      break;
    }
    case 'trim': {
      const a = Math.min(o.a, m.length);
      const b = Math.min(o.b, m.length - a);
      l.trim(a, b);
      m.splice(0, a);
      m.length -= b;
      break;
    }
  }
}

test('ListValue matches a model array under random operations', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const l = new ListValue();
      const m: string[] = [];
      for (const o of ops) {
        apply(l, m, o);
        assert.equal(l.length, m.length);
        assert.deepEqual(l.toArray(), m);
        assert.deepEqual([...l], m);
        if (m.length > 0) {
          assert.equal(l.get(0), m[0]);
          assert.equal(l.get(m.length - 1), m[m.length - 1]);
          assert.equal(l.indexOf(m[m.length - 1]!), m.indexOf(m[m.length - 1]!));
        }
      }
      const copy = l.clone();
      assert.deepEqual(copy.toArray(), m);
      assert.equal(copy.encoding(), 'quicklist');
    }),
    { numRuns: 300 },
  );
});

test('a large list: O(1) ends in both directions, indexes across blocks', () => {
  const l = new ListValue();
  const n = 200_000;
  for (let i = 0; i < n; i++) {
    l.pushHead(`h${i}`);
    l.pushTail(`t${i}`);
  }
  assert.equal(l.length, 2 * n);
  assert.equal(l.get(0), `h${n - 1}`);
  assert.equal(l.get(n - 1), 'h0');
  assert.equal(l.get(n), 't0');
  assert.equal(l.get(2 * n - 1), `t${n - 1}`);
  for (let i = 0; i < n; i++) assert.equal(l.popTail(), `t${n - 1 - i}`);
  for (let i = 0; i < n - 1; i++) assert.equal(l.popHead(), `h${n - 1 - i}`);
  assert.equal(l.length, 1);
  assert.equal(l.popHead(), 'h0');
  assert.equal(l.length, 0);
  l.pushTail('again');
  assert.deepEqual(l.toArray(), ['again']);
  const big = new ListValue(Array.from({ length: 1000 }, (_, i) => String(i)));
  assert.equal(big.get(500), '500');
});
