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

// Scratch views for hashing doubles as Lua's hashnum does (two 32-bit halves summed).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Lua 5.1's string hash (lstring.c): length seed, at most ~32 sampled bytes. */
export function strHash(s: string): number {
  const l = s.length;
  let h = l >>> 0;
  const step = (l >> 5) + 1;
  for (let l1 = l; l1 >= step; l1 -= step) h = (h ^ (((h << 5) >>> 0) + (h >>> 2) + (s.charCodeAt(l1 - 1) & 255))) >>> 0;
  return h;
}

let objSeq = 0x1000;
const objIds = new WeakMap<object, number>();
function objHash(o: object): number {
  let id = objIds.get(o);
  if (id === undefined) {
    objSeq += 0x28;
    id = objSeq >>> 0;
    objIds.set(o, id);
  }
  return id;
}

function ceilLog2(x: number): number {
  let l = 0;
  x--;
  while (x > 0) {
    l++;
    x >>>= 1;
  }
  return l;
}

/** lua_number2int then equality: the array index of a key, or -1. */
function arrayIndex(k: LuaValue): number {
  if (typeof k === 'number' && (k | 0) === k) return k;
  return -1;
}

const MAXBITS = 26;

/**
 * A Lua table laid out exactly as Lua 5.1's ltable.c: an array part and a hash part of
 * 2^n nodes with chained collisions (main positions, a decreasing free pointer, rehash
 * sizing by integer key counts). Iteration order (next/pairs), the # border and so
 * cjson's object key order then match real Lua's.
 */
export class LuaTable {
  /** The array part: slot i holds key i+1 (undefined = nil). Its length is sizearray. */
  arr: LuaValue[] = [];
  /** Hash part nodes (null = Lua's dummynode). A free node has an undefined key. */
  private nk: LuaValue[] | null = null;
  private nv: LuaValue[] = [];
  private nn: Int32Array = EMPTY_NEXT;
  private lastFree = 0;
  mt: LuaTable | null = null;
  /** Redis 7.0 marks the globals and library tables read-only. */
  readonly = false;

  constructor(narray = 0, nhash = 0) {
    if (narray > 0) this.arr = new Array<LuaValue>(narray).fill(undefined);
    if (nhash > 0) this.setNodeVector(nhash);
  }

  /** A table filled as lua_newtable + lua_rawseti(1..n) would. */
  static fromArray(values: readonly LuaValue[]): LuaTable {
    const t = new LuaTable();
    for (let i = 0; i < values.length; i++) t.set(i + 1, values[i]);
    return t;
  }

  private setNodeVector(size: number): void {
    if (size === 0) {
      this.nk = null;
      this.nv = [];
      this.nn = EMPTY_NEXT;
      this.lastFree = 0;
      return;
    }
    const lsize = ceilLog2(size);
    if (lsize > MAXBITS) throw new LuaError('table overflow');
    const n = 1 << lsize;
    this.nk = new Array<LuaValue>(n).fill(undefined);
    this.nv = new Array<LuaValue>(n).fill(undefined);
    this.nn = new Int32Array(n).fill(-1);
    this.lastFree = n;
  }

  get sizeNode(): number {
    return this.nk === null ? 0 : this.nk.length;
  }

  private mainPosition(k: LuaValue): number {
    const size = this.nk!.length;
    switch (typeof k) {
      case 'string': return strHash(k) & (size - 1);
      case 'number': {
        if (k === 0) return 0;
        f64[0] = k;
        const h = (u32[0]! + u32[1]!) >>> 0;
        return h % ((size - 1) | 1);
      }
      case 'boolean': return (k ? 1 : 0) & (size - 1);
      default: return objHash(k as object) % ((size - 1) | 1);
    }
  }

