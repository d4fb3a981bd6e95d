// The Lua 5.1 standard library subset Redis 7.0 scripts see: base functions, string
// (patterns, format), table, math (with Redis's deterministic drand48-based random).
// Argument errors read as Lua's luaL_argerror ("bad argument #1 to 'rep' (string
// expected, got no value)").

import {
  EMPTY, LuaError, LuaFunction, LuaTable, nanText, numberToString, strToNumber, toNumber, typeName,
  type LuaValue, type NativeFn,
} from './value.js';
import {
  call, compileChunk, equals, getMetatable, lessThan, pcall, rtError, rawError, compareError, state, tostring, truthy, errorValue,
} from './interp.js';
import { MatchState, doMatch, captures, getCapture, hasSpecials } from './lpattern.js';
import { formatExp, formatFixed, formatGeneral } from './numfmt.js';

// ---------------------------------------------------------------- argument helpers

export function argError(n: number, fname: string, msg: string): never {
  // Called straight from pcall (a C caller): no position and no function name, as Lua.
  if (state.nativeCaller) rtError(`bad argument #${n} to '?' (${msg})`);
  rtError(`bad argument #${n} to '${fname}' (${msg})`);
}

function tagError(args: LuaValue[], i: number, fname: string, expected: string): never {
  const got = i < args.length ? typeName(args[i]) : 'no value';
  argError(i + 1, fname, `${expected} expected, got ${got}`);
}

export function checkStr(args: LuaValue[], i: number, fname: string): string {
  const v = args[i];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  tagError(args, i, fname, 'string');
}

export function optStr(args: LuaValue[], i: number, fname: string, def: string): string {
  return args[i] === undefined ? def : checkStr(args, i, fname);
}

export function checkNum(args: LuaValue[], i: number, fname: string): number {
  const v = args[i];
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = strToNumber(v);
    if (n !== undefined) return n;
  }
  tagError(args, i, fname, 'number');
}

export function optNum(args: LuaValue[], i: number, fname: string, def: number): number {
  return args[i] === undefined ? def : checkNum(args, i, fname);
}

/** luaL_checkint: the number truncated toward zero (C cast). */
export function checkInt(args: LuaValue[], i: number, fname: string): number {
  return toInt(checkNum(args, i, fname));
}

export function optInt(args: LuaValue[], i: number, fname: string, def: number): number {
  return args[i] === undefined ? def : checkInt(args, i, fname);
}

export function toInt(n: number): number {
  if (n !== n) return 0;
  return Math.trunc(n);
}

export function checkTable(args: LuaValue[], i: number, fname: string): LuaTable {
  const v = args[i];
  if (v instanceof LuaTable) return v;
  tagError(args, i, fname, 'table');
}

function checkAny(args: LuaValue[], i: number, fname: string): void {
  if (i >= args.length) argError(i + 1, fname, 'value expected');
}

export function fn(name: string, f: NativeFn): LuaFunction {
  return new LuaFunction(name, f);
}

export function lib(entries: Record<string, LuaValue>): LuaTable {
  const t = new LuaTable();
  for (const [k, v] of Object.entries(entries)) t.set(k, v);
  return t;
}

// ---------------------------------------------------------------- base

