// Libraries Redis bundles with its Lua: bit (LuaBitOp), cjson (lua-cjson 2.1 as Redis
// configures it) and cmsgpack / struct (basic forms).

import { EMPTY, LuaFunction, LuaTable, LuaUserdata, numberToString, typeName, type LuaValue } from './value.js';
import { rtError } from './interp.js';
import { argError, checkInt, checkNum, checkStr, checkTable, fn, lib, optInt } from './stdlib.js';

// ---------------------------------------------------------------- bit

/** LuaBitOp's barg: the number's low 32 bits via the 2^52+2^51 trick (rounds). */
function barg(a: LuaValue[], i: number, name: string): number {
  const n = checkNum(a, i, name);
  // Adding 6755399441055744 rounds to an integer in the low bits, as LuaBitOp does.
  const t = n + 6755399441055744;
  if (!Number.isFinite(t)) return 0;
  const r = t - 6755399441055744;
  // Low 32 bits of an integral double (can exceed 2^53 only for huge inputs).
  const m = r % 4294967296;
  return m | 0;
}

export function makeBitLib(): LuaTable {
  const fold = (name: string, op: (x: number, y: number) => number): LuaFunction => fn(name, (a) => {
    let r = barg(a, 0, name);
    for (let i = 1; i < a.length; i++) r = op(r, barg(a, i, name));
    return [r];
  });
  return lib({
    tobit: fn('tobit', (a) => [barg(a, 0, 'tobit')]),
    bnot: fn('bnot', (a) => [~barg(a, 0, 'bnot')]),
    band: fold('band', (x, y) => x & y),
    bor: fold('bor', (x, y) => x | y),
    bxor: fold('bxor', (x, y) => x ^ y),
    lshift: fn('lshift', (a) => [barg(a, 0, 'lshift') << (barg(a, 1, 'lshift') & 31)]),
    rshift: fn('rshift', (a) => [(barg(a, 0, 'rshift') >>> (barg(a, 1, 'rshift') & 31)) | 0]),
    arshift: fn('arshift', (a) => [barg(a, 0, 'arshift') >> (barg(a, 1, 'arshift') & 31)]),
    rol: fn('rol', (a) => {
      const x = barg(a, 0, 'rol');
      const n = barg(a, 1, 'rol') & 31;
      return [((x << n) | (x >>> (32 - n))) | 0];
    }),
    ror: fn('ror', (a) => {
      const x = barg(a, 0, 'ror');
      const n = barg(a, 1, 'ror') & 31;
      return [((x >>> n) | (x << (32 - n))) | 0];
    }),
    bswap: fn('bswap', (a) => {
      const x = barg(a, 0, 'bswap');
      return [((x >>> 24) | ((x >> 8) & 0xff00) | ((x & 0xff00) << 8) | (x << 24)) | 0];
    }),
    tohex: fn('tohex', (a) => {
      let x = barg(a, 0, 'tohex');
      let n = a[1] === undefined ? 8 : barg(a, 1, 'tohex');
      let hexdigits = '0123456789abcdef';
      if (n < 0) {
        n = -n;
        hexdigits = '0123456789ABCDEF';
      }
      if (n > 8) n = 8;
      let s = '';
      for (let i = n; --i >= 0;) {
        s = hexdigits[x & 15] + s;
        x >>= 4;
      }
      return [s];
    }),
  });
}

// ---------------------------------------------------------------- cjson

export const JSON_NULL = new LuaUserdata('null');

const STRTOD_RE = /^[+-]?(?:infinity|inf|nan|0x[0-9a-f]+|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)/i;

/** lua-cjson's number output: "%.14g", with inf/nan refused (encode_invalid_numbers off). */
function jsonNumber(n: number): string {
  if (!Number.isFinite(n)) rtError('Cannot serialise number: must not be NaN or Inf');
  return numberToString(n);
}

const ESC: string[] = [];
for (let i = 0; i < 256; i++) {
  if (i < 32) ESC[i] = '\\u' + i.toString(16).padStart(4, '0');
  else ESC[i] = String.fromCharCode(i);
}
ESC[8] = '\\b'; ESC[9] = '\\t'; ESC[10] = '\\n'; ESC[12] = '\\f'; ESC[13] = '\\r';
ESC[34] = '\\"'; ESC[92] = '\\\\'; ESC[47] = '\\/'; ESC[127] = '\\u007f';

