// Lua interpreter unit tests: number formatting against printf (values computed with
// Python's %-formatting, which rounds exactly as glibc), lexer round trips of %q strings
// and numbers (fast-check), patterns, closures and error texts, without a server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LuaTable, numberToString, type LuaValue } from '../../src/lua/value.js';
import { compileChunk, pcall } from '../../src/lua/interp.js';
import { installBase, makeMathLib, makeStringLib, makeTableLib, Rand48 } from '../../src/lua/stdlib.js';
import { makeBitLib, makeCjsonLib } from '../../src/lua/libs.js';
import { formatExp, formatFixed, formatGeneral } from '../../src/lua/numfmt.js';
import { state } from '../../src/lua/interp.js';

// [value, %.14g, %.17g, %.3f ('' when skipped), %.5e]
const PRINTF: [number, string, string, string, string][] = [
  [0.1, '0.1', '0.10000000000000001', '0.100', '1.00000e-01'],
  [0.3333333333333333, '0.33333333333333', '0.33333333333333331', '0.333', '3.33333e-01'],
  [123456789012345.0, '1.2345678901234e+14', '123456789012345', '123456789012345.000', '1.23457e+14'],
  [2.5, '2.5', '2.5', '2.500', '2.50000e+00'],
  [0.5, '0.5', '0.5', '0.500', '5.00000e-01'],
  [1.5, '1.5', '1.5', '1.500', '1.50000e+00'],
  [1000000000000000.0, '1e+15', '1000000000000000', '1000000000000000.000', '1.00000e+15'],
  [1e+16, '1e+16', '10000000000000000', '10000000000000000.000', '1.00000e+16'],
  [1e-05, '1e-05', '1.0000000000000001e-05', '0.000', '1.00000e-05'],
  [123.456, '123.456', '123.456', '123.456', '1.23456e+02'],
  [9007199254740992.0, '9.007199254741e+15', '9007199254740992', '9007199254740992.000', '9.00720e+15'],
  [9.223372036854776e+18, '9.2233720368548e+18', '9.2233720368547758e+18', '9223372036854775808.000', '9.22337e+18'],
  [1e+100, '1e+100', '1e+100', '', '1.00000e+100'],
  [5e-324, '4.9406564584125e-324', '4.9406564584124654e-324', '0.000', '4.94066e-324'],
  [3.0517578125e-05, '3.0517578125e-05', '3.0517578125e-05', '0.000', '3.05176e-05'],
  [1234567.5, '1234567.5', '1234567.5', '1234567.500', '1.23457e+06'],
  [-0.0, '-0', '-0', '-0.000', '-0.00000e+00'],
  [-2.675, '-2.675', '-2.6749999999999998', '-2.675', '-2.67500e+00'],
  [1e+21, '1e+21', '1e+21', '1000000000000000000000.000', '1.00000e+21'],
  [1e+22, '1e+22', '1e+22', '10000000000000000000000.000', '1.00000e+22'],
  [0.125, '0.125', '0.125', '0.125', '1.25000e-01'],
  [1000000000000005.0, '1e+15', '1000000000000005', '1000000000000005.000', '1.00000e+15'],
  [-1.989032661366619e+244, '-1.9890326613666e+244', '-1.989032661366619e+244', '', '-1.98903e+244'],
  [7.761117632285041e+178, '7.761117632285e+178', '7.761117632285041e+178', '', '7.76112e+178'],
  [3.980498358697587e-249, '3.9804983586976e-249', '3.980498358697587e-249', '0.000', '3.98050e-249'],
  [-1.5432835417340557e+88, '-1.5432835417341e+88', '-1.5432835417340557e+88', '', '-1.54328e+88'],
  [1.3647584518757569e-192, '1.3647584518758e-192', '1.3647584518757569e-192', '0.000', '1.36476e-192'],
  [-1.3701135617873088e-206, '-1.3701135617873e-206', '-1.3701135617873088e-206', '-0.000', '-1.37011e-206'],
  [-1.7160537630466207e+197, '-1.7160537630466e+197', '-1.7160537630466207e+197', '', '-1.71605e+197'],
  [6.294675241195386e-44, '6.2946752411954e-44', '6.2946752411953861e-44', '0.000', '6.29468e-44'],
  [1.0613447212142254e-202, '1.0613447212142e-202', '1.0613447212142254e-202', '0.000', '1.06134e-202'],
  [4.708325160387546e+207, '4.7083251603875e+207', '4.7083251603875462e+207', '', '4.70833e+207'],
  [6.387016158513563e-12, '6.3870161585136e-12', '6.3870161585135632e-12', '0.000', '6.38702e-12'],
  [-9.973130378568733e-246, '-9.9731303785687e-246', '-9.9731303785687331e-246', '-0.000', '-9.97313e-246'],
  [8.779753225680271e-236, '8.7797532256803e-236', '8.7797532256802712e-236', '0.000', '8.77975e-236'],
  [-5.795503248498993e-228, '-5.795503248499e-228', '-5.7955032484989932e-228', '-0.000', '-5.79550e-228'],
  [-5.988180159386011e+243, '-5.988180159386e+243', '-5.9881801593860111e+243', '', '-5.98818e+243'],
  [-1.306052388527796e-147, '-1.3060523885278e-147', '-1.3060523885277959e-147', '-0.000', '-1.30605e-147'],
  [-2.436117699484841e-206, '-2.4361176994848e-206', '-2.4361176994848409e-206', '-0.000', '-2.43612e-206'],
  [2.233386999150174e-232, '2.2333869991502e-232', '2.2333869991501741e-232', '0.000', '2.23339e-232'],
  [-3.51527970626667e-203, '-3.5152797062667e-203', '-3.5152797062666699e-203', '-0.000', '-3.51528e-203'],
  [1.5987381841032883e-247, '1.5987381841033e-247', '1.5987381841032883e-247', '0.000', '1.59874e-247'],
  [4.6678633181812096e-36, '4.6678633181812e-36', '4.6678633181812096e-36', '0.000', '4.66786e-36'],
  [-8.441872792105456e-239, '-8.4418727921055e-239', '-8.4418727921054556e-239', '-0.000', '-8.44187e-239'],
  [1.9015657400796622e-144, '1.9015657400797e-144', '1.9015657400796622e-144', '0.000', '1.90157e-144'],
  [7.370437700706684e+208, '7.3704377007067e+208', '7.370437700706684e+208', '', '7.37044e+208'],
  [-1.7163996725272777e-258, '-1.7163996725273e-258', '-1.7163996725272777e-258', '-0.000', '-1.71640e-258'],
  [-3.2367190832119987e-221, '-3.236719083212e-221', '-3.2367190832119987e-221', '-0.000', '-3.23672e-221'],
  [-2.2818334634712625e-234, '-2.2818334634713e-234', '-2.2818334634712625e-234', '-0.000', '-2.28183e-234'],
  [-3.0536383926309363e-84, '-3.0536383926309e-84', '-3.0536383926309363e-84', '-0.000', '-3.05364e-84'],
  [1.3449551894627777e-181, '1.3449551894628e-181', '1.3449551894627777e-181', '0.000', '1.34496e-181'],
  [-7.317495976062606e-221, '-7.3174959760626e-221', '-7.3174959760626057e-221', '-0.000', '-7.31750e-221'],
  [-458498613367384.9, '-4.5849861336738e+14', '-458498613367384.88', '-458498613367384.875', '-4.58499e+14'],
  [5.78765901282155e+16, '5.7876590128216e+16', '57876590128215504', '57876590128215504.000', '5.78766e+16'],
  [-80880013100003.81, '-80880013100004', '-80880013100003.812', '-80880013100003.812', '-8.08800e+13'],
  [42072005790701.47, '42072005790701', '42072005790701.469', '42072005790701.469', '4.20720e+13'],
  [33399024433276.734, '33399024433277', '33399024433276.734', '33399024433276.734', '3.33990e+13'],
  [306215043096021.8, '3.0621504309602e+14', '306215043096021.81', '306215043096021.812', '3.06215e+14'],
  [-2839591456633454.5, '-2.8395914566335e+15', '-2839591456633454.5', '-2839591456633454.500', '-2.83959e+15'],
  [-74616115020601.0, '-74616115020601', '-74616115020601', '-74616115020601.000', '-7.46161e+13'],
  [51377583925960.79, '51377583925961', '51377583925960.789', '51377583925960.789', '5.13776e+13'],
  [-999870492114.233, '-999870492114.23', '-999870492114.23303', '-999870492114.233', '-9.99870e+11'],
  [7.552048410213018e+16, '7.552048410213e+16', '75520484102130176', '75520484102130176.000', '7.55205e+16'],
  [47554589803646.734, '47554589803647', '47554589803646.734', '47554589803646.734', '4.75546e+13'],
  [-56193440940623.83, '-56193440940624', '-56193440940623.828', '-56193440940623.828', '-5.61934e+13'],
  [-8.869927780807976e+16, '-8.869927780808e+16', '-88699277808079760', '-88699277808079760.000', '-8.86993e+16'],
  [59428109388858.66, '59428109388859', '59428109388858.656', '59428109388858.656', '5.94281e+13'],
  [-95684335707354.14, '-95684335707354', '-95684335707354.141', '-95684335707354.141', '-9.56843e+13'],
  [910203100472.1396, '910203100472.14', '910203100472.13965', '910203100472.140', '9.10203e+11'],
  [67143413280805.96, '67143413280806', '67143413280805.961', '67143413280805.961', '6.71434e+13'],
  [3.664953964237555e+16, '3.6649539642376e+16', '36649539642375552', '36649539642375552.000', '3.66495e+16'],
  [-10509519322433.197, '-10509519322433', '-10509519322433.197', '-10509519322433.197', '-1.05095e+13'],
];