export function installBase(G: LuaTable, loadEnv: LuaTable): void {
  const nextFn = fn('next', (args) => {
    const t = checkTable(args, 0, 'next');
    let r: [LuaValue, LuaValue] | undefined;
    try {
      r = t.next(args[1]);
    } catch (e) {
      if (e instanceof LuaError && !e.positioned) rawError(e.value as string);
      throw e;
    }
    return r === undefined ? [undefined] : r;
  });
  const ipairsIter = fn('ipairs_aux', (args) => {
    const t = args[0] as LuaTable;
    const i = (args[1] as number) + 1;
    const v = t.get(i);
    return v === undefined ? EMPTY : [i, v];
  });
  const entries: Record<string, LuaValue> = {
    _VERSION: 'Lua 5.1',
    assert: fn('assert', (args) => {
      if (!truthy(args[0])) {
        if (args.length < 1) argError(1, 'assert', 'value expected');
        rtError(args[1] === undefined ? 'assertion failed!' : checkStr(args, 1, 'assert'));
      }
      return args;
    }),
    error: fn('error', (args) => {
      const v = args[0];
      const level = optInt(args, 1, 'error', 1);
      if ((typeof v === 'string' || typeof v === 'number') && level > 0 && !state.nativeCaller) {
        let line = -1;
        if (level === 1) line = state.line;
        else {
          const d = state.depth - level + 2;
          if (d >= 2) line = state.lineStack[d] ?? -1;
        }
        const m = typeof v === 'number' ? numberToString(v) : v;
        const e = new LuaError(line >= 0 ? `${state.chunk}:${line}: ${m}` : m, state.line);
        e.positioned = true;
        throw e;
      }
      const e = new LuaError(v, state.line);
      e.positioned = true;
      throw e;
    }),
    getmetatable: fn('getmetatable', (args) => {
      checkAny(args, 0, 'getmetatable');
      const mt = getMetatable(args[0]);
      if (mt === null) return [undefined];
      const p = mt.getStr('__metatable');
      return [p !== undefined ? p : mt];
    }),
    setmetatable: fn('setmetatable', (args) => {
      const t = checkTable(args, 0, 'setmetatable');
      const m = args[1];
      if (m !== undefined && !(m instanceof LuaTable)) argError(2, 'setmetatable', 'nil or table expected');
      if (t.mt !== null && t.mt.getStr('__metatable') !== undefined) rtError('cannot change a protected metatable');
      if (t.readonly) rtError('Attempt to modify a readonly table');
      t.mt = m === undefined ? null : m;
      return [t];
    }),
    ipairs: fn('ipairs', (args) => {
      const t = checkTable(args, 0, 'ipairs');
      return [ipairsIter, t, 0];
    }),
    pairs: fn('pairs', (args) => {
      const t = checkTable(args, 0, 'pairs');
      return [nextFn, t, undefined];
    }),
    next: nextFn,
    pcall: fn('pcall', (args) => {
      checkAny(args, 0, 'pcall');
      return pcall(args[0], args.slice(1));
    }),
    xpcall: fn('xpcall', (args) => {
      checkAny(args, 1, 'xpcall');
      const depth = state.depth;
      try {
        const r = call(args[0], []);
        return [true, ...r];
      } catch (e) {
        const v = errorValue(e);
        state.depth = depth;
        return [false, ...call(args[1], [v])];
      }
    }),
    rawequal: fn('rawequal', (args) => {
      checkAny(args, 0, 'rawequal');
      checkAny(args, 1, 'rawequal');
      return [args[0] === args[1]];
    }),
    rawget: fn('rawget', (args) => {
      const t = checkTable(args, 0, 'rawget');
      checkAny(args, 1, 'rawget');
      return [t.get(args[1])];
    }),
    rawset: fn('rawset', (args) => {
      const t = checkTable(args, 0, 'rawset');
      checkAny(args, 1, 'rawset');
      checkAny(args, 2, 'rawset');
      if (t.readonly) rtError('Attempt to modify a readonly table');
      try {
        t.set(args[1], args[2]);
      } catch (e) {
        if (e instanceof LuaError && !e.positioned) rawError(e.value as string);
        throw e;
      }
      return [t];
    }),
    select: fn('select', (args) => {
      const a0 = args[0];
      if (a0 === '#') return [args.length - 1];
      let i = checkInt(args, 0, 'select');
      const n = args.length;
      if (i < 0) i = n + i;
      else if (i > n) i = n;
      if (i < 1) argError(1, 'select', 'index out of range');
      return args.slice(i);
    }),
    tonumber: fn('tonumber', (args) => {
      const base = optInt(args, 1, 'tonumber', 10);
      const v = args[0];
      if (base === 10) {
        checkAny(args, 0, 'tonumber');
        return [toNumber(v)];
      }
      const s = checkStr(args, 0, 'tonumber');
      if (base < 2 || base > 36) argError(2, 'tonumber', 'base out of range');
      // strtoul: leading spaces, optional sign... Lua then requires only trailing spaces.
      const m = /^[\t\n\v\f\r ]*(-?)([0-9a-zA-Z]+)[\t\n\v\f\r ]*$/.exec(s);
      if (m === null) return [undefined];
      let n = 0;
      for (const ch of m[2]!) {
        const d = parseInt(ch, 36);
        if (d >= base) return [undefined];
        n = n * base + d;
      }
      if (m[1] === '-') n = 18446744073709551616 - n; // strtoul negates in unsigned long
      return [n];
    }),
    tostring: fn('tostring', (args) => {
      checkAny(args, 0, 'tostring');
      return [tostring(args[0])];
    }),
    type: fn('type', (args) => {
      checkAny(args, 0, 'type');
      return [typeName(args[0])];
    }),
    unpack: fn('unpack', unpack),
    loadstring: fn('loadstring', (args) => {
      const s = checkStr(args, 0, 'loadstring');
      const chunk = optStr(args, 1, 'loadstring', s);
      try {
        return [compileChunk(s, chunkId(chunk), loadEnv)];
      } catch (e) {
        if (e instanceof LuaError) return [undefined, e.value];
        throw e;
      }
    }),
    load: fn('load', (args) => {
      const f = args[0];
      let src = '';
      for (;;) {
        const piece = call(f, [])[0];
        if (piece === undefined || piece === '') break;
        if (typeof piece !== 'string') return [undefined, 'reader function must return a string'];
        src += piece;
      }
      try {
        return [compileChunk(src, chunkId(optStr(args, 1, 'load', '=(load)')), loadEnv)];
      } catch (e) {
        if (e instanceof LuaError) return [undefined, e.value];
        throw e;
      }
    }),
    collectgarbage: fn('collectgarbage', (args) => {
      const opt = optStr(args, 0, 'collectgarbage', 'collect');
      if (opt === 'count') return [process.memoryUsage().heapUsed / 1024];
      return [0];
    }),
    gcinfo: fn('gcinfo', () => [Math.floor(process.memoryUsage().heapUsed / 1024)]),
  };
  for (const [k, v] of Object.entries(entries)) G.set(k, v);
  G.set('_G', G);
}

