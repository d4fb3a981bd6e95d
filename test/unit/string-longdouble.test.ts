// Properties of the 80-bit long double emulation behind INCRBYFLOAT (types/string.ts):
// exact integer sums, exact short decimals near 1, known Redis outputs (round-half-even
// at the 17th decimal), strtold's accept/reject rules, and RawString against a plain
// string model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  incrByFloatText,
  parseLongDouble,
  formatLongDoubleHuman,
  addLongDouble,
  longDoubleFromNumber,
  RawString,
  stringEncoding,
  type LongDouble,
} from '../../src/types/string.js';

test('known INCRBYFLOAT results of redis 7.0', () => {
  const cases: [string, string, string][] = [
    ['0.1', '0.2', '0.3'],
    ['10.5', '0.1', '10.6'],
    ['0', '0.000003814697265625', '0.00000381469726562'],
    ['0', '3', '3'],
    ['0', '-0.0', '0'],
    ['0', '-1e-30', '0'],
    ['0', '0x1p-3', '0.125'],
    ['0', '1.5e3', '1500'],
    ['5.0e3', '2.0e2', '5200'],
    ['0', '1e400', '1' + '0'.repeat(400)],
  ];
  // 1e400 is not exact in binary: compare only the leading digits for it.
  for (const [a, b, want] of cases) {
    const got = incrByFloatText(a, b);
    if (b === '1e400') assert.equal((got as string).length, 401);
    else assert.equal(got, want, `${a} + ${b}`);
  }
  assert.equal(incrByFloatText('0', '0.000011444091796875'), '0.00001144409179688');
});

test('rejections follow strtold plus Redis checks', () => {
  for (const bad of ['', ' 1', '1 ', 'abc', 'nan', '1e', '0x', '.', 'e5', '1e5000', '-1e5000', '1e-5000', '--1', '1..2', '0x1p', 'infinite']) {
    assert.equal(parseLongDouble(bad), null, JSON.stringify(bad));
    assert.equal(incrByFloatText('0', bad), 'notfloat', JSON.stringify(bad));
  }
  for (const ok of ['1', '-1', '+1', '.5', '5.', '1e3', '1E+3', '1e-3', '0x10', '0X1P4', '0x.8', '00012', '1e-4940', '1.18e4932']) {
    assert.notEqual(parseLongDouble(ok), null, ok);
  }
  assert.equal(incrByFloatText('0', 'inf'), 'nan');
  assert.equal(incrByFloatText('inf', '1'), 'nan');
  assert.equal(incrByFloatText('1.18e4932', '1.18e4932'), 'nan');
});

test('integer sums below 2^64 are exact', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 63n) + 1n, max: 2n ** 63n - 1n }), (a, b) => {
      assert.equal(incrByFloatText(a.toString(), b.toString()), (a + b).toString());
    }),
    { numRuns: 2000 },
  );
});

test('short decimals below 16 print exactly', () => {
  const dec = (n: number): string => {
    const s = (Math.abs(n) / 100).toFixed(2);
    return (n < 0 ? '-' : '') + s;
  };
  const trim = (s: string): string => {
    let t = s.indexOf('.') === -1 ? s : s.replace(/0+$/, '').replace(/\.$/, '');
    if (t === '-0') t = '0';
    return t;
  };
  fc.assert(
    fc.property(fc.integer({ min: -750, max: 750 }), fc.integer({ min: -750, max: 750 }), (i, j) => {
      assert.equal(incrByFloatText(dec(i), dec(j)), trim(dec(i + j)));
    }),
    { numRuns: 3000 },
  );
});

test('addition is commutative and agrees with doubles when the double sum is exact', () => {
  fc.assert(
    fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 0, max: 30 }), (x, y, k) => {
      const a = x / 2 ** k;
      const b = y / 2 ** k;
      const la = longDoubleFromNumber(a);
      const lb = longDoubleFromNumber(b);
      const s1 = addLongDouble(la, lb) as LongDouble;
      const s2 = addLongDouble(lb, la) as LongDouble;
      assert.equal(formatLongDoubleHuman(s1), formatLongDoubleHuman(s2));
      // a + b is exact in a double here (at most 42 significant bits), so both agree.
      assert.equal(formatLongDoubleHuman(s1), formatLongDoubleHuman(longDoubleFromNumber(a + b)));
    }),
    { numRuns: 2000 },
  );
});

test('parse then format keeps 17 decimals of short decimal input', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 99999999 }), fc.integer({ min: 0, max: 8 }), (n, d) => {
      const s = d === 0 ? String(n) : (n / 10 ** d).toFixed(d);
      const v = parseLongDouble(s) as LongDouble;
      const want = s.indexOf('.') === -1 ? s : s.replace(/0+$/, '').replace(/\.$/, '');
      if (n < 10 ** (d + 1)) assert.equal(formatLongDoubleHuman(v), want === '' ? '0' : want);
    }),
    { numRuns: 2000 },
  );
});

test('RawString behaves like an immutable string model', () => {
  const op = fc.oneof(
    fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 }).map((s) => ({ k: 'append' as const, s, o: 0 })),
    fc.tuple(fc.integer({ min: 0, max: 300 }), fc.string({ maxLength: 20 })).map(([o, s]) => ({ k: 'write' as const, s, o })),
    fc.integer({ min: 0, max: 400 }).map((o) => ({ k: 'grow' as const, s: '', o })),
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), fc.array(op, { maxLength: 30 }), (init, ops) => {
      let model = init;
      const r = RawString.fromString(init);
      for (const o of ops) {
        if (o.k === 'append') {
          model += o.s;
          r.append(o.s);
        } else if (o.k === 'write') {
          if (model.length < o.o + o.s.length) model += '\0'.repeat(o.o + o.s.length - model.length);
          model = model.slice(0, o.o) + o.s + model.slice(o.o + o.s.length);
          r.writeAt(o.o, o.s);
        } else if (o.o > model.length) {
          model += '\0'.repeat(o.o - model.length);
          r.growZero(o.o);
        }
        assert.equal(r.len, model.length);
      }
      assert.equal(r.toString(), Buffer.from(model, 'latin1').toString('latin1'));
      assert.equal(stringEncoding(r), 'raw');
    }),
    { numRuns: 500 },
  );
});

test('stringEncoding of plain strings', () => {
  assert.equal(stringEncoding('123'), 'int');
  assert.equal(stringEncoding('-9223372036854775808'), 'int');
  assert.equal(stringEncoding('9223372036854775808'), 'embstr');
  assert.equal(stringEncoding('012'), 'embstr');
  assert.equal(stringEncoding(''), 'embstr');
  assert.equal(stringEncoding('x'.repeat(44)), 'embstr');
  assert.equal(stringEncoding('x'.repeat(45)), 'raw');
});