test('number formatting matches printf (%.14g, %.17g, %.3f, %.5e)', () => {
  for (const [v, g14, g17, f3, e5] of PRINTF) {
    assert.equal(formatGeneral(v, 14), g14, `%.14g of ${v}`);
    assert.equal(formatGeneral(v, 17), g17, `%.17g of ${v}`);
    if (f3 !== '') assert.equal(formatFixed(v, 3), f3, `%.3f of ${v}`);
    assert.equal(formatExp(v, 5), e5, `%.5e of ${v}`);
  }
  assert.equal(numberToString(3), '3');
  assert.equal(numberToString(-0), '-0');
  assert.equal(numberToString(1e15), '1e+15');
  assert.equal(numberToString(Infinity), 'inf');
});

function env(): LuaTable {
  const G = new LuaTable();
  installBase(G, G);
  const str = makeStringLib();
  const meta = new LuaTable();
  meta.set('__index', str);
  state.stringMeta = meta;
  G.set('string', str);
  G.set('table', makeTableLib());
  G.set('math', makeMathLib(new Rand48()));
  G.set('bit', makeBitLib());
  G.set('cjson', makeCjsonLib());
  return G;
}

function run(src: string, G = env()): LuaValue[] {
  state.depth = 0;
  state.chunk = 'test';
  const f = compileChunk(src, 'test', G);
  const r = pcall(f, []);
  if (r[0] !== true) throw new Error(`lua error: ${String(r[1])}`);
  return r.slice(1);
}