  /** Node index holding key k, or -1. */
  private findNode(k: LuaValue): number {
    const nk = this.nk;
    if (nk === null) return -1;
    let i = this.mainPosition(k);
    const nn = this.nn;
    do {
      if (nk[i] === k) return i;
      i = nn[i]!;
    } while (i !== -1);
    return -1;
  }

  get(k: LuaValue): LuaValue {
    if (typeof k === 'number') {
      const a = this.arr;
      if (k >= 1 && k <= a.length && (k | 0) === k) return a[k - 1];
      if (k !== k) return undefined;
    } else if (k === undefined) return undefined;
    const i = this.findNode(k);
    return i === -1 ? undefined : this.nv[i];
  }

  getStr(k: string): LuaValue {
    const nk = this.nk;
    if (nk === null) return undefined;
    let i = strHash(k) & (nk.length - 1);
    const nn = this.nn;
    do {
      if (nk[i] === k) return this.nv[i];
      i = nn[i]!;
    } while (i !== -1);
    return undefined;
  }

  /** Raw set (luaH_set + store): no metamethods, no read-only check. */
  set(k: LuaValue, v: LuaValue): void {
    if (typeof k === 'number') {
      const a = this.arr;
      if (k >= 1 && k <= a.length && (k | 0) === k) {
        a[k - 1] = v;
        return;
      }
      if (k !== k) throw new LuaError('table index is NaN');
    } else if (k === undefined) throw new LuaError('table index is nil');
    const i = this.findNode(k);
    if (i !== -1) {
      this.nv[i] = v;
      return;
    }
    this.newKey(k, v);
  }

  private getFreePos(): number {
    const nk = this.nk;
    if (nk === null) return -1;
    while (this.lastFree-- > 0) {
      if (nk[this.lastFree] === undefined) return this.lastFree;
    }
    this.lastFree = 0;
    return -1;
  }

  private newKey(k: LuaValue, v: LuaValue): void {
    let nk = this.nk;
    let mp = nk === null ? -1 : this.mainPosition(k);
    // Lua tests the value only: a dead key's node is taken over in place.
    if (mp === -1 || this.nv[mp] !== undefined) {
      const n = this.getFreePos();
      if (n === -1) {
        this.rehash(k);
        this.set(k, v);
        return;
      }
      nk = this.nk!;
      const nn = this.nn;
      const nv = this.nv;
      let othern = this.mainPosition(nk[mp]);
      if (othern !== mp) {
        while (nn[othern] !== mp) othern = nn[othern]!;
        nn[othern] = n;
        nk[n] = nk[mp];
        nv[n] = nv[mp];
        nn[n] = nn[mp]!;
        nn[mp] = -1;
        nv[mp] = undefined;
      } else {
        nn[n] = nn[mp]!;
        nn[mp] = n;
        mp = n;
      }
    }
    this.nk![mp] = k;
    this.nv[mp] = v;
  }

  private rehash(ek: LuaValue): void {
    const nums = new Array<number>(MAXBITS + 1).fill(0);
    // numusearray
    let nasize = 0;
    const a = this.arr;
    let i = 1;
    for (let lg = 0, ttlg = 1; lg <= MAXBITS; lg++, ttlg *= 2) {
      let lc = 0;
      let lim = ttlg;
      if (lim > a.length) {
        lim = a.length;
        if (i > lim) break;
      }
      for (; i <= lim; i++) if (a[i - 1] !== undefined) lc++;
      nums[lg]! += lc;
      nasize += lc;
    }
    let totaluse = nasize;
    // numusehash
    const nk = this.nk;
    if (nk !== null) {
      for (let j = nk.length - 1; j >= 0; j--) {
        if (this.nv[j] !== undefined) {
          nasize += countInt(nk[j], nums);
          totaluse++;
        }
      }
    }
    nasize += countInt(ek, nums);
    totaluse++;
    // computesizes
    let aa = 0;
    let na = 0;
    let n = 0;
    for (let j = 0, twotoi = 1; twotoi / 2 < nasize; j++, twotoi *= 2) {
      if (nums[j]! > 0) {
        aa += nums[j]!;
        if (aa > twotoi / 2) {
          n = twotoi;
          na = aa;
        }
      }
      if (aa === nasize) break;
    }
    this.resize(n, totaluse - na);
  }