function jsonString(s: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || c === 47 || c === 127) {
      out += s.slice(from, i) + ESC[c];
      from = i + 1;
    }
  }
  return out + s.slice(from) + '"';
}

/** lua-cjson's array detection: >0 = array length, -1 = object. */
function arrayLength(t: LuaTable): number {
  let max = 0;
  let items = 0;
  for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) {
    const k = e[0];
    if (typeof k === 'number' && k >= 1 && Number.isInteger(k)) {
      if (k > max) max = k;
      items++;
    } else return -1;
  }
  // Excessively sparse arrays: encode_sparse_array defaults (convert off, ratio 2, safe 10).
  if (max > 10 && max > items * 2) rtError('Cannot serialise table: excessively sparse array');
  return max;
}

function jsonEncode(v: LuaValue, depth: number): string {
  switch (typeof v) {
    case 'string': return jsonString(v);
    case 'number': return jsonNumber(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'undefined': return 'null';
  }
  if (v === JSON_NULL) return 'null';
  if (v instanceof LuaTable) {
    if (depth > 1000) rtError('Cannot serialise, excessive nesting (1001)');
    const n = arrayLength(v);
    if (n > 0) {
      let out = '[';
      for (let i = 1; i <= n; i++) {
        if (i > 1) out += ',';
        out += jsonEncode(v.get(i), depth + 1);
      }
      return out + ']';
    }
    let out = '{';
    let first = true;
    const emit = (k: LuaValue, val: LuaValue): void => {
      let ks: string;
      if (typeof k === 'string') ks = jsonString(k);
      else if (typeof k === 'number') ks = '"' + jsonNumber(k) + '"';
      else rtError('Cannot serialise ' + typeName(k) + ': table key must be a number or string');
      if (!first) out += ',';
      first = false;
      out += ks + ':' + jsonEncode(val, depth + 1);
    };
    for (let e = v.next(undefined); e !== undefined; e = v.next(e[0])) emit(e[0], e[1]);
    return out + '}';
  }
  rtError('Cannot serialise ' + typeName(v) + ': type not supported');
}

class JsonDecoder {
  pos = 0;
  depth = 0;
  constructor(readonly s: string) {}

  err(what: string, tokName?: string): never {
    const t = tokName ?? this.tokenName();
    rtError(`Expected ${what} but found ${t} at character ${this.pos + 1}`);
  }

  tokenName(): string {
    const c = this.s[this.pos];
    if (c === undefined || c === '\0') return 'T_END';
    if (c === '{') return 'T_OBJ_BEGIN';
    if (c === '}') return 'T_OBJ_END';
    if (c === '[') return 'T_ARR_BEGIN';
    if (c === ']') return 'T_ARR_END';
    if (c === ',') return 'T_COMMA';
    if (c === ':') return 'T_COLON';
    if (c === '"') return 'T_STRING';
    if (c === '-' || (c >= '0' && c <= '9')) return 'T_NUMBER';
    const s = this.s;
    if (s.startsWith('true', this.pos) || s.startsWith('false', this.pos)) return 'T_BOOLEAN';
    if (s.startsWith('null', this.pos)) return 'T_NULL';
    return 'invalid token';
  }

  ws(): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  value(): LuaValue {
    this.ws();
    const s = this.s;
    const c = s[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    if (s.startsWith('true', this.pos)) { this.pos += 4; return true; }
    if (s.startsWith('false', this.pos)) { this.pos += 5; return false; }
    if (s.startsWith('null', this.pos)) { this.pos += 4; return JSON_NULL; }
    if (this.invalidNumber()) return this.number();
    this.err('value');
  }

  /** lua-cjson's json_is_invalid_number (decode_invalid_numbers is on: parsed anyway). */
  invalidNumber(): boolean {
    const s = this.s;
    let p = this.pos;
    if (s[p] === '+') return true;
    if (s[p] === '-') p++;
    const c = s.charCodeAt(p);
    if (c === 48) {
      const d = s.charCodeAt(p + 1) | 0;
      return (d | 0x20) === 120 || (d >= 48 && d <= 57);
    }
    if (Number.isNaN(c) || c <= 57) return false;
    const w = s.slice(p, p + 3).toLowerCase();
    return w === 'inf' || w === 'nan';
  }

  /** A number token read with strtod's grammar. */
  number(): number {
    const m = STRTOD_RE.exec(this.s.slice(this.pos, this.pos + 400));
    if (m === null || m[0].length === 0) this.err('value', 'invalid number');
    this.pos += m[0].length;
    const t = m[0].toLowerCase().replace(/^\+/, '');
    if (t.includes('inf')) return t[0] === '-' ? -Infinity : Infinity;
    if (t.includes('nan')) return NaN;
    const neg = t[0] === '-';
    const body = neg ? t.slice(1) : t;
    if (body.startsWith('0x')) {
      const v = parseInt(body.slice(2), 16);
      return neg ? -v : v;
    }
    return Number(t);
  }

  string(): string {
    const s = this.s;
    this.pos++;
    let out = '';
    let from = this.pos;
    for (;;) {
      if (this.pos >= s.length) rtError(`Expected value but found unexpected end of string at character ${this.pos + 1}`);
      const c = s.charCodeAt(this.pos);
      if (c === 34) break;
      if (c === 92) {
        out += s.slice(from, this.pos);
        const e = s[this.pos + 1];
        this.pos += 2;
        switch (e) {
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            let cp = parseInt(s.slice(this.pos, this.pos + 4), 16);
            this.pos += 4;
            if (cp >= 0xd800 && cp <= 0xdbff && s[this.pos] === '\\' && s[this.pos + 1] === 'u') {
              const lo = parseInt(s.slice(this.pos + 2, this.pos + 6), 16);
              if (lo >= 0xdc00 && lo <= 0xdfff) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                this.pos += 6;
              }
            }
            out += Buffer.from(String.fromCodePoint(cp), 'utf8').toString('latin1');
            break;
          }
          default: out += e ?? '';
        }
        from = this.pos;
        continue;
      }
      this.pos++;
    }
    out += s.slice(from, this.pos);
    this.pos++;
    return out;
  }

  array(): LuaTable {
    if (++this.depth > 1000) rtError(`Found too many nested data structures (1001) at character ${this.pos + 1}`);
    this.pos++;
    const t = new LuaTable();
    this.ws();
    if (this.s[this.pos] === ']') {
      this.pos++;
      this.depth--;
      return t;
    }
    let i = 1;
    for (;;) {
      t.set(i++, this.value());
      this.ws();
      const c = this.s[this.pos];
      if (c === ']') {
        this.pos++;
        break;
      }
      if (c !== ',') this.err('comma or array end');
      this.pos++;
    }
    this.depth--;
    return t;
  }

  object(): LuaTable {
    if (++this.depth > 1000) rtError(`Found too many nested data structures (1001) at character ${this.pos + 1}`);
    this.pos++;
    const t = new LuaTable();
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      this.depth--;
      return t;
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') this.err('object key string');
      const k = this.string();
      this.ws();
      if (this.s[this.pos] !== ':') this.err('colon');
      this.pos++;
      t.set(k, this.value());
      this.ws();
      const c = this.s[this.pos];
      if (c === '}') {
        this.pos++;
        break;
      }
      if (c !== ',') this.err('comma or object end');
      this.pos++;
    }
    this.depth--;
    return t;
  }
}