/** Chunk name as Lua's luaO_chunkid shows it in messages. */
function chunkId(name: string): string {
  if (name.startsWith('=') || name.startsWith('@')) return name.slice(1);
  let first = name;
  const nl = first.indexOf('\n');
  if (nl !== -1) first = first.slice(0, nl) + '...';
  else if (first.length > 45) first = first.slice(0, 42) + '...';
  return `[string "${first}"]`;
}

export function unpack(args: LuaValue[]): LuaValue[] {
  const t = checkTable(args, 0, 'unpack');
  const i = optInt(args, 1, 'unpack', 1);
  const e = args[2] === undefined ? t.length() : checkInt(args, 2, 'unpack');
  if (i > e) return EMPTY;
  const n = e - i + 1;
  if (n >= 8000) rtError('too many results to unpack');
  const out = new Array<LuaValue>(n);
  for (let k = 0; k < n; k++) out[k] = t.get(i + k);
  return out;
}

// ---------------------------------------------------------------- string

function strIndex(i: number, len: number): number {
  return i < 0 ? len + i + 1 : i;
}

function strFind(args: LuaValue[], find: boolean): LuaValue[] {
  const fname = find ? 'find' : 'match';
  const s = checkStr(args, 0, fname);
  const p = checkStr(args, 1, fname);
  let init = strIndex(optInt(args, 2, fname, 1), s.length) - 1;
  if (init < 0) init = 0;
  else if (init > s.length) init = s.length;
  if (find && (truthy(args[3]) || !hasSpecials(p))) {
    const idx = s.indexOf(p, init);
    if (idx === -1) return [undefined];
    return [idx + 1, idx + p.length];
  }
  const ms = new MatchState(s, p);
  let anchor = false;
  let pi = 0;
  if (p.charCodeAt(0) === 94) {
    anchor = true;
    pi = 1;
  }
  let s1 = init;
  do {
    ms.level = 0;
    ms.depth = 0;
    const e = doMatch(ms, s1, pi);
    if (e !== -1) {
      if (find) return [s1 + 1, e, ...captures(ms, s1, e, false)];
      return captures(ms, s1, e, true);
    }
    s1++;
  } while (s1 <= s.length && !anchor);
  return [undefined];
}