  /** luaH_resize. */
  resize(nasize: number, nhsize: number): void {
    const oldArr = this.arr;
    const oldasize = oldArr.length;
    const oldK = this.nk;
    const oldV = this.nv;
    if (nasize > oldasize) {
      const na = oldArr.slice();
      for (let i = oldasize; i < nasize; i++) na.push(undefined);
      this.arr = na;
    }
    this.setNodeVector(nhsize);
    if (nasize < oldasize) {
      this.arr = oldArr.slice(0, nasize);
      for (let i = nasize; i < oldasize; i++) if (oldArr[i] !== undefined) this.set(i + 1, oldArr[i]);
    }
    if (oldK !== null) {
      for (let i = oldK.length - 1; i >= 0; i--) if (oldV[i] !== undefined) this.set(oldK[i], oldV[i]);
    }
  }

  /** OP_SETLIST's luaH_resizearray: grow the array part keeping the hash size. */
  resizeArray(nasize: number): void {
    this.resize(nasize, this.sizeNode);
  }

  /** luaH_getn: a border. */
  length(): number {
    const a = this.arr;
    let j = a.length;
    if (j > 0 && a[j - 1] === undefined) {
      let i = 0;
      while (j - i > 1) {
        const m = (i + j) >>> 1;
        if (a[m - 1] === undefined) j = m;
        else i = m;
      }
      return i;
    }
    if (this.nk === null) return j;
    // unbound_search
    let i = j;
    j++;
    while (this.get(j) !== undefined) {
      i = j;
      j *= 2;
      if (j > 2147483647) {
        i = 1;
        while (this.get(i) !== undefined) i++;
        return i - 1;
      }
    }
    while (j - i > 1) {
      const m = Math.floor((i + j) / 2);
      if (this.get(m) === undefined) j = m;
      else i = m;
    }
    return i;
  }

  /** luaH_next: the entry after key k (undefined = the first), or undefined at the end. */
  next(k: LuaValue): [LuaValue, LuaValue] | undefined {
    const a = this.arr;
    let i: number;
    if (k === undefined) i = -1;
    else {
      const ai = arrayIndex(k);
      if (ai > 0 && ai <= a.length) i = ai - 1;
      else {
        const n = this.findNode(k);
        if (n === -1) throw new LuaError("invalid key to 'next'");
        i = n + a.length;
      }
    }
    for (i++; i < a.length; i++) if (a[i] !== undefined) return [i + 1, a[i]];
    const nk = this.nk;
    if (nk === null) return undefined;
    for (i -= a.length; i < nk.length; i++) if (this.nv[i] !== undefined) return [nk[i], this.nv[i]];
    return undefined;
  }

  /** Whether the table has no entries at all. */
  isEmpty(): boolean {
    return this.next(undefined) === undefined;
  }
}

const EMPTY_NEXT = new Int32Array(0);

function countInt(k: LuaValue, nums: number[]): number {
  const i = arrayIndex(k);
  if (i > 0 && i <= 1 << MAXBITS) {
    nums[ceilLog2(i)]! += 1;
    return 1;
  }
  return 0;
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
  if (n !== n) return nanText(n);
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return formatGeneral(n, 14);
}

/**
 * printf of a NaN. glibc prints the sign bit, and x86's invalid operations (0/0,
 * inf-inf, sqrt(-1)) make negative NaNs, so Redis mostly shows "-nan". V8 does not keep
 * NaN signs reliably (the same 0/0 gives either sign depending on the tier that ran it),
 * so every NaN prints as the common "-nan" (tonumber("nan") alone differs in Redis).
 */
export function nanText(_n: number): string {
  return '-nan';
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