export function makeCjsonLib(): LuaTable {
  const t = lib({
    encode: fn('encode', (a) => {
      if (a.length !== 1) rtError('expected 1 argument');
      return [jsonEncode(a[0], 0)];
    }),
    decode: fn('decode', (a) => {
      if (a.length !== 1) rtError('expected 1 argument');
      const s = checkStr(a, 0, 'decode');
      // lua-cjson: a NUL in the first two bytes means UTF-16/32 input.
      if (s.length >= 2 && (s.charCodeAt(0) === 0 || s.charCodeAt(1) === 0)) rtError('JSON parser does not support UTF-16 or UTF-32');
      const d = new JsonDecoder(s);
      const v = d.value();
      d.ws();
      if (d.pos < s.length) d.err('the end');
      return [v];
    }),
    null: JSON_NULL,
    _NAME: 'cjson',
    _VERSION: '2.1.0',
    encode_sparse_array: fn('encode_sparse_array', () => [false, 2, 10]),
    encode_max_depth: fn('encode_max_depth', () => [1000]),
    decode_max_depth: fn('decode_max_depth', () => [1000]),
    encode_number_precision: fn('encode_number_precision', () => [14]),
    encode_keep_buffer: fn('encode_keep_buffer', () => [true]),
    encode_invalid_numbers: fn('encode_invalid_numbers', () => [false]),
    decode_invalid_numbers: fn('decode_invalid_numbers', () => [true]),
  });
  t.set('new', fn('new', () => [t]));
  return t;
}