function gmatch(args: LuaValue[]): LuaValue[] {
  const s = checkStr(args, 0, 'gmatch');
  const p = checkStr(args, 1, 'gmatch');
  let src = 0;
  const ms = new MatchState(s, p);
  return [fn('gmatch_aux', () => {
    for (; src <= s.length; src++) {
      ms.level = 0;
      ms.depth = 0;
      const e = doMatch(ms, src, 0);
      if (e !== -1) {
        const start = src;
        src = e === src ? e + 1 : e;
        return captures(ms, start, e, true);
      }
    }
    return [undefined];
  })];
}

function gsub(args: LuaValue[]): LuaValue[] {
  const src = checkStr(args, 0, 'gsub');
  const p = checkStr(args, 1, 'gsub');
  const repl = args[2];
  const tr = typeof repl;
  if (!(tr === 'number' || tr === 'string' || repl instanceof LuaTable || repl instanceof LuaFunction)) {
    argError(3, 'gsub', 'string/function/table expected');
  }
  const maxN = args[3] === undefined ? src.length + 1 : checkInt(args, 3, 'gsub');
  let anchor = false;
  let pi = 0;
  if (p.charCodeAt(0) === 94) {
    anchor = true;
    pi = 1;
  }
  const ms = new MatchState(src, p);
  let s = 0;
  let n = 0;
  let out = '';
  const replStr = tr === 'number' ? numberToString(repl as number) : tr === 'string' ? (repl as string) : null;
  while (n < maxN) {
    ms.level = 0;
    ms.depth = 0;
    const e = doMatch(ms, s, pi);
    if (e !== -1) {
      n++;
      // add_value
      const whole = src.slice(s, e);
      if (replStr !== null) {
        if (replStr.indexOf('%') === -1) out += replStr;
        else {
          for (let i = 0; i < replStr.length; i++) {
            const c = replStr.charCodeAt(i);
            if (c !== 37) {
              out += replStr[i];
              continue;
            }
            i++;
            const d = replStr.charCodeAt(i);
            if (d >= 48 && d <= 57) {
              if (d === 48) out += whole;
              else {
                const v = getCapture(ms, d - 49, s, e);
                out += typeof v === 'number' ? numberToString(v) : v;
              }
            } else if (i < replStr.length) out += replStr[i];
          }
        }
      } else {
        const cap = getCapture(ms, 0, s, e);
        let v: LuaValue;
        if (repl instanceof LuaTable) v = repl.get(cap);
        else v = call(repl, captures(ms, s, e, true))[0];
        if (v === undefined || v === false) out += whole;
        else if (typeof v === 'string') out += v;
        else if (typeof v === 'number') out += numberToString(v);
        else rtError(`invalid replacement value (a ${typeName(v)})`);
      }
    }
    if (e !== -1 && e > s) s = e;
    else if (s < src.length) out += src[s++];
    else break;
    if (anchor) break;
  }
  out += src.slice(s);
  return [out, n];
}

function padTo(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = s[0] === '-' || s[0] === '+' || s[0] === ' ' ? s[0] : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}

function nonFinite(n: number, upper: boolean): string | null {
  if (n === Infinity) return upper ? 'INF' : 'inf';
  if (n === -Infinity) return upper ? '-INF' : '-inf';
  if (n !== n) return upper ? nanText(n).toUpperCase() : nanText(n);
  return null;
}

