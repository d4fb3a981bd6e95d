// Lua 5.1 lexer and parser: source text → AST, with names already resolved to locals
// (a slot in the function's register array), upvalues (an index in the closure's
// captured boxes) or globals. A local that an inner function captures is marked so the
// compiler keeps it in a box (fresh per declaration execution, as Lua's closures need).
// Syntax errors are LuaErrors with Lua 5.1's texts ("unexpected symbol near 'x'").

import { LuaError } from './value.js';

export interface Decl {
  name: string;
  slot: number;
  captured: boolean;
}

export interface UpvalDesc {
  name: string;
  /** From the enclosing function's locals (slot) or its upvalues (index). */
  fromLocal: boolean;
  index: number;
}

export interface Proto {
  params: Decl[];
  isVararg: boolean;
  nslots: number;
  upvals: UpvalDesc[];
  body: Stat[];
  name: string;
  line: number;
}

export type Expr =
  | { k: 'nil' } | { k: 'true' } | { k: 'false' } | { k: 'vararg' }
  | { k: 'num'; v: number } | { k: 'str'; v: string }
  | { k: 'func'; p: Proto }
  | { k: 'local'; d: Decl }
  | { k: 'upval'; i: number; name: string }
  | { k: 'global'; name: string; line: number }
  | { k: 'index'; o: Expr; key: Expr; line: number }
  | { k: 'call'; f: Expr; args: Expr[]; line: number }
  | { k: 'method'; o: Expr; name: string; args: Expr[]; line: number }
  | { k: 'bin'; op: string; a: Expr; b: Expr; line: number }
  | { k: 'and'; a: Expr; b: Expr } | { k: 'or'; a: Expr; b: Expr }
  | { k: 'not'; a: Expr } | { k: 'neg'; a: Expr; line: number } | { k: 'len'; a: Expr; line: number }
  | { k: 'table'; items: TableItem[]; line: number }
  | { k: 'paren'; e: Expr };

export interface TableItem {
  key: Expr | null;
  value: Expr;
}

export type Stat =
  | { k: 'local'; decls: Decl[]; exprs: Expr[]; line: number }
  | { k: 'assign'; targets: Expr[]; exprs: Expr[]; line: number }
  | { k: 'call'; e: Expr; line: number }
  | { k: 'do'; body: Stat[] }
  | { k: 'while'; cond: Expr; body: Stat[]; line: number }
  | { k: 'repeat'; body: Stat[]; cond: Expr; line: number }
  | { k: 'if'; conds: Expr[]; blocks: Stat[][]; els: Stat[] | null; line: number }
  | { k: 'numfor'; v: Decl; start: Expr; limit: Expr; step: Expr | null; body: Stat[]; line: number }
  | { k: 'genfor'; vars: Decl[]; exprs: Expr[]; body: Stat[]; line: number; hidden: number }
  | { k: 'localfunc'; d: Decl; f: Proto; line: number }
  | { k: 'return'; exprs: Expr[]; line: number }
  | { k: 'break'; line: number };

const KEYWORDS = new Set([
  'and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'if', 'in',
  'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while',
]);

// Token types: 'name', 'str', 'num', 'eof', or the keyword / symbol itself.
class Lexer {
  pos = 0;
  line = 1;
  ty = '';
  tk(): string {
    return this.ty;
  }
  value: string | number = '';
  /** Source text of the current token (for "near '...'" messages). */
  raw = '';
  tokLine = 1;
  // One token of lookahead.
  aheadType = '';
  aheadValue: string | number = '';
  aheadRaw = '';
  aheadLine = 1;
  hasAhead = false;

  constructor(readonly src: string, readonly chunk: string) {}

  error(msg: string, near: string | null, line = this.line): never {
    const e = new LuaError(`${this.chunk}:${line}: ${msg}${near !== null ? ` near '${near}'` : ''}`);
    e.positioned = true;
    throw e;
  }

  next(): void {
    if (this.hasAhead) {
      this.ty = this.aheadType;
      this.value = this.aheadValue;
      this.raw = this.aheadRaw;
      this.tokLine = this.aheadLine;
      this.hasAhead = false;
      return;
    }
    this.scan();
  }

