// Lua 5.1 evaluator: compiles the parser's AST into a tree of JS closures once, then runs
// them. Locals live in a per-call register array; a local captured by an inner function
// is stored as a Box created when its declaration runs (so each loop iteration gets a
// fresh one, as Lua's upvalues). Multiple results travel as arrays; single-value
// contexts take [0]. Statements return a signal: 0 = go on, 1 = break, 2 = return.
//
// Error messages follow Lua 5.1 ("attempt to index local 't' (a nil value)"), prefixed
// with "<chunk>:<line>:" as luaG_runerror does. The line of the innermost call expression
// is kept in `state.line` so natives (error, redis.call) can report where they were
// called from, and a per-depth stack of call lines serves error(msg, 2).

import { parse, type Expr, type Proto, type Stat, type Decl } from './parser.js';
import {
  EMPTY, LuaError, LuaFunction, LuaTable, LuaUserdata, numberToString, toNumber, typeName,
  addressOf, type LuaValue,
} from './value.js';

export class Box {
  constructor(public v: LuaValue) {}
}

class Frame {
  ret: LuaValue[] = EMPTY;
  constructor(
    readonly r: LuaValue[],
    readonly u: Box[],
    readonly va: LuaValue[],
  ) {}
}

type Ev = (f: Frame) => LuaValue;
type EvM = (f: Frame) => LuaValue[];
type Ex = (f: Frame) => number;

/** Interpreter-wide state (one script runs at a time). */
export const state = {
  line: 0,
  depth: 0,
  chunk: 'user_script',
  lineStack: [0] as number[],
  /** Metatable shared by all strings (its __index is the string library). */
  stringMeta: null as LuaTable | null,
  /** Called every `hookEvery` loop iterations / calls (busy-script checks). */
  hook: null as (() => void) | null,
  ticks: 0,
  /** A native is running called directly by another native (pcall(error, ...)). */
  nativeCaller: false,
};

const MAX_DEPTH = 15000;

/** Throw a runtime error positioned at `line` of the running chunk. */
export function rtError(msg: string, line: number = state.line): never {
  const e = new LuaError(state.nativeCaller ? msg : `${state.chunk}:${line}: ${msg}`, line);
  e.positioned = true;
  throw e;
}

/**
 * An error raised inside a native function the way luaG_runerror does it there (or
 * Redis's luaPushError + luaError): without a "chunk:line:" prefix.
 */
export function rawError(msg: string): never {
  const e = new LuaError(msg, state.line);
  e.positioned = true;
  throw e;
}

/** The message of a failed comparison (luaG_ordererror). */
export function compareError(a: LuaValue, b: LuaValue): string {
  const t1 = typeName(a);
  const t2 = typeName(b);
  return t1 === t2 ? `attempt to compare two ${t1} values` : `attempt to compare ${t1} with ${t2}`;
}

// ---------------------------------------------------------------- metamethods

export function getMetatable(v: LuaValue): LuaTable | null {
  if (v instanceof LuaTable) return v.mt;
  if (typeof v === 'string') return state.stringMeta;
  return null;
}

function metaOf(v: LuaValue, event: string): LuaValue {
  const mt = getMetatable(v);
  return mt === null ? undefined : mt.getStr(event);
}

function typeErr(op: string, v: LuaValue, desc: string, line: number): never {
  const t = typeName(v);
  rtError(desc !== '' ? `attempt to ${op} ${desc} (a ${t} value)` : `attempt to ${op} a ${t} value`, line);
}

/** t[k] with __index. */
export function index(o: LuaValue, k: LuaValue, desc = '', line = state.line): LuaValue {
  for (let loop = 0; loop < 100; loop++) {
    let h: LuaValue;
    if (o instanceof LuaTable) {
      const v = o.get(k);
      if (v !== undefined) return v;
      const mt = o.mt;
      if (mt === null) return undefined;
      h = mt.getStr('__index');
      if (h === undefined) return undefined;
    } else {
      h = metaOf(o, '__index');
      if (h === undefined) typeErr('index', o, desc, line);
    }
    if (h instanceof LuaFunction) {
      state.line = line;
      return h.call([o, k])[0];
    }
    o = h;
    desc = '';
  }
  rtError("loop in gettable", line);
}