export function format(args: LuaValue[]): string {
  const fmt = checkStr(args, 0, 'format');
  let out = '';
  let arg = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    i++;
    if (fmt[i] === '%') {
      out += '%';
      continue;
    }
    let flags = '';
    while (i < fmt.length && '-+ #0'.includes(fmt[i]!)) flags += fmt[i++];
    if (flags.length > 5) rtError('invalid format (repeated flags)');
    let width = '';
    while (i < fmt.length && fmt[i]! >= '0' && fmt[i]! <= '9') width += fmt[i++];
    let prec: string | null = null;
    if (fmt[i] === '.') {
      i++;
      prec = '';
      while (i < fmt.length && fmt[i]! >= '0' && fmt[i]! <= '9') prec += fmt[i++];
    }
    if (width.length > 2 || (prec !== null && prec.length > 2)) rtError('invalid format (width or precision too long)');
    const conv = fmt[i];
    arg++;
    const w = width === '' ? 0 : parseInt(width, 10);
    const p = prec === null ? -1 : prec === '' ? 0 : parseInt(prec, 10);
    const left = flags.includes('-');
    const zero = flags.includes('0') && !left;
    const plus = flags.includes('+');
    const space = flags.includes(' ');
    const signed = (s: string, neg: boolean): string => (neg ? '-' + s : plus ? '+' + s : space ? ' ' + s : s);
    switch (conv) {
      case 'c': {
        const n = checkNum(args, arg, 'format');
        // sprintf's NUL ends the C string Lua copies: %c of 0 adds nothing.
        const ch = toInt(n) & 255;
        out += ch === 0 ? '' : padTo(String.fromCharCode(ch), w, left, false);
        break;
      }
      case 'd': case 'i': {
        const n = toInt(checkNum(args, arg, 'format'));
        let digits = String(Math.abs(n));
        if (p >= 0) digits = digits.padStart(p, '0');
        if (p === 0 && n === 0) digits = '';
        out += padTo(signed(digits, n < 0), w, left, zero && p < 0);
        break;
      }
      case 'u': case 'o': case 'x': case 'X': {
        let n = toInt(checkNum(args, arg, 'format'));
        let big = BigInt(n);
        if (n < 0) big = (1n << 64n) + big;
        n = 0;
        let digits = conv === 'o' ? big.toString(8) : conv === 'u' ? big.toString(10) : big.toString(16);
        if (conv === 'X') digits = digits.toUpperCase();
        if (p >= 0) digits = digits.padStart(p, '0');
        if (flags.includes('#') && big !== 0n) {
          if (conv === 'x') digits = '0x' + digits;
          else if (conv === 'X') digits = '0X' + digits;
          else if (conv === 'o' && digits[0] !== '0') digits = '0' + digits;
        }
        out += padTo(digits, w, left, zero && p < 0);
        break;
      }
      case 'e': case 'E': case 'f': case 'g': case 'G': {
        const n = checkNum(args, arg, 'format');
        const upper = conv === 'E' || conv === 'G';
        const nf = nonFinite(n, upper);
        if (nf !== null) {
          out += padTo(n > 0 && nf[0] !== '-' ? signed(nf, false) : nf, w, left, false);
          break;
        }
        const pr = p < 0 ? 6 : p;
        const neg = n < 0 || (n === 0 && 1 / n < 0);
        const a = Math.abs(n);
        let body: string;
        if (conv === 'f') body = formatFixed(a, pr);
        else if (conv === 'e' || conv === 'E') body = formatExp(a, pr, upper);
        else {
          body = formatGeneral(a, pr === 0 ? 1 : pr);
          if (flags.includes('#') && !body.includes('.')) body += '.';
          if (upper) body = body.toUpperCase();
        }
        out += padTo(signed(body, neg), w, left, zero);
        break;
      }
      case 'q': {
        const s = checkStr(args, arg, 'format');
        let q = '"';
        for (let k = 0; k < s.length; k++) {
          const ch = s.charCodeAt(k);
          if (ch === 34) q += '\\"';
          else if (ch === 92) q += '\\\\';
          else if (ch === 10) q += '\\\n';
          else if (ch === 13) q += '\\r';
          else if (ch === 0) q += '\\000';
          else q += s[k];
        }
        out += q + '"';
        break;
      }
      case 's': {
        let s = checkStr(args, arg, 'format');
        if (p >= 0) s = s.slice(0, p);
        out += padTo(s, w, left, false);
        break;
      }
      default:
        rtError(`invalid option '%${conv ?? ''}' to 'format'`);
    }
  }
  return out;
}