  peek(): string {
    if (!this.hasAhead) {
      const t = this.ty, v = this.value, r = this.raw, l = this.tokLine;
      this.scan();
      this.aheadType = this.ty;
      this.aheadValue = this.value;
      this.aheadRaw = this.raw;
      this.aheadLine = this.tokLine;
      this.hasAhead = true;
      this.ty = t;
      this.value = v;
      this.raw = r;
      this.tokLine = l;
    }
    return this.aheadType;
  }

  private scan(): void {
    const s = this.src;
    const n = s.length;
    for (;;) {
      if (this.pos >= n) {
        this.ty = 'eof';
        this.raw = '<eof>';
        this.tokLine = this.line;
        return;
      }
      const c = s.charCodeAt(this.pos);
      if (c === 10 || c === 13) {
        this.pos++;
        // \r\n and \n\r count as one line break.
        const d = s.charCodeAt(this.pos);
        if ((d === 10 || d === 13) && d !== c) this.pos++;
        this.line++;
        continue;
      }
      if (c === 32 || c === 9 || c === 11 || c === 12) {
        this.pos++;
        continue;
      }
      if (c === 45 && s.charCodeAt(this.pos + 1) === 45) {
        // Comment: long bracket or to end of line.
        this.pos += 2;
        if (s.charCodeAt(this.pos) === 91) {
          const lvl = this.longBracketLevel();
          if (lvl >= 0) {
            this.readLong(lvl, true);
            continue;
          }
        }
        while (this.pos < n && s.charCodeAt(this.pos) !== 10 && s.charCodeAt(this.pos) !== 13) this.pos++;
        continue;
      }
      break;
    }
    this.tokLine = this.line;
    const start = this.pos;
    const c = s.charCodeAt(this.pos);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) {
      let p = this.pos + 1;
      while (p < n) {
        const d = s.charCodeAt(p);
        if ((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || d === 95 || (d >= 48 && d <= 57)) p++;
        else break;
      }
      const w = s.slice(this.pos, p);
      this.pos = p;
      this.raw = w;
      if (KEYWORDS.has(w)) this.ty = w;
      else {
        this.ty = 'name';
        this.value = w;
      }
      return;
    }
    if ((c >= 48 && c <= 57) || (c === 46 && isDigit(s.charCodeAt(this.pos + 1)))) {
      this.readNumber();
      return;
    }
    if (c === 34 || c === 39) {
      this.readString(c);
      return;
    }
    if (c === 91) {
      const lvl = this.longBracketLevel();
      if (lvl >= 0) {
        const v = this.readLong(lvl, false);
        this.ty = 'str';
        this.value = v;
        this.raw = s.slice(start, this.pos);
        return;
      }
      if (lvl === -2) this.error('invalid long string delimiter', s.slice(start, this.pos));
      this.pos++;
      this.ty = this.raw = '[';
      return;
    }
    const two = s.slice(this.pos, this.pos + 2);
    if (two === '==' || two === '~=' || two === '<=' || two === '>=' || two === '..') {
      if (two === '..' && s.charCodeAt(this.pos + 2) === 46) {
        this.pos += 3;
        this.ty = this.raw = '...';
        return;
      }
      this.pos += 2;
      this.ty = this.raw = two;
      return;
    }
    const one = s[this.pos]!;
    if ('+-*/%^#<>=(){}];:,.'.includes(one)) {
      this.pos++;
      this.ty = this.raw = one;
      return;
    }
    this.pos++;
    this.ty = this.raw = one;
  }

  /** At '[': the level of a long bracket "[==[", -1 when not one, -2 when malformed. */
  private longBracketLevel(): number {
    const s = this.src;
    let p = this.pos + 1;
    let lvl = 0;
    while (s.charCodeAt(p) === 61) {
      lvl++;
      p++;
    }
    if (s.charCodeAt(p) === 91) return lvl;
    return lvl === 0 ? -1 : -2;
  }