/** t[k] = v with __newindex and Redis's read-only tables. */
export function setIndex(o: LuaValue, k: LuaValue, v: LuaValue, desc = '', line = state.line): void {
  for (let loop = 0; loop < 100; loop++) {
    let h: LuaValue;
    if (o instanceof LuaTable) {
      if (o.readonly) rtError('Attempt to modify a readonly table', line);
      const mt = o.mt;
      if (mt === null || (h = mt.getStr('__newindex')) === undefined || o.get(k) !== undefined) {
        try {
          o.set(k, v);
        } catch (e) {
          if (e instanceof LuaError && !e.positioned) rtError(e.value as string, line);
          throw e;
        }
        return;
      }
    } else {
      h = metaOf(o, '__newindex');
      if (h === undefined) typeErr('index', o, desc, line);
    }
    if (h instanceof LuaFunction) {
      h.call([o, k, v]);
      return;
    }
    o = h;
    desc = '';
  }
  rtError('loop in settable', line);
}

export function call(fn: LuaValue, args: LuaValue[], desc = '', line = state.line): LuaValue[] {
  if (fn instanceof LuaFunction) return fn.call(args);
  const h = metaOf(fn, '__call');
  if (h instanceof LuaFunction) return h.call([fn, ...args]);
  typeErr('call', fn, desc, line);
}

const ARITH_EVENTS: Record<string, string> = { '+': '__add', '-': '__sub', '*': '__mul', '/': '__div', '%': '__mod', '^': '__pow' };

export function arithRaw(op: string, x: number, y: number): number {
  switch (op) {
    case '+': return x + y;
    case '-': return x - y;
    case '*': return x * y;
    case '/': return x / y;
    case '%': return x - Math.floor(x / y) * y;
    default: return Math.pow(x, y);
  }
}

function arithSlow(op: string, a: LuaValue, b: LuaValue, da: string, db: string, line: number): LuaValue {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return arithRaw(op, x, y);
  const ev = ARITH_EVENTS[op]!;
  let h = metaOf(a, ev);
  if (h === undefined) h = metaOf(b, ev);
  if (h instanceof LuaFunction) return h.call([a, b])[0];
  if (x === undefined) typeErr('perform arithmetic on', a, da, line);
  typeErr('perform arithmetic on', b, db, line);
}

function unmSlow(a: LuaValue, da: string, line: number): LuaValue {
  const x = toNumber(a);
  if (x !== undefined) return -x;
  const h = metaOf(a, '__unm');
  if (h instanceof LuaFunction) return h.call([a, a])[0];
  typeErr('perform arithmetic on', a, da, line);
}

export function concat2(a: LuaValue, b: LuaValue, da = '', db = '', line = state.line): LuaValue {
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'string' || ta === 'number') && (tb === 'string' || tb === 'number')) {
    return (ta === 'string' ? (a as string) : numberToString(a as number)) + (tb === 'string' ? (b as string) : numberToString(b as number));
  }
  let h = metaOf(a, '__concat');
  if (h === undefined) h = metaOf(b, '__concat');
  if (h instanceof LuaFunction) return h.call([a, b])[0];
  if (ta === 'string' || ta === 'number') typeErr('concatenate', b, db, line);
  typeErr('concatenate', a, da, line);
}

export function len(a: LuaValue, da = '', line = state.line): LuaValue {
  if (typeof a === 'string') return a.length;
  if (a instanceof LuaTable) return a.length();
  const h = metaOf(a, '__len');
  if (h instanceof LuaFunction) return h.call([a])[0];
  typeErr('get length of', a, da, line);
}

export function rawEquals(a: LuaValue, b: LuaValue): boolean {
  return a === b;
}

export function equals(a: LuaValue, b: LuaValue): boolean {
  if (a === b) return true;
  if (a instanceof LuaTable && b instanceof LuaTable && (a.mt !== null || b.mt !== null)) {
    const h1 = a.mt?.getStr('__eq');
    const h2 = b.mt?.getStr('__eq');
    if (h1 !== undefined && h1 === h2 && h1 instanceof LuaFunction) return truthy(h1.call([a, b])[0]);
  }
  return false;
}

