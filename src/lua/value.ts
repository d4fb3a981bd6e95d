// Lua 5.1 runtime values for the scripting engine: tables (array part + Map hash part),
// functions (a JS closure taking and returning arrays of values), userdata sentinels,
// the LuaError exception, and the shared helpers of the interpreter and its libraries
// (tostring / tonumber with Lua's rules, %.14g number formatting, type names).
//
// Representation: nil = undefined, booleans and numbers (doubles) are JS primitives,
// strings are latin1 JS strings (one char per byte, as the rest of tsredis).

import { formatGeneral } from './numfmt.js';

export type LuaValue = undefined | boolean | number | string | LuaTable | LuaFunction | LuaUserdata;

export type NativeFn = (args: LuaValue[]) => LuaValue[];

export class LuaFunction {
  constructor(
    public name: string,
    public call: NativeFn,
    /** True for functions written in Lua (debug.getinfo 'what', error levels). */
    readonly isLua = false,
  ) {}
}

export class LuaUserdata {
  constructor(readonly tag: string) {}
}

export const EMPTY: LuaValue[] = [];

/** A Lua table: keys 1..arr.length live in `arr` (holes allowed but never trailing). */
export class LuaTable {
  arr: LuaValue[] = [];
  hash: Map<LuaValue, LuaValue> | null = null;
  mt: LuaTable | null = null;
  /** Redis 7.0 marks the globals and library tables read-only. */
  readonly = false;

  get(k: LuaValue): LuaValue {
    if (typeof k === 'number') {
      const a = this.arr;
      if (k >= 1 && k <= a.length && (k | 0) === k) return a[k - 1];
    }
    const h = this.hash;
    return h === null ? undefined : h.get(k);
  }

  getStr(k: string): LuaValue {
    const h = this.hash;
    return h === null ? undefined : h.get(k);
  }

  /** Raw set (no metamethods, no read-only check). */
  set(k: LuaValue, v: LuaValue): void {
    if (typeof k === 'number') {
      const a = this.arr;
      const n = a.length;
      if (k >= 1 && k <= n + 1 && Number.isInteger(k)) {
        if (k <= n) {
          if (v === undefined && k === n) {
            a.pop();
            while (a.length > 0 && a[a.length - 1] === undefined) a.pop();
          } else a[k - 1] = v;
          return;
        }
        if (v === undefined) {
          if (this.hash !== null) this.hash.delete(k);
          return;
        }
        a.push(v);
        const h = this.hash;
        if (h !== null && h.size > 0) {
          h.delete(k);
          let next = a.length + 1;
          let w = h.get(next);
          while (w !== undefined) {
            a.push(w);
            h.delete(next);
            next++;
            w = h.get(next);
          }
        }
        return;
      }
      if (k !== k) throw new LuaError('table index is NaN');
    } else if (k === undefined) throw new LuaError('table index is nil');
    if (v === undefined) {
      if (this.hash !== null) this.hash.delete(k);
    } else (this.hash ??= new Map()).set(k, v);
  }

  length(): number {
    const a = this.arr;
    if (a.length > 0 || this.hash === null) return a.length;
    return 0;
  }

  /** Lua's next(): array part first, then the hash part in insertion order. */
  next(k: LuaValue): [LuaValue, LuaValue] | undefined {
    const a = this.arr;
    let i = 0;
    if (k !== undefined) {
      if (typeof k === 'number' && k >= 1 && k <= a.length && Number.isInteger(k)) i = k;
      else {
        const h = this.hash;
        if (h === null || !h.has(k)) throw new LuaError("invalid key to 'next'");
        let found = false;
        for (const [hk, hv] of h) {
          if (found) return [hk, hv];
          if (hk === k || (hk !== hk && k !== k)) found = true;
        }
        return undefined;
      }
    }
    for (; i < a.length; i++) if (a[i] !== undefined) return [i + 1, a[i]];
    const h = this.hash;
    if (h !== null) for (const e of h) return e;
    return undefined;
  }
}

/** A Lua error in flight: `value` is what error() was given (string, table...). */
export class LuaError extends Error {
  /** Line of the Lua code that raised it (0 = unknown), for Redis's error handler. */
  line = 0;
  /** The message already carries "chunk:line:" (or error level 0). */
  positioned = false;
  constructor(public value: LuaValue, line = 0) {
    super(typeof value === 'string' ? value : 'lua error');
    this.line = line;
  }
}

export function typeName(v: LuaValue): string {
  switch (typeof v) {
    case 'undefined': return 'nil';
    case 'boolean': return 'boolean';
    case 'number': return 'number';
    case 'string': return 'string';
    default:
      if (v instanceof LuaTable) return 'table';
      if (v instanceof LuaFunction) return 'function';
      return 'userdata';
  }
}

/** Lua's number → string (LUAI_NUMFFORMAT "%.14g"). */
export function numberToString(n: number): string {
  if (Number.isInteger(n) && n < 1e14 && n > -1e14) {
    if (n === 0 && 1 / n < 0) return '-0';
    return String(n);
  }
  if (n !== n) return '-nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return formatGeneral(n, 14);
}

/** C isspace for the Lua number parser. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

const DEC_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_RE = /^0[xX][0-9a-fA-F]+$/;

/** luaO_str2d: strtod, then strtoul for hex; surrounding whitespace allowed. */
export function strToNumber(s: string): number | undefined {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  if (a === b) return undefined;
  const t = a === 0 && b === s.length ? s : s.slice(a, b);
  if (DEC_RE.test(t)) return Number(t);
  if (HEX_RE.test(t)) return parseInt(t.slice(2), 16);
  // strtod also takes inf/infinity/nan (glibc), signed.
  const low = t.toLowerCase();
  let sign = 1;
  let body = low;
  if (body[0] === '+' || body[0] === '-') {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan') return NaN;
  // strtod also accepts hex floats like 0x1p4: rare; not supported.
  return undefined;
}

/** tonumber() coercion of a value (numbers and numeric strings). */
export function toNumber(v: LuaValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return strToNumber(v);
  return undefined;
}

/** lua_tolstring coercion (numbers and strings only). */
export function toStr(v: LuaValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return undefined;
}

let addrSeq = 0x55d0c0de0000;
const addrs = new WeakMap<object, string>();

/** The "table: 0x..." address of an object (stable per object). */
export function addressOf(o: object): string {
  let a = addrs.get(o);
  if (a === undefined) {
    addrSeq += 0x40;
    a = '0x' + addrSeq.toString(16);
    addrs.set(o, a);
  }
  return a;
}