test('integers print like %.14g and survive the lexer', () => {
  const G = env();
  fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => {
    assert.deepEqual(run(`return ${n}, tostring(${n})`, G), [n, String(n)]);
  }), { numRuns: 200 });
});

test('doubles round-trip through %.17g and the lexer', () => {
  const G = env();
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), (x) => {
    const text = formatGeneral(Math.abs(x), 17);
    const [v] = run(`return ${x < 0 ? '-' : ''}${text}`, G);
    assert.ok(Object.is(v, x) || (x === 0 && v === 0), `${x} -> ${text} -> ${String(v)}`);
  }), { numRuns: 200 });
});

test('%q output reads back as the same bytes (any latin1 string)', () => {
  const G = env();
  const latin1 = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }).map((a) => String.fromCharCode(...a));
  fc.assert(fc.property(latin1, (s) => {
    G.set('INPUT', LuaTable.fromArray([s]));
    const [q] = run('return string.format("%q", INPUT[1])', G);
    assert.deepEqual(run(`return ${q as string}`, G), [s]);
  }), { numRuns: 200 });
});

test('patterns, closures, varargs and metatables', () => {
  assert.deepEqual(run('return string.match("key:42:end", "(%a+):(%d+)")'), ['key', '42']);
  assert.deepEqual(run('return string.gsub("a-b-c", "-", "+")'), ['a+b+c', 2]);
  assert.deepEqual(run('return string.find("x[y]", "[", 1, true)'), [2, 2]);
  assert.deepEqual(run('return string.match("  x  ", "^%s*(.-)%s*$")'), ['x']);
  assert.deepEqual(run('local fs = {} for i = 1, 3 do fs[i] = function() return i end end return fs[1](), fs[3]()'), [1, 3]);
  assert.deepEqual(run('local function f(...) return select("#", ...), ... end return f(nil, 2)'), [2, undefined, 2]);
  assert.deepEqual(run('local t = setmetatable({}, {__index = function(_, k) return k * 2 end}) return t[21]'), [42]);
  assert.deepEqual(run('local a, b, c = (function() return 1, 2 end)() return a, b, c'), [1, 2, undefined]);
  assert.deepEqual(run('return bit.tohex(bit.bor(0xf0, 0x0f)), cjson.encode({1, "a", {}})'), ['000000ff', '[1,"a",{}]']);
  assert.deepEqual(run('local t = {5, 2, 8, 1} table.sort(t) return table.concat(t, ",")'), ['1,2,5,8']);
});

test('runtime errors carry Lua 5.1 texts and positions', () => {
  const G = env();
  const err = (src: string): LuaValue => {
    const f = compileChunk(src, 'test', G);
    const r = pcall(f, []);
    assert.equal(r[0], false);
    return r[1];
  };
  assert.equal(err('local t\nreturn t.x'), "test:2: attempt to index local 't' (a nil value)");
  assert.equal(err('return 1 + {}'), 'test:1: attempt to perform arithmetic on a table value');
  assert.equal(err('local s = "x" .. {}'), 'test:1: attempt to concatenate a table value');
  assert.equal(err('return 1 < "2"'), 'test:1: attempt to compare number with string');
  assert.equal(err('error("boom")'), 'test:1: boom');
  assert.equal(err('error("boom", 0)'), 'boom');
  assert.equal(err('string.rep()'), "test:1: bad argument #1 to 'rep' (string expected, got no value)");
  assert.throws(() => compileChunk('return foo(', 'test', G), /test:1: unexpected symbol near '<eof>'/);
  assert.throws(() => compileChunk('return +', 'test', G), /test:1: unexpected symbol near '\+'/);
  assert.throws(() => compileChunk('x', 'test', G), /test:1: '=' expected near '<eof>'/);
  assert.throws(() => compileChunk('for i = 1 do end', 'test', G), /test:1: ',' expected near 'do'/);
});