function cmpError(a: LuaValue, b: LuaValue, line: number): never {
  const t1 = typeName(a);
  const t2 = typeName(b);
  if (t1 === t2) rtError(`attempt to compare two ${t1} values`, line);
  rtError(`attempt to compare ${t1} with ${t2}`, line);
}

export function lessThan(a: LuaValue, b: LuaValue, line = state.line): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  if (typeof a === typeof b && a instanceof LuaTable) {
    const h = metaOf(a, '__lt');
    if (h instanceof LuaFunction && h === metaOf(b, '__lt')) return truthy(h.call([a, b])[0]);
  }
  cmpError(a, b, line);
}

export function lessEqual(a: LuaValue, b: LuaValue, line = state.line): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  if (typeof a === 'string' && typeof b === 'string') return a <= b;
  if (typeof a === typeof b && a instanceof LuaTable) {
    let h = metaOf(a, '__le');
    if (h instanceof LuaFunction && h === metaOf(b, '__le')) return truthy(h.call([a, b])[0]);
    h = metaOf(a, '__lt');
    if (h instanceof LuaFunction && h === metaOf(b, '__lt')) return !truthy(h.call([b, a])[0]);
  }
  cmpError(a, b, line);
}

export function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}

/** tostring() with __tostring. */
export function tostring(v: LuaValue): string {
  switch (typeof v) {
    case 'string': return v;
    case 'number': return numberToString(v);
    case 'undefined': return 'nil';
    case 'boolean': return v ? 'true' : 'false';
  }
  const h = metaOf(v, '__tostring');
  if (h !== undefined) {
    const r = call(h, [v])[0];
    if (typeof r !== 'string') {
      if (typeof r === 'number') return numberToString(r);
      throw new LuaError("'__tostring' must return a string");
    }
    return r;
  }
  if (v instanceof LuaTable) return 'table: ' + addressOf(v);
  if (v instanceof LuaFunction) return 'function: ' + addressOf(v);
  if (v instanceof LuaUserdata) return 'userdata: ' + (v.tag === 'null' ? '(nil)' : addressOf(v));
  return '?';
}

// ---------------------------------------------------------------- compiler

function describe(e: Expr): string {
  switch (e.k) {
    case 'local': return `local '${e.d.name}'`;
    case 'upval': return `upvalue '${e.name}'`;
    case 'global': return `global '${e.name}'`;
    case 'index': return e.key.k === 'str' ? `field '${e.key.v}'` : '';
    case 'method': return `method '${e.name}'`;
    default: return '';
  }
}

function isMulti(e: Expr): boolean {
  return e.k === 'call' || e.k === 'method' || e.k === 'vararg';
}

class Compiler {
  constructor(readonly G: LuaTable) {}