  private readLong(lvl: number, comment: boolean): string {
    const s = this.src;
    const startLine = this.line;
    this.pos += lvl + 2;
    // A newline right after the opening bracket is skipped.
    if (s.charCodeAt(this.pos) === 13 || s.charCodeAt(this.pos) === 10) {
      const c = s.charCodeAt(this.pos++);
      const d = s.charCodeAt(this.pos);
      if ((d === 10 || d === 13) && d !== c) this.pos++;
      this.line++;
    }
    let out = '';
    let from = this.pos;
    for (;;) {
      if (this.pos >= s.length) {
        this.error(comment ? 'unfinished long comment' : 'unfinished long string', '<eof>');
      }
      const c = s.charCodeAt(this.pos);
      if (c === 93) {
        let p = this.pos + 1;
        let l = 0;
        while (s.charCodeAt(p) === 61) {
          l++;
          p++;
        }
        if (l === lvl && s.charCodeAt(p) === 93) {
          out += s.slice(from, this.pos);
          this.pos = p + 1;
          void startLine;
          return out;
        }
        this.pos++;
      } else if (c === 10 || c === 13) {
        out += s.slice(from, this.pos) + '\n';
        this.pos++;
        const d = s.charCodeAt(this.pos);
        if ((d === 10 || d === 13) && d !== c) this.pos++;
        this.line++;
        from = this.pos;
      } else this.pos++;
    }
  }