export function makeStringLib(): LuaTable {
  return lib({
    len: fn('len', (a) => [checkStr(a, 0, 'len').length]),
    sub: fn('sub', (a) => {
      const s = checkStr(a, 0, 'sub');
      const l = s.length;
      let i = strIndex(checkInt(a, 1, 'sub'), l);
      let j = strIndex(optInt(a, 2, 'sub', -1), l);
      if (i < 1) i = 1;
      if (j > l) j = l;
      return [i <= j ? s.slice(i - 1, j) : ''];
    }),
    upper: fn('upper', (a) => [asciiCase(checkStr(a, 0, 'upper'), true)]),
    lower: fn('lower', (a) => [asciiCase(checkStr(a, 0, 'lower'), false)]),
    rep: fn('rep', (a) => {
      const s = checkStr(a, 0, 'rep');
      const n = checkInt(a, 1, 'rep');
      if (n <= 0 || s.length === 0) return [''];
      if (s.length * n > 512 * 1024 * 1024) rtError('not enough memory');
      return [s.repeat(n)];
    }),
    reverse: fn('reverse', (a) => {
      const s = checkStr(a, 0, 'reverse');
      let r = '';
      for (let i = s.length - 1; i >= 0; i--) r += s[i];
      return [r];
    }),
    byte: fn('byte', (a) => {
      const s = checkStr(a, 0, 'byte');
      const l = s.length;
      let i = strIndex(optInt(a, 1, 'byte', 1), l);
      let j = strIndex(a[2] === undefined ? i : checkInt(a, 2, 'byte'), l);
      if (i <= 0) i = 1;
      if (j > l) j = l;
      if (i > j) return EMPTY;
      const out = new Array<LuaValue>(j - i + 1);
      for (let k = i; k <= j; k++) out[k - i] = s.charCodeAt(k - 1);
      return out;
    }),
    char: fn('char', (a) => {
      let s = '';
      for (let i = 0; i < a.length; i++) {
        const c = checkInt(a, i, 'char');
        if (c < 0 || c > 255) argError(i + 1, 'char', 'invalid value');
        s += String.fromCharCode(c);
      }
      return [s];
    }),
    format: fn('format', (a) => [format(a)]),
    find: fn('find', (a) => strFind(a, true)),
    match: fn('match', (a) => strFind(a, false)),
    gmatch: fn('gmatch', gmatch),
    gfind: fn('gfind', gmatch),
    gsub: fn('gsub', gsub),
    dump: fn('dump', () => rtError('unable to dump given function')),
  });
}

function asciiCase(s: string, upper: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (upper && c >= 97 && c <= 122) out += String.fromCharCode(c - 32);
    else if (!upper && c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else out += s[i];
  }
  return out;
}

// ---------------------------------------------------------------- table

function sortLess(cmp: LuaValue): (a: LuaValue, b: LuaValue) => boolean {
  // The comparison runs inside the C sort: its error has no position.
  if (cmp === undefined) {
    return (a, b) => {
      if (typeof a === 'number' && typeof b === 'number') return a < b;
      if (typeof a === 'string' && typeof b === 'string') return a < b;
      if (a instanceof LuaTable && b instanceof LuaTable) return lessThan(a, b);
      rawError(compareError(a, b));
    };
  }
  return (a, b) => truthy(call(cmp, [a, b])[0]);
}

/** Lua 5.1's auxsort (quicksort with median of three), so tie orders match Lua's. */
function auxsort(a: LuaValue[], lo: number, up: number, lt: (a: LuaValue, b: LuaValue) => boolean): void {
  while (lo < up) {
    // sort elements a[lo], a[(lo+up)/2] and a[up]
    if (lt(a[up]!, a[lo]!)) swap(a, lo, up);
    if (up - lo === 1) break;
    let i = Math.floor((lo + up) / 2);
    if (lt(a[i]!, a[lo]!)) swap(a, i, lo);
    else if (lt(a[up]!, a[i]!)) swap(a, i, up);
    if (up - lo === 2) break;
    const P = a[i];
    swap(a, i, up - 1);
    i = lo;
    let j = up - 1;
    for (;;) {
      while (lt(a[++i]!, P)) if (i > up) rtError('invalid order function for sorting');
      while (lt(P, a[--j]!)) if (j < lo) rtError('invalid order function for sorting');
      if (j < i) break;
      swap(a, i, j);
    }
    swap(a, up - 1, i);
    if (i - lo < up - i) {
      j = lo;
      i = i - 1;
      lo = i + 2;
    } else {
      j = i + 1;
      i = up;
      up = j - 2;
    }
    auxsort(a, j, i, lt);
  }
}