  expr(e: Expr): Ev {
    switch (e.k) {
      case 'nil': return () => undefined;
      case 'true': return () => true;
      case 'false': return () => false;
      case 'num': { const v = e.v; return () => v; }
      case 'str': { const v = e.v; return () => v; }
      case 'vararg': return (f) => f.va[0];
      case 'paren': return this.expr(e.e);
      case 'local': {
        const slot = e.d.slot;
        if (e.d.captured) return (f) => (f.r[slot] as unknown as Box).v;
        return (f) => f.r[slot];
      }
      case 'upval': { const i = e.i; return (f) => f.u[i]!.v; }
      case 'global': {
        const G = this.G;
        const name = e.name;
        const line = e.line;
        return () => {
          const v = G.getStr(name);
          if (v !== undefined) return v;
          state.line = line;
          return index(G, name, '', line);
        };
      }
      case 'index': {
        const O = this.expr(e.o);
        const line = e.line;
        const desc = describe(e.o);
        if (e.key.k === 'str') {
          const key = e.key.v;
          return (f) => {
            const o = O(f);
            if (o instanceof LuaTable) {
              const v = o.getStr(key);
              if (v !== undefined || o.mt === null) return v;
            }
            return index(o, key, desc, line);
          };
        }
        const K = this.expr(e.key);
        return (f) => {
          const o = O(f);
          const k = K(f);
          if (o instanceof LuaTable) {
            const v = o.get(k);
            if (v !== undefined || o.mt === null) return v;
          }
          return index(o, k, desc, line);
        };
      }
      case 'call': {
        // Single-value call compiled directly (one JS frame less per Lua call level).
        const F = this.expr(e.f);
        const A = this.args(e.args);
        const line = e.line;
        const desc = describe(e.f);
        return (f) => {
          const fn = F(f);
          const args = A(f);
          state.line = line;
          if (fn instanceof LuaFunction) return fn.call(args)[0];
          return call(fn, args, desc, line)[0];
        };
      }
      case 'method': {
        const M = this.multi(e);
        return (f) => M(f)[0];
      }
      case 'func': return this.closure(e.p);
      case 'and': {
        const A = this.expr(e.a), B = this.expr(e.b);
        return (f) => {
          const a = A(f);
          return a === undefined || a === false ? a : B(f);
        };
      }
      case 'or': {
        const A = this.expr(e.a), B = this.expr(e.b);
        return (f) => {
          const a = A(f);
          return a === undefined || a === false ? B(f) : a;
        };
      }
      case 'not': {
        const A = this.expr(e.a);
        return (f) => {
          const a = A(f);
          return a === undefined || a === false;
        };
      }
      case 'neg': {
        const A = this.expr(e.a);
        const da = describe(e.a);
        const line = e.line;
        return (f) => {
          const a = A(f);
          return typeof a === 'number' ? -a : unmSlow(a, da, line);
        };
      }
      case 'len': {
        const A = this.expr(e.a);
        const da = describe(e.a);
        const line = e.line;
        return (f) => len(A(f), da, line);
      }
      case 'table': return this.table(e.items);
      case 'bin': return this.binary(e.op, e.a, e.b, e.line);
    }
  }

  binary(op: string, ea: Expr, eb: Expr, line: number): Ev {
    const A = this.expr(ea);
    const B = this.expr(eb);
    const da = describe(ea);
    const db = describe(eb);
    switch (op) {
      case '+': return (f) => {
        const a = A(f), b = B(f);
        return typeof a === 'number' && typeof b === 'number' ? a + b : arithSlow(op, a, b, da, db, line);
      };
      case '-': return (f) => {
        const a = A(f), b = B(f);
        return typeof a === 'number' && typeof b === 'number' ? a - b : arithSlow(op, a, b, da, db, line);
      };
      case '*': return (f) => {
        const a = A(f), b = B(f);
        return typeof a === 'number' && typeof b === 'number' ? a * b : arithSlow(op, a, b, da, db, line);
      };
      case '/': case '%': case '^': return (f) => {
        const a = A(f), b = B(f);
        return typeof a === 'number' && typeof b === 'number' ? arithRaw(op, a, b) : arithSlow(op, a, b, da, db, line);
      };
      case '..': return (f) => {
        const a = A(f), b = B(f);
        return typeof a === 'string' && typeof b === 'string' ? a + b : concat2(a, b, da, db, line);
      };
      case '==': return (f) => {
        const a = A(f), b = B(f);
        return a === b || (typeof a === 'object' && typeof b === 'object' && equals(a, b));
      };
      case '~=': return (f) => {
        const a = A(f), b = B(f);
        return !(a === b || (typeof a === 'object' && typeof b === 'object' && equals(a, b)));
      };
      case '<': return (f) => {
        const a = A(f), b = B(f);
        return typeof a === 'number' && typeof b === 'number' ? a < b : lessThan(a, b, line);
      };
      case '<=': return (f) => {
        const a = A(f), b = B(f);
        return typeof a === 'number' && typeof b === 'number' ? a <= b : lessEqual(a, b, line);
      };
      case '>': return (f) => {
        const a = A(f), b = B(f);
        return typeof a === 'number' && typeof b === 'number' ? a > b : lessThan(b, a, line);
      };
      case '>=': return (f) => {
        const a = A(f), b = B(f);
        return typeof a === 'number' && typeof b === 'number' ? a >= b : lessEqual(b, a, line);
      };
    }
    throw new Error('bad operator ' + op);
  }