// ---------------------------------------------------------------- cmsgpack

function mpEncode(v: LuaValue, out: number[], depth: number): void {
  switch (typeof v) {
    case 'undefined': out.push(0xc0); return;
    case 'boolean': out.push(v ? 0xc3 : 0xc2); return;
    case 'number': {
      if (Number.isInteger(v) && Math.abs(v) < 2 ** 63) {
        if (v >= 0) {
          if (v < 128) out.push(v);
          else if (v < 256) out.push(0xcc, v);
          else if (v < 65536) out.push(0xcd, v >> 8, v & 255);
          else if (v < 4294967296) out.push(0xce, (v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255);
          else { out.push(0xcf); pushBig(out, BigInt(v), 8); }
        } else {
          if (v >= -32) out.push(v & 255);
          else if (v >= -128) out.push(0xd0, v & 255);
          else if (v >= -32768) out.push(0xd1, (v >> 8) & 255, v & 255);
          else if (v >= -2147483648) out.push(0xd2, (v >>> 24) & 255, (v >> 16) & 255, (v >> 8) & 255, v & 255);
          else { out.push(0xd3); pushBig(out, BigInt.asUintN(64, BigInt(v)), 8); }
        }
        return;
      }
      const f = new Float32Array([v]);
      if (f[0] === v) {
        out.push(0xca, ...new Uint8Array(new Float32Array([v]).buffer).reverse());
      } else {
        out.push(0xcb, ...new Uint8Array(new Float64Array([v]).buffer).reverse());
      }
      return;
    }
    case 'string': {
      const n = v.length;
      if (n < 32) out.push(0xa0 | n);
      else if (n < 256) out.push(0xd9, n);
      else if (n < 65536) out.push(0xda, n >> 8, n & 255);
      else out.push(0xdb, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255);
      for (let i = 0; i < n; i++) out.push(v.charCodeAt(i));
      return;
    }
  }
  if (v instanceof LuaTable && depth < 16) {
    // Array when keys are exactly 1..n (lua-cmsgpack's table_is_an_array).
    const entries: [LuaValue, LuaValue][] = [];
    let maxKey = 0;
    let isArray = true;
    for (let e = v.next(undefined); e !== undefined; e = v.next(e[0])) {
      entries.push(e);
      const k = e[0];
      if (typeof k === 'number' && k >= 1 && Number.isInteger(k)) maxKey = Math.max(maxKey, k);
      else isArray = false;
    }
    const n = entries.length;
    if (isArray && maxKey !== n) isArray = false;
    if (isArray) {
      if (n < 16) out.push(0x90 | n);
      else if (n < 65536) out.push(0xdc, n >> 8, n & 255);
      else out.push(0xdd, (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255);
      for (let i = 1; i <= n; i++) mpEncode(v.get(i), out, depth + 1);
      return;
    }
    const m = entries.length;
    if (m < 16) out.push(0x80 | m);
    else if (m < 65536) out.push(0xde, m >> 8, m & 255);
    else out.push(0xdf, (m >>> 24) & 255, (m >> 16) & 255, (m >> 8) & 255, m & 255);
    for (const [k, val] of entries) {
      mpEncode(k, out, depth + 1);
      mpEncode(val, out, depth + 1);
    }
    return;
  }
  out.push(0xc0);
}

function pushBig(out: number[], b: bigint, n: number): void {
  for (let i = n - 1; i >= 0; i--) out.push(Number((b >> BigInt(i * 8)) & 255n));
}

class MpDecoder {
  pos = 0;
  constructor(readonly s: string) {}
  need(n: number): void {
    if (this.pos + n > this.s.length) rtError('Missing bytes in input.');
  }
  u8(): number { this.need(1); return this.s.charCodeAt(this.pos++); }
  uint(n: number): number {
    this.need(n);
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + this.s.charCodeAt(this.pos++);
    return v;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.s.charCodeAt(this.pos++);
    return b;
  }
  str(n: number): string {
    this.need(n);
    const r = this.s.slice(this.pos, this.pos + n);
    this.pos += n;
    return r;
  }
  value(): LuaValue {
    const c = this.u8();
    if (c < 0x80) return c;
    if (c >= 0xe0) return c - 256;
    if ((c & 0xf0) === 0x80) return this.map(c & 15);
    if ((c & 0xf0) === 0x90) return this.arr(c & 15);
    if ((c & 0xe0) === 0xa0) return this.str(c & 31);
    switch (c) {
      case 0xc0: return undefined;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xca: return new DataView(this.bytes(4).buffer).getFloat32(0);
      case 0xcb: return new DataView(this.bytes(8).buffer).getFloat64(0);
      case 0xcc: return this.uint(1);
      case 0xcd: return this.uint(2);
      case 0xce: return this.uint(4);
      case 0xcf: return Number(new DataView(this.bytes(8).buffer).getBigUint64(0));
      case 0xd0: return (this.uint(1) << 24) >> 24;
      case 0xd1: return (this.uint(2) << 16) >> 16;
      case 0xd2: return this.uint(4) | 0;
      case 0xd3: return Number(new DataView(this.bytes(8).buffer).getBigInt64(0));
      case 0xc4: case 0xd9: return this.str(this.uint(1));
      case 0xc5: case 0xda: return this.str(this.uint(2));
      case 0xc6: case 0xdb: return this.str(this.uint(4));
      case 0xdc: return this.arr(this.uint(2));
      case 0xdd: return this.arr(this.uint(4));
      case 0xde: return this.map(this.uint(2));
      case 0xdf: return this.map(this.uint(4));
    }
    rtError('Bad data format in input.');
  }
  arr(n: number): LuaTable {
    const t = new LuaTable();
    for (let i = 1; i <= n; i++) t.set(i, this.value());
    return t;
  }
  map(n: number): LuaTable {
    const t = new LuaTable();
    for (let i = 0; i < n; i++) {
      const k = this.value();
      const v = this.value();
      if (k !== undefined) t.set(k, v);
    }
    return t;
  }
}

export function makeCmsgpackLib(): LuaTable {
  const unpackN = (s: string, limit: number, offset: number): LuaValue[] => {
    const d = new MpDecoder(s);
    d.pos = offset;
    const out: LuaValue[] = [];
    while (d.pos < s.length && (limit <= 0 || out.length < limit)) out.push(d.value());
    return [d.pos >= s.length ? -1 : d.pos, ...out];
  };
  return lib({
    _NAME: 'cmsgpack',
    _VERSION: 'lua-cmsgpack 0.4.0',
    _COPYRIGHT: 'Copyright (C) 2012, Salvatore Sanfilippo',
    _DESCRIPTION: 'MessagePack C implementation for Lua',
    pack: fn('pack', (a) => {
      if (a.length === 0) rtError('MessagePack pack needs input.');
      const out: number[] = [];
      for (const v of a) mpEncode(v, out, 0);
      return [String.fromCharCode(...out)];
    }),
    unpack: fn('unpack', (a) => {
      const s = checkStr(a, 0, 'unpack');
      return unpackN(s, 0, 0).slice(1);
    }),
    unpack_one: fn('unpack_one', (a) => unpackN(checkStr(a, 0, 'unpack_one'), 1, optInt(a, 1, 'unpack_one', 0))),
    unpack_limit: fn('unpack_limit', (a) => unpackN(checkStr(a, 0, 'unpack_limit'), checkInt(a, 1, 'unpack_limit'), optInt(a, 2, 'unpack_limit', 0))),
  });
}

// ---------------------------------------------------------------- struct

export function makeStructLib(): LuaTable {
  interface Item { c: string; size: number }
  const parse = (fmt: string, fname: string): { items: Item[]; little: boolean }[] => {
    const out: { items: Item[]; little: boolean }[] = [];
    let little = true;
    let i = 0;
    while (i < fmt.length) {
      const c = fmt[i++]!;
      let num = '';
      while (i < fmt.length && fmt[i]! >= '0' && fmt[i]! <= '9') num += fmt[i++];
      const n = num === '' ? -1 : parseInt(num, 10);
      switch (c) {
        case '<': little = true; break;
        case '>': little = false; break;
        case '=': little = true; break;
        case '!': case ' ': break;
        case 'b': case 'B': out.push({ items: [{ c, size: 1 }], little }); break;
        case 'h': case 'H': out.push({ items: [{ c, size: 2 }], little }); break;
        case 'l': case 'L': case 'T': out.push({ items: [{ c, size: 8 }], little }); break;
        case 'i': case 'I': out.push({ items: [{ c, size: n === -1 ? 4 : n }], little }); break;
        case 'f': out.push({ items: [{ c, size: 4 }], little }); break;
        case 'd': out.push({ items: [{ c, size: 8 }], little }); break;
        case 'c': out.push({ items: [{ c, size: n === -1 ? 1 : n }], little }); break;
        case 's': out.push({ items: [{ c, size: 0 }], little }); break;
        case 'x': out.push({ items: [{ c, size: 1 }], little }); break;
        default: rtError(`invalid format option '${c}'`);
      }
      void fname;
    }
    return out;
  };
  const intBytes = (v: bigint, size: number, little: boolean): string => {
    const b: number[] = [];
    for (let i = 0; i < size; i++) b.push(Number((v >> BigInt(8 * i)) & 255n));
    if (!little) b.reverse();
    return String.fromCharCode(...b);
  };
  return lib({
    pack: fn('pack', (a) => {
      const fmt = checkStr(a, 0, 'pack');
      let out = '';
      let arg = 1;
      for (const { items, little } of parse(fmt, 'pack')) {
        for (const it of items) {
          switch (it.c) {
            case 'x': out += '\0'; break;
            case 'f': case 'd': {
              const n = checkNum(a, arg++, 'pack');
              const buf = Buffer.alloc(it.size);
              if (it.size === 4) little ? buf.writeFloatLE(n) : buf.writeFloatBE(n);
              else little ? buf.writeDoubleLE(n) : buf.writeDoubleBE(n);
              out += buf.toString('latin1');
              break;
            }
            case 'c': case 's': {
              const s = checkStr(a, arg++, 'pack');
              if (it.c === 's') out += s + '\0';
              else out += s.slice(0, it.size).padEnd(it.size, '\0');
              break;
            }
            default: {
              const n = Math.trunc(checkNum(a, arg++, 'pack'));
              out += intBytes(BigInt.asUintN(64, BigInt(n)), it.size, little);
            }
          }
        }
      }
      return [out];
    }),
    unpack: fn('unpack', (a) => {
      const fmt = checkStr(a, 0, 'unpack');
      const data = checkStr(a, 1, 'unpack');
      let pos = optInt(a, 2, 'unpack', 1) - 1;
      const res: LuaValue[] = [];
      for (const { items, little } of parse(fmt, 'unpack')) {
        for (const it of items) {
          if (it.c !== 's' && pos + it.size > data.length) argError(2, 'unpack', 'data string too short');
          switch (it.c) {
            case 'x': pos++; break;
            case 'f': case 'd': {
              const buf = Buffer.from(data.slice(pos, pos + it.size), 'latin1');
              res.push(it.size === 4 ? (little ? buf.readFloatLE() : buf.readFloatBE()) : little ? buf.readDoubleLE() : buf.readDoubleBE());
              pos += it.size;
              break;
            }
            case 'c': res.push(data.slice(pos, pos + it.size)); pos += it.size; break;
            case 's': {
              const e = data.indexOf('\0', pos);
              if (e === -1) rtError('unfinished string in data');
              res.push(data.slice(pos, e));
              pos = e + 1;
              break;
            }
            default: {
              let v = 0n;
              for (let i = 0; i < it.size; i++) {
                const byte = BigInt(data.charCodeAt(little ? pos + i : pos + it.size - 1 - i));
                v |= byte << BigInt(8 * i);
              }
              const signed = it.c === it.c.toLowerCase();
              res.push(Number(signed ? BigInt.asIntN(it.size * 8, v) : v));
              pos += it.size;
            }
          }
        }
      }
      res.push(pos + 1);
      return res;
    }),
    size: fn('size', (a) => {
      const fmt = checkStr(a, 0, 'size');
      let n = 0;
      for (const { items } of parse(fmt, 'size')) for (const it of items) {
        if (it.c === 's') argError(1, 'size', 'options \'c0\' - \'s\' have undefined sizes');
        n += it.size;
      }
      return [n];
    }),
  });
}

export { EMPTY, checkTable };