function swap(a: LuaValue[], i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

export function makeTableLib(): LuaTable {
  return lib({
    insert: fn('insert', (a) => {
      const t = checkTable(a, 0, 'insert');
      const e = t.length() + 1;
      if (a.length === 2) {
        t.set(e, a[1]);
        return EMPTY;
      }
      if (a.length !== 3) rtError("wrong number of arguments to 'insert'");
      const pos = checkInt(a, 1, 'insert');
      for (let i = e; i > pos; i--) t.set(i, t.get(i - 1));
      t.set(pos, a[2]);
      return EMPTY;
    }),
    remove: fn('remove', (a) => {
      const t = checkTable(a, 0, 'remove');
      const e = t.length();
      const pos = optInt(a, 1, 'remove', e);
      if (e === 0) return EMPTY;
      const v = t.get(pos);
      for (let i = pos; i < e; i++) t.set(i, t.get(i + 1));
      t.set(e, undefined);
      return [v];
    }),
    concat: fn('concat', (a) => {
      const t = checkTable(a, 0, 'concat');
      const sep = optStr(a, 1, 'concat', '');
      const i = optInt(a, 2, 'concat', 1);
      const j = a[3] === undefined ? t.length() : checkInt(a, 3, 'concat');
      const parts: string[] = [];
      for (let k = i; k <= j; k++) {
        const v = t.get(k);
        if (typeof v === 'string') parts.push(v);
        else if (typeof v === 'number') parts.push(numberToString(v));
        else rtError(`invalid value (${typeName(v)}) at index ${k} in table for 'concat'`);
      }
      return [parts.join(sep)];
    }),
    sort: fn('sort', (a) => {
      const t = checkTable(a, 0, 'sort');
      const n = t.length();
      const cmp = a[1];
      if (cmp !== undefined && !(cmp instanceof LuaFunction)) tagError(a, 1, 'sort', 'function');
      const arr = new Array<LuaValue>(n + 1);
      for (let i = 1; i <= n; i++) arr[i] = t.get(i);
      auxsort(arr, 1, n, sortLess(cmp));
      for (let i = 1; i <= n; i++) t.set(i, arr[i]);
      return EMPTY;
    }),
    getn: fn('getn', (a) => [checkTable(a, 0, 'getn').length()]),
    setn: fn('setn', () => rtError("'setn' is obsolete")),
    maxn: fn('maxn', (a) => {
      const t = checkTable(a, 0, 'maxn');
      let m = 0;
      for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) if (typeof e[0] === 'number' && e[0] > m) m = e[0];
      return [m];
    }),
    foreach: fn('foreach', (a) => {
      const t = checkTable(a, 0, 'foreach');
      let k: LuaValue = undefined;
      for (;;) {
        const e = t.next(k);
        if (e === undefined) return EMPTY;
        const r = call(a[1], [e[0], e[1]])[0];
        if (r !== undefined) return [r];
        k = e[0];
      }
    }),
    foreachi: fn('foreachi', (a) => {
      const t = checkTable(a, 0, 'foreachi');
      const n = t.length();
      for (let i = 1; i <= n; i++) {
        const r = call(a[1], [i, t.get(i)])[0];
        if (r !== undefined) return [r];
      }
      return EMPTY;
    }),
  });
}

// ---------------------------------------------------------------- math