  /**
   * Table constructor as Lua 5.1 runs it: OP_NEWTABLE sized by the item counts (rounded
   * through luaO_int2fb), record fields stored as they come, list items flushed by
   * OP_SETLIST every 50 items and at the end; so the table's layout matches Lua's.
   */
  table(items: { key: Expr | null; value: Expr }[]): Ev {
    type Op = { k: 0; v: Ev } | { k: 1; key: Ev; v: Ev; line: number } | { k: 2 };
    const ops: Op[] = [];
    let lastMulti: EvM | null = null;
    let na = 0;
    let nh = 0;
    let pending = 0;
    const n = items.length;
    for (let i = 0; i < n; i++) {
      const it = items[i]!;
      if (pending === 50) {
        ops.push({ k: 2 });
        pending = 0;
      }
      if (it.key === null) {
        if (i === n - 1 && isMulti(it.value)) lastMulti = this.multi(it.value);
        else {
          ops.push({ k: 0, v: this.expr(it.value) });
          na++;
          pending++;
        }
      } else {
        ops.push({ k: 1, key: this.expr(it.key), v: this.expr(it.value), line: it.key.k === 'str' ? 0 : 0 });
        nh++;
      }
    }
    const asize = fb2int(int2fb(na));
    const hsize = fb2int(int2fb(nh));
    const nops = ops.length;
    return (f) => {
      const t = new LuaTable(asize, hsize);
      let buf: LuaValue[] | null = null;
      let base = 0;
      for (let i = 0; i < nops; i++) {
        const op = ops[i]!;
        if (op.k === 0) (buf ??= []).push(op.v(f));
        else if (op.k === 1) {
          const k = op.key(f);
          const v = op.v(f);
          if (k === undefined) rtError('table index is nil');
          if (k !== k) rtError('table index is NaN');
          t.set(k, v);
        } else if (buf !== null) {
          base = setList(t, base, buf);
          buf = null;
        }
      }
      if (lastMulti !== null) {
        const m = lastMulti(f);
        buf ??= [];
        for (let i = 0; i < m.length; i++) buf.push(m[i]);
      }
      if (buf !== null) setList(t, base, buf);
      return t;
    };
  }

  /** Argument list evaluation (the last one expanded when multi-valued). */
  args(list: Expr[]): EvM {
    const n = list.length;
    if (n === 0) return () => [];
    const last = list[n - 1]!;
    if (isMulti(last)) {
      const fixed = list.slice(0, n - 1).map((e) => this.expr(e));
      const M = this.multi(last);
      const nf = fixed.length;
      return (f) => {
        const out = new Array<LuaValue>(nf);
        for (let i = 0; i < nf; i++) out[i] = fixed[i]!(f);
        const m = M(f);
        for (let i = 0; i < m.length; i++) out.push(m[i]);
        return out;
      };
    }
    const evs = list.map((e) => this.expr(e));
    if (n === 1) { const A = evs[0]!; return (f) => [A(f)]; }
    if (n === 2) { const A = evs[0]!, B = evs[1]!; return (f) => [A(f), B(f)]; }
    if (n === 3) { const A = evs[0]!, B = evs[1]!, C = evs[2]!; return (f) => [A(f), B(f), C(f)]; }
    return (f) => {
      const out = new Array<LuaValue>(n);
      for (let i = 0; i < n; i++) out[i] = evs[i]!(f);
      return out;
    };
  }

  multi(e: Expr): EvM {
    if (e.k === 'vararg') return (f) => f.va;
    if (e.k === 'call') {
      const F = this.expr(e.f);
      const A = this.args(e.args);
      const line = e.line;
      const desc = describe(e.f);
      return (f) => {
        const fn = F(f);
        const args = A(f);
        state.line = line;
        if (fn instanceof LuaFunction) return fn.call(args);
        return call(fn, args, desc, line);
      };
    }
    if (e.k === 'method') {
      const O = this.expr(e.o);
      const A = this.args(e.args);
      const line = e.line;
      const name = e.name;
      const desc = `method '${name}'`;
      const odesc = describe(e.o);
      return (f) => {
        const o = O(f);
        const fn = index(o, name, odesc, line);
        const rest = A(f);
        const args = new Array<LuaValue>(rest.length + 1);
        args[0] = o;
        for (let i = 0; i < rest.length; i++) args[i + 1] = rest[i];
        state.line = line;
        if (fn instanceof LuaFunction) return fn.call(args);
        return call(fn, args, desc, line);
      };
    }
    const E = this.expr(e);
    return (f) => [E(f)];
  }