  private readNumber(): void {
    const s = this.src;
    const start = this.pos;
    let p = this.pos;
    // Lua 5.1's read_numeral: digits, '.', exponent with sign, then alnum/_ chars.
    while (p < s.length) {
      const d = s.charCodeAt(p);
      if (isDigit(d) || d === 46) p++;
      else if ((d === 69 || d === 101) && (s.charCodeAt(p + 1) === 43 || s.charCodeAt(p + 1) === 45)) p += 2;
      else if ((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || d === 95) p++;
      else break;
    }
    const text = s.slice(start, p);
    this.pos = p;
    let v: number | undefined;
    if (/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) v = Number(text);
    else if (/^0[xX][0-9a-fA-F]+$/.test(text)) v = parseInt(text.slice(2), 16);
    if (v === undefined) this.error('malformed number', text);
    this.ty = 'num';
    this.value = v;
    this.raw = text;
  }

  private readString(q: number): void {
    const s = this.src;
    const start = this.pos;
    this.pos++;
    let out = '';
    let from = this.pos;
    for (;;) {
      if (this.pos >= s.length) this.error('unfinished string', s.slice(start, this.pos));
      const c = s.charCodeAt(this.pos);
      if (c === q) break;
      if (c === 10 || c === 13) this.error('unfinished string', s.slice(start, this.pos));
      if (c === 92) {
        out += s.slice(from, this.pos);
        this.pos++;
        const e = s.charCodeAt(this.pos);
        switch (e) {
          case 110: out += '\n'; this.pos++; break;
          case 116: out += '\t'; this.pos++; break;
          case 114: out += '\r'; this.pos++; break;
          case 97: out += '\x07'; this.pos++; break;
          case 98: out += '\b'; this.pos++; break;
          case 102: out += '\f'; this.pos++; break;
          case 118: out += '\v'; this.pos++; break;
          case 10: case 13: {
            out += '\n';
            this.pos++;
            const d = s.charCodeAt(this.pos);
            if ((d === 10 || d === 13) && d !== e) this.pos++;
            this.line++;
            break;
          }
          default:
            if (isDigit(e)) {
              let v = 0;
              let i = 0;
              while (i < 3 && isDigit(s.charCodeAt(this.pos))) {
                v = v * 10 + s.charCodeAt(this.pos) - 48;
                this.pos++;
                i++;
              }
              if (v > 255) this.error('escape sequence too large', s.slice(start, this.pos));
              out += String.fromCharCode(v);
            } else if (Number.isNaN(e)) {
              this.error('unfinished string', s.slice(start, this.pos));
            } else {
              out += s[this.pos];
              this.pos++;
            }
        }
        from = this.pos;
        continue;
      }
      this.pos++;
    }
    out += s.slice(from, this.pos);
    this.pos++;
    this.ty = 'str';
    this.value = out;
    this.raw = s.slice(start, this.pos);
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

class FuncState {
  /** Active locals, innermost last. */
  actives: Decl[] = [];
  nslots = 0;
  upvals: UpvalDesc[] = [];
  blockStarts: number[] = [];
  loopDepth = 0;
  /** The main chunk is vararg; functions are when declared with '...'. */
  vararg = true;
  constructor(readonly parent: FuncState | null) {}

  declare(name: string): Decl {
    const d: Decl = { name, slot: this.nslots++, captured: false };
    return d;
  }
}

export class Parser {
  private readonly lx: Lexer;
  private fs: FuncState;

  constructor(src: string, readonly chunk: string) {
    this.lx = new Lexer(src, chunk);
    this.fs = new FuncState(null);
  }

  /** Parse a whole chunk: a vararg function of no parameters. */
  parseChunk(): Proto {
    const lx = this.lx;
    // Skip a first line starting with '#' (shebang), as luaL_loadbuffer's caller does not;
    // Redis strips "#!" lines itself, so this only matters for stray '#'.
    lx.next();
    const body = this.block();
    if (lx.tk() !== 'eof') this.errorExpected("'<eof>'");
    return { params: [], isVararg: true, nslots: this.fs.nslots, upvals: [], body, name: 'main chunk', line: 0 };
  }

  private errorNear(msg: string): never {
    this.lx.error(msg, this.lx.raw, this.lx.tokLine);
  }

  private errorExpected(what: string): never {
    this.errorNear(`${what} expected`);
  }

  private check(t: string): void {
    if (this.lx.tk() !== t) this.errorExpected(`'${t}'`);
  }

  private checkNext(t: string): void {
    this.check(t);
    this.lx.next();
  }

  private checkMatch(what: string, who: string, line: number): void {
    if (this.lx.tk() !== what) {
      if (line === this.lx.tokLine) this.errorExpected(`'${what}'`);
      this.errorNear(`'${what}' expected (to close '${who}' at line ${line})`);
    }
    this.lx.next();
  }

  private name(): string {
    if (this.lx.tk() !== 'name') this.errorExpected('<name>');
    const v = this.lx.value as string;
    this.lx.next();
    return v;
  }

  private blockFollow(): boolean {
    const t = this.lx.tk();
    return t === 'else' || t === 'elseif' || t === 'end' || t === 'until' || t === 'eof';
  }

  private block(): Stat[] {
    const fs = this.fs;
    const mark = fs.actives.length;
    const out = this.statList();
    fs.actives.length = mark;
    return out;
  }

  private statList(): Stat[] {
    const out: Stat[] = [];
    while (!this.blockFollow()) {
      if (this.lx.tk() === 'return') {
        out.push(this.retStat());
        break;
      }
      if (this.lx.tk() === 'break') {
        const line = this.lx.tokLine;
        this.lx.next();
        if (this.fs.loopDepth === 0) this.lx.error('no loop to break', this.lx.raw, line);
        out.push({ k: 'break', line });
        if (this.lx.tk() === ';') this.lx.next();
        break;
      }
      const s = this.statement();
      if (s !== null) out.push(s);
      if (this.lx.tk() === ';') this.lx.next();
    }
    return out;
  }

  private retStat(): Stat {
    const line = this.lx.tokLine;
    this.lx.next();
    let exprs: Expr[] = [];
    if (!this.blockFollow() && this.lx.tk() !== ';') exprs = this.exprList();
    if (this.lx.tk() === ';') this.lx.next();
    if (!this.blockFollow()) this.errorExpected("'end'");
    return { k: 'return', exprs, line };
  }

  private statement(): Stat | null {
    const lx = this.lx;
    const line = lx.tokLine;
    switch (lx.tk()) {
      case 'if': return this.ifStat(line);
      case 'while': {
        lx.next();
        const cond = this.expr();
        this.checkNext('do');
        this.fs.loopDepth++;
        const body = this.block();
        this.fs.loopDepth--;
        this.checkMatch('end', 'while', line);
        return { k: 'while', cond, body, line };
      }
      case 'do': {
        lx.next();
        const body = this.block();
        this.checkMatch('end', 'do', line);
        return { k: 'do', body };
      }
      case 'for': return this.forStat(line);
      case 'repeat': {
        lx.next();
        const fs = this.fs;
        const mark = fs.actives.length;
        fs.loopDepth++;
        const body = this.statList();
        fs.loopDepth--;
        this.checkMatch('until', 'repeat', line);
        const cond = this.expr();
        fs.actives.length = mark;
        return { k: 'repeat', body, cond, line };
      }
      case 'function': {
        lx.next();
        // funcname: Name {'.' Name} [':' Name]
        let target: Expr = this.singleVar(this.name());
        let isMethod = false;
        let fname = '';
        while (lx.tk() === '.') {
          lx.next();
          fname = this.name();
          target = { k: 'index', o: target, key: { k: 'str', v: fname }, line };
        }
        if (lx.tk() === ':') {
          lx.next();
          fname = this.name();
          target = { k: 'index', o: target, key: { k: 'str', v: fname }, line };
          isMethod = true;
        }
        const p = this.funcBody(isMethod, line);
        return { k: 'assign', targets: [target], exprs: [{ k: 'func', p }], line };
      }
      case 'local': {
        lx.next();
        if (lx.tk() === 'function') {
          lx.next();
          const name = this.name();
          const d = this.fs.declare(name);
          this.fs.actives.push(d);
          const f = this.funcBody(false, line);
          f.name = name;
          return { k: 'localfunc', d, f, line };
        }
        const names: string[] = [];
        do {
          names.push(this.name());
        } while (lx.tk() === ',' && (lx.next(), true));
        let exprs: Expr[] = [];
        if (lx.tk() === '=') {
          lx.next();
          exprs = this.exprList();
        }
        // The new locals are visible only after the statement.
        const decls = names.map((n) => this.fs.declare(n));
        for (const d of decls) this.fs.actives.push(d);
        return { k: 'local', decls, exprs, line };
      }
      default: return this.exprStat(line);
    }
  }

  private ifStat(line: number): Stat {
    const lx = this.lx;
    const conds: Expr[] = [];
    const blocks: Stat[][] = [];
    let els: Stat[] | null = null;
    lx.next();
    conds.push(this.expr());
    this.checkNext('then');
    blocks.push(this.block());
    while (lx.tk() === 'elseif') {
      lx.next();
      conds.push(this.expr());
      this.checkNext('then');
      blocks.push(this.block());
    }
    if (lx.tk() === 'else') {
      lx.next();
      els = this.block();
    }
    this.checkMatch('end', 'if', line);
    return { k: 'if', conds, blocks, els, line };
  }

  private forStat(line: number): Stat {
    const lx = this.lx;
    const fs = this.fs;
    lx.next();
    const n1 = this.name();
    if (lx.tk() === '=') {
      lx.next();
      const start = this.expr();
      this.checkNext(',');
      const limit = this.expr();
      let step: Expr | null = null;
      if (lx.tk() === ',') {
        lx.next();
        step = this.expr();
      }
      this.checkNext('do');
      const mark = fs.actives.length;
      const v = fs.declare(n1);
      fs.actives.push(v);
      fs.loopDepth++;
      const body = this.block();
      fs.loopDepth--;
      fs.actives.length = mark;
      this.checkMatch('end', 'for', line);
      return { k: 'numfor', v, start, limit, step, body, line };
    }
    if (lx.tk() === ',' || lx.tk() === 'in') {
      const names = [n1];
      while (lx.tk() === ',') {
        lx.next();
        names.push(this.name());
      }
      this.checkNext('in');
      const exprs = this.exprList();
      this.checkNext('do');
      const mark = fs.actives.length;
      const hidden = fs.nslots;
      fs.nslots += 3; // generator, state, control
      const vars = names.map((n) => fs.declare(n));
      for (const d of vars) fs.actives.push(d);
      fs.loopDepth++;
      const body = this.block();
      fs.loopDepth--;
      fs.actives.length = mark;
      this.checkMatch('end', 'for', line);
      return { k: 'genfor', vars, exprs, body, line, hidden };
    }
    this.errorExpected("'=' or 'in'");
  }

  private exprStat(line: number): Stat {
    const lx = this.lx;
    const e = this.suffixedExpr();
    if (e.k === 'call' || e.k === 'method') return { k: 'call', e, line };
    // An assignment (Lua 5.1's exprstat/assignment).
    const targets: Expr[] = [e];
    for (;;) {
      const t = targets[targets.length - 1]!;
      if (t.k !== 'local' && t.k !== 'upval' && t.k !== 'global' && t.k !== 'index') this.errorNear('syntax error');
      if (lx.tk() !== ',') break;
      lx.next();
      targets.push(this.suffixedExpr());
    }
    this.checkNext('=');
    const exprs = this.exprList();
    return { k: 'assign', targets, exprs, line };
  }

  private funcBody(isMethod: boolean, line: number): Proto {
    const lx = this.lx;
    const fs = new FuncState(this.fs);
    this.fs = fs;
    const params: Decl[] = [];
    if (isMethod) {
      const d = fs.declare('self');
      params.push(d);
      fs.actives.push(d);
    }
    this.checkNext('(');
    let isVararg = false;
    if (lx.tk() !== ')') {
      do {
        if (lx.tk() === 'name') {
          const d = fs.declare(this.name());
          params.push(d);
          fs.actives.push(d);
        } else if (lx.tk() === '...') {
          lx.next();
          isVararg = true;
          break;
        } else this.errorExpected('<name>');
      } while (lx.tk() === ',' && (lx.next(), true));
    }
    this.checkNext(')');
    fs.vararg = isVararg;
    const body = this.block();
    this.checkMatch('end', 'function', line);
    this.fs = fs.parent!;
    return { params, isVararg, nslots: fs.nslots, upvals: fs.upvals, body, name: '?', line };
  }

  private exprList(): Expr[] {
    const out = [this.expr()];
    while (this.lx.tk() === ',') {
      this.lx.next();
      out.push(this.expr());
    }
    return out;
  }

  private singleVar(name: string, line = this.lx.tokLine): Expr {
    const r = resolve(this.fs, name);
    if (r === null) return { k: 'global', name, line };
    if (typeof r === 'number') return { k: 'upval', i: r, name };
    return { k: 'local', d: r };
  }

  private primaryExpr(): Expr {
    const lx = this.lx;
    if (lx.tk() === 'name') {
      const line = lx.tokLine;
      return this.singleVar(this.name(), line);
    }
    if (lx.tk() === '(') {
      const line = lx.tokLine;
      lx.next();
      const e = this.expr();
      this.checkMatch(')', '(', line);
      return { k: 'paren', e };
    }
    this.errorNear('unexpected symbol');
  }

  private suffixedExpr(): Expr {
    const lx = this.lx;
    let e = this.primaryExpr();
    for (;;) {
      const line = lx.tokLine;
      switch (lx.tk()) {
        case '.': {
          lx.next();
          const n = this.name();
          e = { k: 'index', o: e, key: { k: 'str', v: n }, line };
          break;
        }
        case '[': {
          lx.next();
          const key = this.expr();
          this.checkNext(']');
          e = { k: 'index', o: e, key, line };
          break;
        }
        case ':': {
          lx.next();
          const n = this.name();
          const args = this.callArgs();
          e = { k: 'method', o: e, name: n, args, line };
          break;
        }
        case '(': case 'str': case '{': {
          const args = this.callArgs();
          e = { k: 'call', f: e, args, line };
          break;
        }
        default: return e;
      }
    }
  }

  private callArgs(): Expr[] {
    const lx = this.lx;
    if (lx.tk() === 'str') {
      const v = lx.value as string;
      lx.next();
      return [{ k: 'str', v }];
    }
    if (lx.tk() === '{') return [this.tableCons()];
    if (lx.tk() !== '(') this.errorExpected('function arguments');
    const line = lx.tokLine;
    lx.next();
    if (lx.tk() === ')') {
      lx.next();
      return [];
    }
    const args = this.exprList();
    this.checkMatch(')', '(', line);
    return args;
  }

  private tableCons(): Expr {
    const lx = this.lx;
    const line = lx.tokLine;
    this.checkNext('{');
    const items: TableItem[] = [];
    while (lx.tk() !== '}') {
      if (lx.tk() === 'name' && this.lx.peek() === '=') {
        const n = this.name();
        lx.next();
        items.push({ key: { k: 'str', v: n }, value: this.expr() });
      } else if (lx.tk() === '[') {
        lx.next();
        const key = this.expr();
        this.checkNext(']');
        this.checkNext('=');
        items.push({ key, value: this.expr() });
      } else {
        items.push({ key: null, value: this.expr() });
      }
      if (lx.tk() === ',' || lx.tk() === ';') lx.next();
      else break;
    }
    this.checkMatch('}', '{', line);
    return { k: 'table', items, line };
  }

  private simpleExpr(): Expr {
    const lx = this.lx;
    switch (lx.tk()) {
      case 'num': {
        const v = lx.value as number;
        lx.next();
        return { k: 'num', v };
      }
      case 'str': {
        const v = lx.value as string;
        lx.next();
        return { k: 'str', v };
      }
      case 'nil': lx.next(); return { k: 'nil' };
      case 'true': lx.next(); return { k: 'true' };
      case 'false': lx.next(); return { k: 'false' };
      case '...': {
        if (!this.fsIsVararg()) this.errorNear("cannot use '...' outside a vararg function");
        lx.next();
        return { k: 'vararg' };
      }
      case '{': return this.tableCons();
      case 'function': {
        const line = lx.tokLine;
        lx.next();
        return { k: 'func', p: this.funcBody(false, line) };
      }
      default: return this.suffixedExpr();
    }
  }

  private fsIsVararg(): boolean {
    return this.fs.vararg;
  }

  private expr(limit = 0): Expr {
    const lx = this.lx;
    let left: Expr;
    const t = lx.tk();
    if (t === 'not' || t === '-' || t === '#') {
      const line = lx.tokLine;
      lx.next();
      const a = this.expr(8); // UNARY_PRIORITY
      if (t === 'not') left = { k: 'not', a };
      else if (t === '-') left = a.k === 'num' ? { k: 'num', v: -a.v } : { k: 'neg', a, line };
      else left = { k: 'len', a, line };
    } else left = this.simpleExpr();
    for (;;) {
      const op = lx.tk();
      const pr = BINARY[op];
      if (pr === undefined || pr[0] <= limit) break;
      const line = lx.tokLine;
      lx.next();
      const right = this.expr(pr[1]);
      if (op === 'and') left = { k: 'and', a: left, b: right };
      else if (op === 'or') left = { k: 'or', a: left, b: right };
      else left = { k: 'bin', op, a: left, b: right, line };
    }
    return left;
  }
}

// [left priority, right priority] as Lua 5.1's lparser.c.
const BINARY: Record<string, [number, number]> = {
  '+': [6, 6], '-': [6, 6], '*': [7, 7], '/': [7, 7], '%': [7, 7],
  '^': [10, 9], '..': [5, 4],
  '==': [3, 3], '~=': [3, 3], '<': [3, 3], '<=': [3, 3], '>': [3, 3], '>=': [3, 3],
  'and': [2, 2], 'or': [1, 1],
};

/** Resolve a name: a Decl (local), an upvalue index, or null (global). */
function resolve(fs: FuncState, name: string): Decl | number | null {
  for (let i = fs.actives.length - 1; i >= 0; i--) {
    const d = fs.actives[i]!;
    if (d.name === name) return d;
  }
  for (let i = 0; i < fs.upvals.length; i++) if (fs.upvals[i]!.name === name) return i;
  if (fs.parent === null) return null;
  const r = resolve(fs.parent, name);
  if (r === null) return null;
  if (typeof r === 'number') fs.upvals.push({ name, fromLocal: false, index: r });
  else {
    r.captured = true;
    fs.upvals.push({ name, fromLocal: true, index: r.slot });
  }
  return fs.upvals.length - 1;
}

export function parse(src: string, chunk: string): Proto {
  return new Parser(src, chunk).parseChunk();
}