/** Redis's rand.c: the drand48 LCG, seeded with redisSrand48(0) before every script. */
export class Rand48 {
  // drand48's default state (X2 X1 X0 = 0x1234 0xABCD 0x330E): Redis 7.0 never reseeds
  // it per script, so the sequence runs on from server start.
  x = 0x1234abcd330en;
  seed(v: number): void {
    const s = BigInt(v | 0) & 0xffffffffn;
    this.x = (s << 16n) | 0x330en;
  }
  lrand(): number {
    this.x = (this.x * 0x5deece66dn + 0xbn) & 0xffffffffffffn;
    return Number(this.x >> 17n);
  }
}

export function makeMathLib(rand48: Rand48): LuaTable {
  const m1 = (name: string, f: (x: number) => number): LuaFunction => fn(name, (a) => [f(checkNum(a, 0, name))]);
  return lib({
    abs: m1('abs', Math.abs),
    acos: m1('acos', Math.acos),
    asin: m1('asin', Math.asin),
    atan: m1('atan', Math.atan),
    atan2: fn('atan2', (a) => [Math.atan2(checkNum(a, 0, 'atan2'), checkNum(a, 1, 'atan2'))]),
    ceil: m1('ceil', Math.ceil),
    cos: m1('cos', Math.cos),
    cosh: m1('cosh', Math.cosh),
    deg: m1('deg', (x) => x * (180 / Math.PI)),
    exp: m1('exp', Math.exp),
    floor: m1('floor', Math.floor),
    fmod: fn('fmod', (a) => [checkNum(a, 0, 'fmod') % checkNum(a, 1, 'fmod')]),
    mod: fn('mod', (a) => [checkNum(a, 0, 'mod') % checkNum(a, 1, 'mod')]),
    frexp: fn('frexp', (a) => {
      const x = checkNum(a, 0, 'frexp');
      if (x === 0 || !Number.isFinite(x)) return [x, 0];
      let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
      let m = x * Math.pow(2, -e);
      while (Math.abs(m) < 0.5) { m *= 2; e--; }
      while (Math.abs(m) >= 1) { m /= 2; e++; }
      return [m, e];
    }),
    huge: Infinity,
    ldexp: fn('ldexp', (a) => [checkNum(a, 0, 'ldexp') * Math.pow(2, checkInt(a, 1, 'ldexp'))]),
    log: m1('log', Math.log),
    log10: m1('log10', Math.log10),
    max: fn('max', (a) => {
      let m = checkNum(a, 0, 'max');
      for (let i = 1; i < a.length; i++) {
        const v = checkNum(a, i, 'max');
        if (v > m) m = v;
      }
      return [m];
    }),
    min: fn('min', (a) => {
      let m = checkNum(a, 0, 'min');
      for (let i = 1; i < a.length; i++) {
        const v = checkNum(a, i, 'min');
        if (v < m) m = v;
      }
      return [m];
    }),
    modf: fn('modf', (a) => {
      const x = checkNum(a, 0, 'modf');
      const ip = x >= 0 ? Math.floor(x) : Math.ceil(x);
      return [ip, x - ip];
    }),
    pi: Math.PI,
    pow: fn('pow', (a) => [Math.pow(checkNum(a, 0, 'pow'), checkNum(a, 1, 'pow'))]),
    rad: m1('rad', (x) => x * (Math.PI / 180)),
    sin: m1('sin', Math.sin),
    sinh: m1('sinh', Math.sinh),
    sqrt: m1('sqrt', Math.sqrt),
    tan: m1('tan', Math.tan),
    tanh: m1('tanh', Math.tanh),
    random: fn('random', (a) => {
      const r = (rand48.lrand() % 2147483647) / 2147483647;
      switch (a.length) {
        case 0: return [r];
        case 1: {
          const u = checkInt(a, 0, 'random');
          if (u < 1) argError(1, 'random', 'interval is empty');
          return [Math.floor(r * u) + 1];
        }
        case 2: {
          const l = checkInt(a, 0, 'random');
          const u = checkInt(a, 1, 'random');
          if (l > u) argError(2, 'random', 'interval is empty');
          return [Math.floor(r * (u - l + 1)) + l];
        }
        default: rtError('wrong number of arguments');
      }
    }),
    randomseed: fn('randomseed', (a) => {
      rand48.seed(checkInt(a, 0, 'randomseed'));
      return EMPTY;
    }),
  });
}

export { equals };