  closure(p: Proto): Ev {
    const body = this.block(p.body);
    const params = p.params;
    const np = params.length;
    const captured = params.map((d) => d.captured);
    const anyCaptured = captured.some((x) => x);
    const nslots = p.nslots;
    const isVararg = p.isVararg;
    const ups = p.upvals;
    const nu = ups.length;
    const name = p.name;
    // The invocation closure is created per function value (it captures the upvalues):
    // one JS frame per Lua call here, which keeps deep Lua recursion within V8's stack.
    return (f) => {
      const u = new Array<Box>(nu);
      for (let i = 0; i < nu; i++) {
        const d = ups[i]!;
        u[i] = d.fromLocal ? (f.r[d.index] as unknown as Box) : f.u[d.index]!;
      }
      return new LuaFunction(name, (args: LuaValue[]): LuaValue[] => {
        const r = new Array<LuaValue>(nslots);
        for (let i = 0; i < np; i++) r[i] = args[i];
        if (anyCaptured) for (let i = 0; i < np; i++) if (captured[i]) r[i] = new Box(r[i]) as unknown as LuaValue;
        const fr = new Frame(r, u, isVararg && args.length > np ? args.slice(np) : EMPTY);
        const d = ++state.depth;
        if (d > MAX_DEPTH) {
          state.depth--;
          rtError('stack overflow');
        }
        state.lineStack[d] = state.line;
        const nc = state.nativeCaller;
        state.nativeCaller = false;
        const sig = body(fr);
        state.nativeCaller = nc;
        state.depth = d - 1;
        return sig === 2 ? fr.ret : EMPTY;
      }, true);
    };
  }

  block(stats: Stat[]): Ex {
    const list = stats.map((s) => this.stat(s));
    const n = list.length;
    if (n === 0) return () => 0;
    if (n === 1) return list[0]!;
    if (n === 2) {
      const a = list[0]!, b = list[1]!;
      return (f) => {
        const s = a(f);
        return s !== 0 ? s : b(f);
      };
    }
    return (f) => {
      for (let i = 0; i < n; i++) {
        const s = list[i]!(f);
        if (s !== 0) return s;
      }
      return 0;
    };
  }

  /** A store into a local declared here (boxed when captured). */
  private declStore(d: Decl): (f: Frame, v: LuaValue) => void {
    const slot = d.slot;
    if (d.captured) return (f, v) => { f.r[slot] = new Box(v) as unknown as LuaValue; };
    return (f, v) => { f.r[slot] = v; };
  }

  private assignTo(t: Expr): (f: Frame, v: LuaValue) => void {
    switch (t.k) {
      case 'local': {
        const slot = t.d.slot;
        if (t.d.captured) return (f, v) => { (f.r[slot] as unknown as Box).v = v; };
        return (f, v) => { f.r[slot] = v; };
      }
      case 'upval': { const i = t.i; return (f, v) => { f.u[i]!.v = v; }; }
      case 'global': {
        const G = this.G;
        const name = t.name;
        return (_f, v) => setIndex(G, name, v);
      }
      case 'index': {
        const O = this.expr(t.o);
        const K = this.expr(t.key);
        const desc = describe(t.o);
        const line = t.line;
        return (f, v) => {
          const o = O(f);
          const k = K(f);
          if (o instanceof LuaTable && o.mt === null && !o.readonly && k !== undefined && k === k) o.set(k, v);
          else setIndex(o, k, v, desc, line);
        };
      }
      default: throw new Error('bad assignment target');
    }
  }

  /** Evaluate an expression list adjusted to n values. */
  private exprsN(exprs: Expr[], n: number): (f: Frame) => LuaValue[] {
    const m = exprs.length;
    if (m > 0 && isMulti(exprs[m - 1]!)) {
      const A = this.args(exprs);
      return (f) => {
        const v = A(f);
        if (v.length < n) v.length = n;
        return v;
      };
    }
    const evs = exprs.map((e) => this.expr(e));
    return (f) => {
      const out = new Array<LuaValue>(Math.max(n, m));
      for (let i = 0; i < m; i++) out[i] = evs[i]!(f);
      return out;
    };
  }

  stat(s: Stat): Ex {
    switch (s.k) {
      case 'local': {
        const n = s.decls.length;
        if (n === 1 && s.exprs.length <= 1) {
          const store = this.declStore(s.decls[0]!);
          if (s.exprs.length === 0) return (f) => { store(f, undefined); return 0; };
          const E = this.expr(s.exprs[0]!);
          return (f) => { store(f, E(f)); return 0; };
        }
        const stores = s.decls.map((d) => this.declStore(d));
        const V = this.exprsN(s.exprs, n);
        return (f) => {
          const v = V(f);
          for (let i = 0; i < n; i++) stores[i]!(f, v[i]);
          return 0;
        };
      }
      case 'localfunc': {
        const store = this.declStore(s.d);
        const slot = s.d.slot;
        const captured = s.d.captured;
        const C = this.closure(s.f);
        return (f) => {
          store(f, undefined);
          const fn = C(f);
          if (captured) (f.r[slot] as unknown as Box).v = fn;
          else f.r[slot] = fn;
          return 0;
        };
      }
      case 'assign': {
        const n = s.targets.length;
        if (n === 1 && s.exprs.length === 1) {
          const set = this.assignTo(s.targets[0]!);
          const E = this.expr(s.exprs[0]!);
          const line = s.line;
          return (f) => {
            state.line = line;
            set(f, E(f));
            return 0;
          };
        }
        const sets = s.targets.map((t) => this.assignTo(t));
        const V = this.exprsN(s.exprs, n);
        return (f) => {
          const v = V(f);
          for (let i = n - 1; i >= 0; i--) sets[i]!(f, v[i]);
          return 0;
        };
      }
      case 'call': {
        const M = this.multi(s.e);
        return (f) => {
          M(f);
          return 0;
        };
      }
      case 'do': return this.block(s.body);
      case 'while': {
        const C = this.expr(s.cond);
        const B = this.block(s.body);
        const line = s.line;
        return (f) => {
          for (;;) {
            const c = C(f);
            if (c === undefined || c === false) return 0;
            const sig = B(f);
            if (sig !== 0) return sig === 1 ? 0 : sig;
            if (++state.ticks > 100000) tick(line);
          }
        };
      }
      case 'repeat': {
        const C = this.expr(s.cond);
        const B = this.block(s.body);
        const line = s.line;
        return (f) => {
          for (;;) {
            const sig = B(f);
            if (sig !== 0) return sig === 1 ? 0 : sig;
            const c = C(f);
            if (c !== undefined && c !== false) return 0;
            if (++state.ticks > 100000) tick(line);
          }
        };
      }
      case 'if': {
        const conds = s.conds.map((c) => this.expr(c));
        const blocks = s.blocks.map((b) => this.block(b));
        const els = s.els === null ? null : this.block(s.els);
        if (conds.length === 1) {
          const C = conds[0]!, B = blocks[0]!;
          return (f) => {
            const c = C(f);
            if (c !== undefined && c !== false) return B(f);
            return els === null ? 0 : els(f);
          };
        }
        const n = conds.length;
        return (f) => {
          for (let i = 0; i < n; i++) {
            const c = conds[i]!(f);
            if (c !== undefined && c !== false) return blocks[i]!(f);
          }
          return els === null ? 0 : els(f);
        };
      }
      case 'numfor': {
        const S0 = this.expr(s.start);
        const L0 = this.expr(s.limit);
        const St = s.step === null ? null : this.expr(s.step);
        const B = this.block(s.body);
        const slot = s.v.slot;
        const captured = s.v.captured;
        const line = s.line;
        return (f) => {
          const a = toNumber(S0(f));
          if (a === undefined) rtError("'for' initial value must be a number", line);
          const lim = toNumber(L0(f));
          if (lim === undefined) rtError("'for' limit must be a number", line);
          let step = 1;
          if (St !== null) {
            const st = toNumber(St(f));
            if (st === undefined) rtError("'for' step must be a number", line);
            step = st;
          }
          const r = f.r;
          for (let i = a; step > 0 ? i <= lim : i >= lim; i += step) {
            r[slot] = captured ? (new Box(i) as unknown as LuaValue) : i;
            const sig = B(f);
            if (sig !== 0) return sig === 1 ? 0 : sig;
            if (++state.ticks > 100000) tick(line);
          }
          return 0;
        };
      }
      case 'genfor': {
        const E = this.exprsN(s.exprs, 3);
        const B = this.block(s.body);
        const stores = s.vars.map((d) => this.declStore(d));
        const nv = stores.length;
        const line = s.line;
        return (f) => {
          const init = E(f);
          const gen = init[0];
          const st = init[1];
          let ctl = init[2];
          for (;;) {
            state.line = line;
            const r = gen instanceof LuaFunction ? gen.call([st, ctl]) : call(gen, [st, ctl], '', line);
            const v0 = r[0];
            if (v0 === undefined) return 0;
            ctl = v0;
            for (let i = 0; i < nv; i++) stores[i]!(f, r[i]);
            const sig = B(f);
            if (sig !== 0) return sig === 1 ? 0 : sig;
            if (++state.ticks > 100000) tick(line);
          }
        };
      }
      case 'return': {
        const ex = s.exprs;
        if (ex.length === 0) return (f) => { f.ret = EMPTY; return 2; };
        if (ex.length === 1 && isMulti(ex[0]!)) {
          const M = this.multi(ex[0]!);
          return (f) => { f.ret = M(f); return 2; };
        }
        const A = this.args(ex);
        return (f) => { f.ret = A(f); return 2; };
      }
      case 'break': return () => 1;
    }
  }
}

/** OP_SETLIST: store list items base+1.. into the array part (grown to fit). */
function setList(t: LuaTable, base: number, vals: LuaValue[]): number {
  const last = base + vals.length;
  if (last > t.arr.length) t.resizeArray(last);
  const a = t.arr;
  for (let i = 0; i < vals.length; i++) a[base + i] = vals[i];
  return last;
}

/** luaO_int2fb / luaO_fb2int: the "floating point byte" table size hints. */
function int2fb(x: number): number {
  let e = 0;
  while (x >= 16) {
    x = (x + 1) >> 1;
    e++;
  }
  if (x < 8) return x;
  return ((e + 1) << 3) | (x - 8);
}

function fb2int(x: number): number {
  const e = (x >> 3) & 31;
  if (e === 0) return x;
  return ((x & 7) + 8) << (e - 1);
}

function tick(line: number): void {
  state.ticks = 0;
  state.line = line;
  if (state.hook !== null) state.hook();
}

/**
 * Compile a chunk into a function value bound to the globals table G. Syntax errors are
 * thrown as positioned LuaErrors.
 */
export function compileChunk(src: string, chunk: string, G: LuaTable, name = 'main chunk'): LuaFunction {
  const p = parse(src, chunk);
  p.name = name;
  const c = new Compiler(G);
  const mk = c.closure(p);
  return mk(new Frame([], [], EMPTY)) as LuaFunction;
}

/**
 * Protected call: run fn(args), returning [true, ...results] or [false, errorValue].
 * JS stack exhaustion becomes Lua's "stack overflow" error.
 */
export function pcall(fn: LuaValue, args: LuaValue[]): LuaValue[] {
  const depth = state.depth;
  const nc = state.nativeCaller;
  state.nativeCaller = fn instanceof LuaFunction && !fn.isLua;
  try {
    const r = call(fn, args);
    state.nativeCaller = nc;
    const out = new Array<LuaValue>(r.length + 1);
    out[0] = true;
    for (let i = 0; i < r.length; i++) out[i + 1] = r[i];
    return out;
  } catch (e) {
    state.depth = depth;
    state.nativeCaller = nc;
    return [false, errorValue(e)];
  }
}

/** The Lua value of a caught JS exception. */
export function errorValue(e: unknown): LuaValue {
  if (e instanceof LuaError) return e.value;
  if (e instanceof RangeError) return `${state.chunk}:${state.line}: stack overflow`;
  throw e;
}
