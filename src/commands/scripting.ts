// Scripting group: EVAL / EVALSHA / EVAL_RO / EVALSHA_RO and SCRIPT, on tsredis's own
// Lua 5.1 interpreter (src/lua). One Lua environment per server, with Redis 7.0's
// protections (read-only globals and libraries, errors on undeclared globals), the
// redis.* API, and the Lua <-> RESP conversions of Redis's script_lua.c.
//
// Commands called from a script run through Server.call on a fake client (command
// table flags, arity, WRONGTYPE all apply); its reply bytes are parsed back into Lua
// values, as Redis does. The writes a script makes are collected and propagated wrapped
// in MULTI/EXEC when there are several (effects replication).

import { scriptAclError, aclAllows } from '../server/acl.js';
import { createHash } from 'node:crypto';
import type { CommandDef, CommandSpec } from './spec.js';
import type { Client } from '../server/client.js';
import type { Server } from '../server/server.js';
import { ReplyError } from '../util/errors.js';
import { stringMatch } from '../util/glob.js';
import { formatG, string2ll } from '../util/numbers.js';
import { OOM_ERROR } from '../store/evict.js';
import { RdbReader, RdbWriter, finishPayload, verifyPayload, writeRdbString } from '../persistence/rdb/dump.js';
import { EMPTY, LuaError, LuaFunction, LuaTable, numberToString, type LuaValue } from '../lua/value.js';
import { compileChunk, pcall, state, tostring, rtError, rawError } from '../lua/interp.js';
import { fn, lib, installBase, makeMathLib, makeStringLib, makeTableLib, Rand48 } from '../lua/stdlib.js';
import { makeBitLib, makeCjsonLib, makeCmsgpackLib, makeStructLib } from '../lua/libs.js';

const REDIS_VERSION = '7.0.15';
const REDIS_VERSION_NUM = (7 << 16) | (0 << 8) | 15;

const SCRIPT_FLAG_NO_WRITES = 1 << 0;
const SCRIPT_FLAG_ALLOW_OOM = 1 << 1;
const SCRIPT_FLAG_ALLOW_STALE = 1 << 2;
const SCRIPT_FLAG_NO_CLUSTER = 1 << 3;
const SCRIPT_FLAG_EVAL_COMPAT = 1 << 4;
const SCRIPT_FLAG_ALLOW_CROSS_SLOT = 1 << 5;

interface RegisteredFunction {
  name: string;
  fn: LuaFunction;
  flags: number;
  flagNames: string[];
  description: string | null;
  lib: FunctionLibrary;
}

interface FunctionLibrary {
  name: string;
  code: string;
  functions: Map<string, RegisteredFunction>;
}

const FLAG_BITS: Record<string, number> = {
  'no-writes': 1 << 0,
  'allow-oom': 1 << 1,
  'allow-stale': 1 << 2,
  'no-cluster': 1 << 3,
  'allow-cross-slot-keys': 1 << 5,
};

function validName(s: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(s);
}

interface CachedScript {
  body: string;
  fn: LuaFunction;
  flags: number;
}

/** Make a Redis error table {err = "CODE msg"} as luaPushErrorBuff does. */
function errTable(message: string): LuaTable {
  let code = 'ERR';
  let msg = message;
  if (message.startsWith('-')) {
    const sp = message.indexOf(' ');
    if (sp === -1) msg = message.slice(1);
    else {
      code = message.slice(1, sp);
      msg = message.slice(sp + 1);
    }
  }
  msg = msg.replace(/^[\r\n]+|[\r\n]+$/g, '');
  const t = new LuaTable();
  t.set('err', `${code} ${msg}`);
  return t;
}

/** Raise a redis-lib error: a table error value positioned at the current line. */
function raiseTable(t: LuaTable): never {
  const e = new LuaError(t, state.line);
  e.positioned = true;
  throw e;
}

/** Thrown by the busy-script guard; not a Lua error, so pcall cannot catch it. */
class ScriptKilled extends Error {}

class RespReader {
  pos = 0;
  constructor(readonly b: Buffer, readonly end: number) {}

  line(): string {
    const b = this.b;
    let p = this.pos;
    while (b[p] !== 13) p++;
    const s = b.toString('latin1', this.pos, p);
    this.pos = p + 2;
    return s;
  }

  /** One reply as a Lua value; errors become {err=...} tables (raised by the caller). */
  read(): LuaValue {
    const t = this.b[this.pos++];
    switch (t) {
      case 43: { // +
        const tb = new LuaTable();
        tb.set('ok', this.line());
        return tb;
      }
      case 45: { // -
        const tb = new LuaTable();
        tb.set('err', this.line());
        return tb;
      }
      case 58: return Number(this.line()); // :
      case 36: { // $
        const n = parseInt(this.line(), 10);
        if (n < 0) return false;
        const s = this.b.toString('latin1', this.pos, this.pos + n);
        this.pos += n + 2;
        return s;
      }
      case 42: case 126: case 62: { // * ~ >
        const n = parseInt(this.line(), 10);
        if (n < 0) return false;
        const arr = new LuaTable();
        if (t === 126) {
          const set = new LuaTable();
          for (let i = 0; i < n; i++) set.set(this.read(), true);
          arr.set('set', set);
          return arr;
        }
        const a = new Array<LuaValue>(n);
        for (let i = 0; i < n; i++) a[i] = this.read();
        for (let i = 0; i < n; i++) arr.set(i + 1, a[i]);
        return arr;
      }
      case 37: { // %
        const n = parseInt(this.line(), 10);
        const map = new LuaTable();
        for (let i = 0; i < n; i++) {
          const k = this.read();
          const v = this.read();
          if (k !== undefined) map.set(k, v);
        }
        const tb = new LuaTable();
        tb.set('map', map);
        return tb;
      }
      case 95: this.line(); return undefined; // _
      case 35: return this.line() === 't'; // #
      case 44: { // ,
        const tb = new LuaTable();
        const s = this.line();
        tb.set('double', s === 'inf' ? Infinity : s === '-inf' ? -Infinity : s === 'nan' ? NaN : Number(s));
        return tb;
      }
      case 40: { // (
        const tb = new LuaTable();
        tb.set('big_number', this.line());
        return tb;
      }
      case 61: { // =
        const n = parseInt(this.line(), 10);
        const s = this.b.toString('latin1', this.pos, this.pos + n);
        this.pos += n + 2;
        const v = new LuaTable();
        v.set('format', s.slice(0, 3));
        v.set('string', s.slice(4));
        const tb = new LuaTable();
        tb.set('verbatim_string', v);
        return tb;
      }
      default:
        return undefined;
    }
  }
}

export class ScriptEngine {
  readonly G = new LuaTable();
  readonly scripts = new Map<string, CachedScript>();
  readonly fake: Client;
  /** The client running a script (null when idle). */
  caller: Client | null = null;
  scriptFlags = 0;
  /** Resp version set by redis.setresp() for the running script. */
  resp: 2 | 3 = 2;
  scriptsMemory = 0;
  /** redis.set_repl(): false after REPL_NONE (the script's next writes are not propagated). */
  replicate = true;
  /** Error tables of replies already counted in errorstats (Redis's ignore_err_stats_update). */
  readonly countedErrors = new WeakSet<LuaTable>();
  /** Memory was over maxmemory (and could not be freed) when the script started. */
  oom = false;
  /** Stats of the running EVAL or FCALL command (failed_calls of uncounted error replies). */
  cmdStats: { failedCalls: number } | null = null;
  readonly rand = new Rand48();
  readonly stringMeta: LuaTable;
  /** FUNCTION libraries by name, and every registered function by name. */
  readonly libraries = new Map<string, FunctionLibrary>();
  readonly functions = new Map<string, RegisteredFunction>();
  /** Globals of the functions' Lua environment (created on first FUNCTION LOAD). */
  private FG: LuaTable | null = null;
  private runtimeRedis: LuaTable | null = null;
  private loadRedis: LuaTable | null = null;
  /** The library whose code is being loaded (redis.register_function target). */
  private loading: FunctionLibrary | null = null;
  private libs: Record<string, LuaTable> = {};

  constructor(readonly server: Server) {
    this.fake = server.createFakeClient();
    this.fake.denyBlocking = true;
    const G = this.G;
    installBase(G, G);
    const stringLib = makeStringLib();
    const meta = new LuaTable();
    meta.set('__index', stringLib);
    this.stringMeta = meta;
    const libs: Record<string, LuaTable> = {
      string: stringLib,
      table: makeTableLib(),
      math: makeMathLib(this.rand),
      bit: makeBitLib(),
      cjson: makeCjsonLib(),
      cmsgpack: makeCmsgpackLib(),
      struct: makeStructLib(),
      coroutine: lib({}),
      redis: this.makeRedisLib(),
    };
    for (const [k, v] of Object.entries(libs)) {
      G.set(k, v);
      v.readonly = true;
    }
    this.libs = libs;
    this.protect(G);
  }

  /** Redis 7.0's pcall, the strict globals metatable, and read-only globals. */
  private protect(G: LuaTable): void {
    // Redis 7.0's pcall: a caught {err=...} table is returned as its message string.
    G.set('pcall', fn('pcall', (a) => {
      if (a.length < 1) rtError("bad argument #1 to 'pcall' (value expected)");
      const r = pcall(a[0], a.slice(1));
      if (r[0] === false) {
        const e = r[1];
        if (e instanceof LuaTable) {
          const m = e.getStr('err');
          if (typeof m === 'string' || typeof m === 'number') r[1] = m;
        }
      }
      return r;
    }));
    G.set('__redis__err__handler', fn('__redis__err__handler', (a) => [a[0]]));
    const gmeta = new LuaTable();
    gmeta.set('__index', fn('__index', (a) => {
      rtError(`Script attempted to access nonexistent global variable '${tostring(a[1])}'`);
    }));
    G.mt = gmeta;
    G.readonly = true;
  }

  // ------------------------------------------------------------ functions

  private functionsEnv(): LuaTable {
    if (this.FG !== null) return this.FG;
    const FG = new LuaTable();
    installBase(FG, FG);
    for (const [k, v] of Object.entries(this.libs)) if (k !== 'redis') FG.set(k, v);
    this.runtimeRedis = this.libs.redis!;
    const engine = this;
    const loadRedis = lib({
      register_function: fn('register_function', (a) => {
        engine.registerFunction(a);
        return EMPTY;
      }),
      log: this.libs.redis!.getStr('log'),
      REDIS_VERSION,
      REDIS_VERSION_NUM,
      LOG_DEBUG: 0,
      LOG_VERBOSE: 1,
      LOG_NOTICE: 2,
      LOG_WARNING: 3,
    });
    const strict = new LuaTable();
    strict.set('__index', fn('__index', (a) => {
      rtError(`Script attempted to access nonexistent global variable '${tostring(a[1])}'`);
    }));
    loadRedis.mt = strict;
    loadRedis.readonly = true;
    this.loadRedis = loadRedis;
    FG.set('redis', this.runtimeRedis);
    this.protect(FG);
    this.FG = FG;
    return FG;
  }

  private registerFunction(a: LuaValue[]): void {
    const lib = this.loading;
    if (lib === null) raiseTable(errTable('redis.register_function can only be called on FUNCTION LOAD command'));
    let name: LuaValue;
    let callback: LuaValue;
    let flagsT: LuaValue;
    let desc: LuaValue;
    if (a.length === 1 && a[0] instanceof LuaTable) {
      const t = a[0];
      for (let k: [LuaValue, LuaValue] | undefined = t.next(undefined); k !== undefined; k = t.next(k[0])) {
        const key = k[0];
        if (key === 'function_name') name = k[1];
        else if (key === 'callback') callback = k[1];
        else if (key === 'flags') flagsT = k[1];
        else if (key === 'description') desc = k[1];
        else raiseTable(errTable('unknown argument given to redis.register_function'));
      }
      if (name === undefined) raiseTable(errTable('redis.register_function must get a function name argument'));
      if (callback === undefined) raiseTable(errTable('redis.register_function must get a callback argument'));
    } else if (a.length === 2) {
      name = a[0];
      callback = a[1];
      if (!(callback instanceof LuaFunction)) raiseTable(errTable('second argument to redis.register_function must be a function'));
    } else raiseTable(errTable('wrong number of arguments to redis.register_function'));
    if (typeof name !== 'string') raiseTable(errTable('function_name argument given to redis.register_function must be a string'));
    if (!(callback instanceof LuaFunction)) raiseTable(errTable('callback argument given to redis.register_function must be a function'));
    if (desc !== undefined && typeof desc !== 'string') raiseTable(errTable('description argument given to redis.register_function must be a string'));
    let flags = 0;
    const flagNames: string[] = [];
    if (flagsT !== undefined) {
      if (!(flagsT instanceof LuaTable)) raiseTable(errTable('flags argument to redis.register_function must be a table representing function flags'));
      for (let i = 1; flagsT.get(i) !== undefined; i++) {
        const f = flagsT.get(i);
        const bit = typeof f === 'string' ? FLAG_BITS[f] : undefined;
        if (bit === undefined) raiseTable(errTable('unknown flag given'));
        flags |= bit;
        flagNames.push(f as string);
      }
    }
    if (!validName(name)) raiseTable(errTable('Library names can only contain letters, numbers, or underscores(_) and must be at least one character long'));
    if (lib.functions.has(name)) raiseTable(errTable('Function already exists in the library'));
    lib.functions.set(name, { name, fn: callback, flags, flagNames, description: typeof desc === 'string' ? desc : null, lib });
  }

  /** FUNCTION LOAD: returns the library name. */
  loadLibrary(code: string, replace: boolean, restoring = false): string {
    if (!code.startsWith('#!')) throw new ReplyError('ERR Missing library metadata');
    const nl = code.indexOf('\n');
    const first = nl === -1 ? code.slice(2) : code.slice(2, nl);
    const parts = first.split(' ').filter((p) => p.length > 0);
    const engineName = parts[0] ?? '';
    if (engineName.toLowerCase() !== 'lua') throw new ReplyError(`ERR Engine '${engineName}' not found`);
    let name: string | null = null;
    for (let i = 1; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.startsWith('name=')) name = p.slice(5);
      else throw new ReplyError(`ERR Invalid metadata value given: ${p}`);
    }
    if (name === null) throw new ReplyError('ERR Library name was not given');
    if (!validName(name)) throw new ReplyError('ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long');
    const old = this.libraries.get(name);
    if (old !== undefined && !replace) throw new ReplyError(restoring ? `ERR Library ${name} already exists` : `ERR Library '${name}' already exists`);
    const FG = this.functionsEnv();
    let chunk: LuaFunction;
    try {
      chunk = compileChunk(nl === -1 ? '' : code.slice(nl), 'user_function', FG, 'library');
    } catch (e) {
      if (e instanceof LuaError) throw new ReplyError(`ERR Error compiling function: ${tostring(e.value)}`);
      throw e;
    }
    const lib: FunctionLibrary = { name, code, functions: new Map() };
    this.loading = lib;
    FG.set('redis', this.loadRedis!);
    state.depth = 0;
    state.line = 0;
    state.nativeCaller = false;
    state.chunk = 'user_function';
    state.stringMeta = this.stringMeta;
    try {
      chunk.call(EMPTY);
    } catch (e) {
      let v: LuaValue;
      if (e instanceof LuaError) v = e.value;
      else if (e instanceof RangeError) v = 'stack overflow';
      else throw e;
      const msg = v instanceof LuaTable ? tostring(v.get('err')) : 'ERR ' + tostring(v);
      throw new ReplyError(oneLine(`ERR Error registering functions: ${msg}`));
    } finally {
      this.loading = null;
      FG.set('redis', this.runtimeRedis!);
      state.depth = 0;
    }
    if (lib.functions.size === 0) throw new ReplyError('ERR No functions registered');
    for (const f of lib.functions.keys()) {
      const other = this.functions.get(f);
      if (other !== undefined && other.lib.name !== name) throw new ReplyError(`ERR Function ${f} already exists`);
    }
    if (old !== undefined) this.deleteLibrary(name);
    this.libraries.set(name, lib);
    for (const f of lib.functions.values()) this.functions.set(f.name, f);
    return name;
  }

  deleteLibrary(name: string): boolean {
    const lib = this.libraries.get(name);
    if (lib === undefined) return false;
    for (const f of lib.functions.keys()) this.functions.delete(f);
    this.libraries.delete(name);
    return true;
  }

  flushFunctions(): void {
    this.libraries.clear();
    this.functions.clear();
  }

  fcall(c: Client, f: RegisteredFunction, keys: string[], args: string[], readonly: boolean): void {
    const keysT = LuaTable.fromArray(keys);
    const argvT = LuaTable.fromArray(args);
    this.invoke(c, f.fn, [keysT, argvT], f.flags | (readonly ? SCRIPT_FLAG_NO_WRITES : 0), f.name, 'user_function');
  }

  private makeRedisLib(): LuaTable {
    const engine = this;
    const t = lib({
      call: fn('call', (a) => [engine.redisCall(a, true)]),
      pcall: fn('pcall', (a) => [engine.redisCall(a, false)]),
      error_reply: fn('error_reply', (a) => {
        if (a.length !== 1 || typeof a[0] !== 'string') raiseTable(errTable('wrong number or type of arguments'));
        const m = a[0];
        return [errTable(m.startsWith('-') ? m : '-' + m)];
      }),
      status_reply: fn('status_reply', (a) => {
        if (a.length !== 1 || typeof a[0] !== 'string') raiseTable(errTable('wrong number or type of arguments'));
        const tb = new LuaTable();
        tb.set('ok', a[0]);
        return [tb];
      }),
      sha1hex: fn('sha1hex', (a) => {
        if (a.length !== 1) rawError('wrong number of arguments');
        const v = a[0];
        const s = typeof v === 'string' ? v : typeof v === 'number' ? numberToString(v) : '';
        return [sha1(s)];
      }),
      log: fn('log', (a) => {
        if (a.length < 2) rawError('redis.log() requires two arguments or more.');
        if (typeof a[0] !== 'number') rawError('First argument must be a number (log level).');
        const level = a[0];
        if (level < 0 || level > 3) rawError('Invalid debug level.');
        let msg = '';
        for (let i = 1; i < a.length; i++) {
          const v = a[i];
          if (typeof v === 'string' || typeof v === 'number') msg += (i > 1 ? ' ' : '') + (typeof v === 'string' ? v : numberToString(v));
        }
        engine.server.log.log(level, msg);
        return EMPTY;
      }),
      setresp: fn('setresp', (a) => {
        if (a.length !== 1) raiseTable(errTable('redis.setresp() requires one argument.'));
        const v = a[0];
        if (v !== 2 && v !== 3) raiseTable(errTable('RESP version must be 2 or 3.'));
        engine.resp = v;
        engine.fake.setResp(v);
        return EMPTY;
      }),
      set_repl: fn('set_repl', (a) => {
        if (a.length !== 1) raiseTable(errTable('redis.set_repl() requires one argument.'));
        const v = a[0];
        if (typeof v !== 'number' || v < 0 || v > 3 || !Number.isInteger(v)) {
          raiseTable(errTable('Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.'));
        }
        // AOF and replicas share one propagation stream here: any target keeps it.
        engine.replicate = v !== 0;
        return EMPTY;
      }),
      replicate_commands: fn('replicate_commands', () => [true]),
      breakpoint: fn('breakpoint', () => [false]),
      debug: fn('debug', () => EMPTY),
      acl_check_cmd: fn('acl_check_cmd', (a) => {
        if (a.length < 1) raiseTable(errTable('Please specify at least one argument for this redis lib call'));
        const argv = a.map((v) => (typeof v === 'string' ? v : typeof v === 'number' ? numberToString(v) : ''));
        const spec = engine.server.table.lookupArgv(argv);
        if (spec === undefined) raiseTable(errTable('Invalid command passed to redis.acl_check_cmd()'));
        const caller = engine.caller;
        return [caller === null || aclAllows(caller, spec, argv)];
      }),
      REDIS_VERSION,
      REDIS_VERSION_NUM,
      LOG_DEBUG: 0,
      LOG_VERBOSE: 1,
      LOG_NOTICE: 2,
      LOG_WARNING: 3,
      REPL_NONE: 0,
      REPL_AOF: 1,
      REPL_SLAVE: 2,
      REPL_REPLICA: 2,
      REPL_ALL: 3,
    });
    return t;
  }

  /** redis.call / redis.pcall. */
  redisCall(a: LuaValue[], raise: boolean): LuaValue {
    // Checks of the Lua layer (no arguments, bad argument types) raise errors that are not
    // counted; the command checks after them reply on the script client like a command
    // error would, so they count in errorstats right away (and not again on the way out).
    const fail = (msg: string, counted = true, spec?: CommandSpec): LuaValue => {
      const t = errTable(msg);
      if (counted) {
        this.server.countError(t.getStr('err') as string);
        this.countedErrors.add(t);
        // Redis's scriptCall error path: incrCommandStatsOnError(cmd, REJECTED) charges
        // the rejection to the inner command and moves the error mark past it, so the
        // script's own command is not failed by it.
        if (spec !== undefined) spec.stats.rejectedCalls++;
        const srv = this.server as unknown as { callErrorMark: number; errorSeq: number };
        srv.callErrorMark = srv.errorSeq;
      }
      if (raise) raiseTable(t);
      return t;
    };
    const n = a.length;
    if (n === 0) return fail('Please specify at least one argument for this redis lib call', false);
    const argv = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const v = a[i];
      if (typeof v === 'string') argv[i] = v;
      // %.17g, not Lua's %.14g: Redis keeps the double's precision.
      else if (typeof v === 'number') argv[i] = Number.isInteger(v) && v < 1e15 && v > -1e15 ? String(v) : formatG(v, 17);
      else return fail('Lua redis lib command arguments must be strings or integers', false);
    }
    const server = this.server;
    let spec = server.table.lookup(argv[0]!);
    if (spec !== undefined && spec.subcommands !== undefined && n >= 2) spec = spec.subcommands.get(argv[1]!.toLowerCase());
    if (spec === undefined) return fail('Unknown Redis command called from script');
    if ((spec.arity > 0 && n !== spec.arity) || n < -spec.arity) return fail('Wrong number of args calling Redis command from script', true, spec);
    if (spec.isNoScript) return fail('This Redis command is not allowed from script', true, spec);
    // Redis's scriptVerifyACL: the script runs with its caller's permissions.
    const caller = this.caller;
    if (caller !== null && caller.aclUser !== null && !caller.aclUser.unrestricted) {
      const denied = scriptAclError(caller, spec, argv);
      if (denied !== null) return fail(denied, true, spec);
    }
    if (spec.isWrite && (this.scriptFlags & SCRIPT_FLAG_NO_WRITES) !== 0) {
      return fail('Write commands are not allowed from read-only scripts.', true, spec);
    }
    if (this.oom && spec.isDenyOom && (this.scriptFlags & SCRIPT_FLAG_ALLOW_OOM) === 0) return fail('-' + OOM_ERROR, true, spec);
    const fake = this.fake;
    const before = fake.reply.len;
    const buf = server.propagationBuffer;
    const opsBefore = buf === null ? 0 : buf.length;
    server.call(fake, spec, argv);
    if (!this.replicate && buf !== null) buf.length = opsBefore;
    const r = new RespReader(fake.reply.buf, fake.reply.len);
    r.pos = before;
    const v = fake.reply.len > before ? r.read() : undefined;
    fake.reply.truncate(before);
    if (v instanceof LuaTable) {
      const err = v.getStr('err');
      if (typeof err === 'string') {
        // The command's own error reply was counted when it ran.
        if (raise) {
          const t = errTable('-' + err);
          this.countedErrors.add(t);
          raiseTable(t);
        }
        this.countedErrors.add(v);
      }
    }
    return v;
  }

  /** Compile (or fetch) a script body; throws ReplyError on syntax errors. */
  load(body: string, sha: string = sha1(body)): CachedScript {
    const hit = this.scripts.get(sha);
    if (hit !== undefined) return hit;
    let src = body;
    let flags = SCRIPT_FLAG_EVAL_COMPAT;
    if (body.startsWith('#!')) {
      const nl = body.indexOf('\n');
      const first = nl === -1 ? body : body.slice(0, nl);
      flags = parseShebang(first);
      src = (nl === -1 ? '' : body.slice(nl));
    }
    let f: LuaFunction;
    try {
      f = compileChunk(src, 'user_script', this.G, `f_${sha}`);
    } catch (e) {
      if (e instanceof LuaError) throw new ReplyError(`ERR Error compiling script (new function): ${tostring(e.value)}`);
      throw e;
    }
    const s: CachedScript = { body, fn: f, flags };
    this.scripts.set(sha, s);
    this.scriptsMemory += body.length;
    return s;
  }

  run(c: Client, script: CachedScript, sha: string, keys: string[], args: string[], readonly: boolean): void {
    const G = this.G;
    const keysT = LuaTable.fromArray(keys);
    const argvT = LuaTable.fromArray(args);
    G.set('KEYS', keysT);
    G.set('ARGV', argvT);
    this.invoke(c, script.fn, EMPTY, script.flags | (readonly ? SCRIPT_FLAG_NO_WRITES : 0), sha, 'user_script');
  }

  /**
   * Run a Lua function as a script on behalf of c (EVAL's chunk or an FCALL'd function):
   * effects propagated as one unit, errors formatted as Redis's luaCallFunction.
   */
  invoke(c: Client, fnv: LuaFunction, callArgs: LuaValue[], flags: number, name: string, chunk: string): void {
    const server = this.server;
    const fake = this.fake;
    fake.selectDb(c.dbIndex);
    fake.setResp(2);
    fake.user = c.user;
    this.resp = 2;
    this.caller = c;
    this.scriptFlags = flags;
    this.replicate = true;
    // The dispatcher has just run an eviction pass for this command: a second one tells
    // whether memory is still over the limit (Redis's pre_command_oom_state).
    this.oom = server.evictor.maxmemory !== 0 && server.evictor.perform() === 2;
    state.depth = 0;
    state.line = 0;
    state.nativeCaller = false;
    state.chunk = chunk;
    // Each server has its own string library table (the metatable is interpreter-wide).
    state.stringMeta = this.stringMeta;
    const outer = server.propagationBuffer;
    const ops: [number, string[]][] = [];
    server.propagationBuffer = ops;
    // Busy scripts: tsredis runs a script synchronously, so other clients cannot be told
    // BUSY nor send SCRIPT KILL while it runs. Instead a script that has not written is
    // stopped once it exceeds busy-reply-threshold (with SCRIPT KILL's error), and any
    // script after ten times that, so a runaway loop cannot hang the server for good.
    const started = Date.now();
    const dirtyAtStart = server.dirty;
    const limit = server.config.num('busy-reply-threshold');
    state.ticks = 0;
    state.hook = limit <= 0 ? null : () => {
      const elapsed = Date.now() - started;
      if (elapsed < limit) return;
      if (server.dirty !== dirtyAtStart && elapsed < limit * 10) return;
      server.log.warning(`Lua slow script detected: ${name} still in execution after ${elapsed} milliseconds; stopping it.`);
      throw new ScriptKilled();
    };
    let result: LuaValue;
    let failed: unknown = null;
    try {
      result = fnv.call(callArgs)[0];
    } catch (e) {
      failed = e;
    } finally {
      server.propagationBuffer = outer;
      this.caller = null;
      state.depth = 0;
      c.propagateArgv = [];
      // Inside EXEC (outer buffer set) the transaction already wraps them.
      if (ops.length === 1 || (outer !== null && ops.length > 0)) {
        for (const [db, argv] of ops) server.propagate(db, argv);
      } else if (ops.length > 1) {
        server.propagate(ops[0]![0], ['MULTI']);
        for (const [db, argv] of ops) server.propagate(db, argv);
        server.propagate(ops[ops.length - 1]![0], ['EXEC']);
      }
    }
    state.hook = null;
    if (failed !== null) {
      let v: LuaValue;
      let line = state.line;
      if (failed instanceof ScriptKilled) {
        c.error(`ERR Script killed by user with SCRIPT KILL... script: ${name}, on @${chunk}:${line}.`);
        return;
      }
      if (failed instanceof LuaError) {
        v = failed.value;
        line = failed.line;
      } else if (failed instanceof RangeError) v = `${chunk}:${line}: stack overflow`;
      else throw failed;
      let msg: string;
      if (v instanceof LuaTable) {
        const err = v.get('err');
        msg = typeof err === 'string' ? err : typeof err === 'number' ? numberToString(err) : '(null)';
      } else msg = 'ERR ' + tostring(v);
      const text = oneLine(`${msg} script: ${name}, on @${chunk}:${line}.`);
      if (v instanceof LuaTable && this.countedErrors.has(v)) this.uncountedError(c, text);
      else c.error(text);
      return;
    }
    this.reply(c, result!, 0);
  }

  /**
   * An error reply already counted in errorstats (ERR_REPLY_FLAG_NO_STATS_UPDATE): the
   * command still counts as failed.
   */
  private uncountedError(c: Client, text: string): void {
    c.reply.error(text);
    if (this.cmdStats !== null) this.cmdStats.failedCalls++;
  }

  /** luaReplyToRedisReply. */
  reply(c: Client, v: LuaValue, depth: number): void {
    const w = c.reply;
    switch (typeof v) {
      case 'string': w.bulk(v); return;
      case 'number': w.int(luaToInt64(v)); return;
      case 'boolean':
        if (this.resp === 2) {
          if (v) w.int(1);
          else w.nullBulk();
        } else w.bool(v);
        return;
      case 'undefined': w.nullBulk(); return;
    }
    if (!(v instanceof LuaTable)) {
      w.nullBulk();
      return;
    }
    if (depth > 1000) {
      c.error('ERR reached lua stack limit');
      return;
    }
    const err = v.getStr('err');
    if (typeof err === 'string') {
      if (this.countedErrors.has(v)) this.uncountedError(c, oneLine(err));
      else c.error(oneLine(err));
      return;
    }
    const ok = v.getStr('ok');
    if (typeof ok === 'string') {
      w.simple(oneLine(ok));
      return;
    }
    const dbl = v.getStr('double');
    if (typeof dbl === 'number') {
      w.double(dbl);
      return;
    }
    const big = v.getStr('big_number');
    if (typeof big === 'string') {
      w.bigNumber(big);
      return;
    }
    const verb = v.getStr('verbatim_string');
    if (verb instanceof LuaTable) {
      const f = verb.getStr('format');
      const s = verb.getStr('string');
      if (typeof f === 'string' && typeof s === 'string') {
        w.verbatim(s, f);
        return;
      }
    }
    const map = v.getStr('map');
    if (map instanceof LuaTable) {
      const entries = tableEntries(map);
      w.mapLen(entries.length);
      for (const [k, val] of entries) {
        this.reply(c, k, depth + 1);
        this.reply(c, val, depth + 1);
      }
      return;
    }
    const set = v.getStr('set');
    if (set instanceof LuaTable) {
      const entries = tableEntries(set);
      w.setLen(entries.length);
      for (const [k] of entries) this.reply(c, k, depth + 1);
      return;
    }
    let n = 0;
    while (v.get(n + 1) !== undefined) n++;
    w.arrayLen(n);
    for (let i = 1; i <= n; i++) this.reply(c, v.get(i), depth + 1);
  }

  flush(): void {
    this.scripts.clear();
    this.scriptsMemory = 0;
  }
}

function tableEntries(t: LuaTable): [LuaValue, LuaValue][] {
  const out: [LuaValue, LuaValue][] = [];
  for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) out.push(e);
  return out;
}

function oneLine(s: string): string {
  return s.indexOf('\r') === -1 && s.indexOf('\n') === -1 ? s : s.replace(/[\r\n]/g, ' ');
}

/** (long long) cast of a Lua number as x86 does it (out of range → INT64_MIN). */
function luaToInt64(n: number): number | bigint {
  if (!Number.isFinite(n) || n >= 9223372036854775808 || n < -9223372036854775808) return -9223372036854775808n;
  const t = Math.trunc(n);
  if (t <= Number.MAX_SAFE_INTEGER && t >= -Number.MAX_SAFE_INTEGER) return t === 0 ? 0 : t;
  return BigInt(t);
}

export function sha1(s: string): string {
  return createHash('sha1').update(Buffer.from(s, 'latin1')).digest('hex');
}

function parseShebang(line: string): number {
  const parts = line.slice(2).split(' ').filter((p) => p.length > 0);
  const engine = parts[0] ?? '';
  if (engine !== 'lua') throw new ReplyError(`ERR Unexpected engine in script shebang: #!${engine}`);
  let flags = 0;
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i]!;
    if (!p.startsWith('flags=')) throw new ReplyError(`ERR Unknown lua shebang option: ${p}`);
    const list = p.slice(6).split(',').filter((x) => x.length > 0);
    for (const f of list) {
      switch (f) {
        case 'no-writes': flags |= SCRIPT_FLAG_NO_WRITES; break;
        case 'allow-oom': flags |= SCRIPT_FLAG_ALLOW_OOM; break;
        case 'allow-stale': flags |= SCRIPT_FLAG_ALLOW_STALE; break;
        case 'no-cluster': flags |= SCRIPT_FLAG_NO_CLUSTER; break;
        case 'allow-cross-slot-keys': flags |= SCRIPT_FLAG_ALLOW_CROSS_SLOT; break;
        default: throw new ReplyError(`ERR Unexpected flag in script shebang: ${f}`);
      }
    }
  }
  return flags;
}

const engines = new WeakMap<Server, ScriptEngine>();

export function scriptEngine(server: Server): ScriptEngine {
  let e = engines.get(server);
  if (e === undefined) {
    e = new ScriptEngine(server);
    engines.set(server, e);
  }
  return e;
}

/** numkeys parsing shared by EVAL* / FCALL*. */
function parseNumKeys(argv: string[]): number {
  const v = string2ll(argv[2]!);
  if (v === null || typeof v === 'bigint') throw new ReplyError('ERR value is not an integer or out of range');
  if (v > argv.length - 3) throw new ReplyError("ERR Number of keys can't be greater than number of args");
  if (v < 0) throw new ReplyError("ERR Number of keys can't be negative");
  return v;
}

/**
 * EVAL/FCALL are skip_monitor for the dispatcher, yet Redis shows them to MONITOR before
 * the commands the script runs (flagged "lua").
 */
function feedMonitors(c: Client, argv: string[]): void {
  const server = c.server;
  if (server.monitors.size === 0) return;
  (server as unknown as { feedMonitors(c: Client, argv: string[]): void }).feedMonitors(c, argv);
}

function evalGeneric(c: Client, argv: string[], bySha: boolean, readonly: boolean): void {
  feedMonitors(c, argv);
  const numkeys = parseNumKeys(argv);
  const engine = scriptEngine(c.server);
  engine.cmdStats = c.server.table.lookup(argv[0]!)?.stats ?? null;
  if (engine.caller !== null) throw new ReplyError('ERR This Redis command is not allowed from script');
  let sha: string;
  let script: CachedScript | undefined;
  if (bySha) {
    sha = argv[1]!.toLowerCase();
    script = sha.length === 40 ? engine.scripts.get(sha) : undefined;
    if (script === undefined) throw new ReplyError('NOSCRIPT No matching script. Please use EVAL.');
  } else {
    sha = sha1(argv[1]!);
    script = engine.load(argv[1]!, sha);
  }
  if (readonly && (script.flags & (SCRIPT_FLAG_EVAL_COMPAT | SCRIPT_FLAG_NO_WRITES)) === 0) {
    throw new ReplyError('ERR Can not execute a script with write flag using *_ro command.');
  }
  if ((script.flags & (SCRIPT_FLAG_EVAL_COMPAT | SCRIPT_FLAG_NO_WRITES | SCRIPT_FLAG_ALLOW_OOM)) === 0 && c.server.evictor.maxmemory !== 0 && c.server.evictor.perform() === 2) {
    throw new ReplyError(OOM_ERROR);
  }
  const keys = argv.slice(3, 3 + numkeys);
  const args = argv.slice(3 + numkeys);
  engine.run(c, script, sha, keys, args, readonly);
}

function evalCommand(c: Client, argv: string[]): void {
  evalGeneric(c, argv, false, false);
}
function evalRoCommand(c: Client, argv: string[]): void {
  evalGeneric(c, argv, false, true);
}
function evalshaCommand(c: Client, argv: string[]): void {
  evalGeneric(c, argv, true, false);
}
function evalshaRoCommand(c: Client, argv: string[]): void {
  evalGeneric(c, argv, true, true);
}

function scriptLoadCommand(c: Client, argv: string[]): void {
  const engine = scriptEngine(c.server);
  const sha = sha1(argv[2]!);
  engine.load(argv[2]!, sha);
  c.reply.bulk(sha);
}

function scriptExistsCommand(c: Client, argv: string[]): void {
  const engine = scriptEngine(c.server);
  c.reply.arrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) c.reply.int(engine.scripts.has(argv[i]!.toLowerCase()) ? 1 : 0);
}

function scriptFlushCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new ReplyError('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
  if (argv.length === 3) {
    const m = argv[2]!.toLowerCase();
    if (m !== 'sync' && m !== 'async') throw new ReplyError('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
  }
  scriptEngine(c.server).flush();
  c.reply.ok();
}

function scriptKillCommand(): void {
  // Scripts run synchronously to completion: no other client can observe one running.
  throw new ReplyError('NOTBUSY No scripts in execution right now.');
}

function scriptDebugCommand(c: Client, argv: string[]): void {
  const m = argv[2]!.toLowerCase();
  if (m === 'no') {
    c.reply.ok();
    return;
  }
  if (m === 'yes' || m === 'sync') throw new ReplyError('ERR SCRIPT DEBUG is not supported by this server');
  throw new ReplyError('ERR Use SCRIPT DEBUG YES/SYNC/NO');
}

const SCRIPT_HELP = [
  'SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
  'HELP',
  '    Prints this help.',
];

function scriptHelpCommand(c: Client): void {
  c.reply.arrayLen(SCRIPT_HELP.length);
  for (const l of SCRIPT_HELP) c.reply.simple(l);
}

function fcallGeneric(c: Client, argv: string[], readonly: boolean): void {
  feedMonitors(c, argv);
  const numkeys = parseNumKeys(argv);
  const engine = scriptEngine(c.server);
  engine.cmdStats = c.server.table.lookup(argv[0]!)?.stats ?? null;
  const f = engine.functions.get(argv[1]!);
  if (f === undefined) throw new ReplyError('ERR Function not found');
  if (readonly && (f.flags & SCRIPT_FLAG_NO_WRITES) === 0) throw new ReplyError('ERR Can not execute a script with write flag using *_ro command.');
  engine.fcall(c, f, argv.slice(3, 3 + numkeys), argv.slice(3 + numkeys), readonly);
}

function fcallCommand(c: Client, argv: string[]): void {
  fcallGeneric(c, argv, false);
}
function fcallRoCommand(c: Client, argv: string[]): void {
  fcallGeneric(c, argv, true);
}

function functionLoadCommand(c: Client, argv: string[]): void {
  let replace = false;
  let i = 2;
  for (; i < argv.length - 1; i++) {
    if (argv[i]!.toLowerCase() === 'replace') replace = true;
    else throw new ReplyError(`ERR Unknown option given: ${argv[i]}`);
  }
  if (i !== argv.length - 1) throw new ReplyError('ERR Function code is missing');
  const name = scriptEngine(c.server).loadLibrary(argv[argv.length - 1]!, replace);
  c.server.dirty++;
  c.reply.bulk(name);
}

function functionDeleteCommand(c: Client, argv: string[]): void {
  if (!scriptEngine(c.server).deleteLibrary(argv[2]!)) throw new ReplyError('ERR Library not found');
  c.server.dirty++;
  c.reply.ok();
}

function functionFlushCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new ReplyError('ERR Unknown subcommand or wrong number of arguments for \'flush\'. Try FUNCTION HELP.');
  if (argv.length === 3) {
    const m = argv[2]!.toLowerCase();
    if (m !== 'sync' && m !== 'async') throw new ReplyError('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
  }
  scriptEngine(c.server).flushFunctions();
  c.server.dirty++;
  c.reply.ok();
}

function functionListCommand(c: Client, argv: string[]): void {
  let withCode = false;
  let pattern: string | null = null;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (a === 'withcode') {
      withCode = true;
    } else if (a === 'libraryname') {
      if (i + 1 >= argv.length) throw new ReplyError('ERR library name argument was not given');
      pattern = argv[++i]!;
    } else throw new ReplyError(`ERR Unknown argument ${argv[i]}`);
  }
  const w = c.reply;
  const libs = [...scriptEngine(c.server).libraries.values()].filter((l) => pattern === null || stringMatch(pattern, l.name));
  w.arrayLen(libs.length);
  for (const lib of libs) {
    w.mapLen(withCode ? 4 : 3);
    w.bulk('library_name');
    w.bulk(lib.name);
    w.bulk('engine');
    w.bulk('LUA');
    w.bulk('functions');
    w.arrayLen(lib.functions.size);
    for (const f of lib.functions.values()) {
      w.mapLen(3);
      w.bulk('name');
      w.bulk(f.name);
      w.bulk('description');
      if (f.description === null) w.nullBulk();
      else w.bulk(f.description);
      w.bulk('flags');
      w.setLen(f.flagNames.length);
      for (const fl of f.flagNames) w.simple(fl);
    }
    if (withCode) {
      w.bulk('library_code');
      w.bulk(lib.code);
    }
  }
}

const RDB_OPCODE_FUNCTION2 = 245;

function functionDumpCommand(c: Client): void {
  const w = new RdbWriter();
  for (const lib of scriptEngine(c.server).libraries.values()) {
    w.byte(RDB_OPCODE_FUNCTION2);
    writeRdbString(w, lib.code, c.server.config.num('rdbcompression') !== 0);
  }
  c.reply.bulk(finishPayload(w));
}

function functionRestoreCommand(c: Client, argv: string[]): void {
  let policy = 'append';
  if (argv.length > 4) throw new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]}'. Try FUNCTION HELP.`);
  if (argv.length === 4) {
    policy = argv[3]!.toLowerCase();
    if (policy !== 'flush' && policy !== 'append' && policy !== 'replace') {
      throw new ReplyError('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
    }
  }
  const payload = Buffer.from(argv[2]!, 'latin1');
  if (!verifyPayload(payload)) throw new ReplyError('ERR DUMP payload version or checksum are wrong');
  const codes: string[] = [];
  const r = new RdbReader(payload, payload.length - 10);
  try {
    while (r.pos < payload.length - 10) {
      const op = r.byte();
      if (op !== RDB_OPCODE_FUNCTION2) throw new ReplyError('ERR given type is not a function');
      codes.push(r.string());
    }
  } catch (e) {
    if (e instanceof ReplyError) throw e;
    throw new ReplyError('ERR given type is not a function');
  }
  const engine = scriptEngine(c.server);
  // Load into a scratch engine state first: nothing changes unless every library loads.
  const savedLibs = new Map(engine.libraries);
  const savedFns = new Map(engine.functions);
  try {
    if (policy === 'flush') engine.flushFunctions();
    for (const code of codes) engine.loadLibrary(code, policy === 'replace' || policy === 'flush', true);
  } catch (e) {
    engine.libraries.clear();
    engine.functions.clear();
    for (const [k, v] of savedLibs) engine.libraries.set(k, v);
    for (const [k, v] of savedFns) engine.functions.set(k, v);
    throw e;
  }
  c.server.dirty++;
  c.reply.ok();
}

function functionStatsCommand(c: Client): void {
  const e = scriptEngine(c.server);
  const w = c.reply;
  w.mapLen(2);
  w.bulk('running_script');
  w.nullBulk();
  w.bulk('engines');
  w.mapLen(1);
  w.bulk('LUA');
  w.mapLen(2);
  w.bulk('libraries_count');
  w.int(e.libraries.size);
  w.bulk('functions_count');
  w.int(e.functions.size);
}

function functionKillCommand(): void {
  throw new ReplyError('NOTBUSY No scripts in execution right now.');
}

const FUNCTION_HELP = [
  'FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
  'HELP',
  '    Prints this help.',
];

function functionHelpCommand(c: Client): void {
  c.reply.arrayLen(FUNCTION_HELP.length);
  for (const l of FUNCTION_HELP) c.reply.simple(l);
}

function evalKeys(argv: string[]): number[] {
  const v = string2ll(argv[2] ?? '');
  if (v === null || typeof v === 'bigint' || v <= 0 || v > argv.length - 3) return [];
  const out: number[] = [];
  for (let i = 0; i < v; i++) out.push(3 + i);
  return out;
}

/**
 * Whether an EVAL/EVALSHA/FCALL may write, from its script's flags (Redis's
 * evalGetCommandFlags / fcallGetCommandFlags): CLIENT PAUSE WRITE holds only those.
 * Unknown scripts and functions are held too, as Redis 7.0 does.
 */
export function scriptMayWrite(server: Server, argv: string[]): boolean {
  const name = argv[0]!.toLowerCase();
  const e = engines.get(server);
  if (name === 'eval') {
    const body = argv[1] ?? '';
    if (!body.startsWith('#!')) return true;
    try {
      const nl = body.indexOf('\n');
      return (parseShebang(nl === -1 ? body : body.slice(0, nl)) & SCRIPT_FLAG_NO_WRITES) === 0;
    } catch {
      return false;
    }
  }
  if (name === 'evalsha') {
    const s = e?.scripts.get((argv[1] ?? '').toLowerCase());
    if (s === undefined) return true;
    return (s.flags & SCRIPT_FLAG_EVAL_COMPAT) !== 0 || (s.flags & SCRIPT_FLAG_NO_WRITES) === 0;
  }
  const f = e?.functions.get(argv[1] ?? '');
  return f === undefined || (f.flags & SCRIPT_FLAG_NO_WRITES) === 0;
}

/** INFO memory / scripting figures. */
export function scriptingInfo(server: Server): { scripts: number; memory: number; functions: number; libraries: number } {
  const e = engines.get(server);
  return { scripts: e?.scripts.size ?? 0, memory: e?.scriptsMemory ?? 0, functions: e?.functions.size ?? 0, libraries: e?.libraries.size ?? 0 };
}

const S = { group: 'scripting', acl: 'scripting' } as const;
const EVAL_FLAGS = 'noscript stale skip_monitor no_mandatory_keys movablekeys';

export const scriptingCommands: CommandDef[] = [
  { name: 'eval', arity: -3, flags: EVAL_FLAGS, ...S, since: '2.6.0', summary: 'Runs a Lua script on the server.', complexity: 'Depends on the script that is executed.', getKeys: evalKeys, handler: evalCommand },
  { name: 'evalsha', arity: -3, flags: EVAL_FLAGS, ...S, since: '2.6.0', summary: 'Runs a cached Lua script, named by its SHA1 digest.', complexity: 'Depends on the script that is executed.', getKeys: evalKeys, handler: evalshaCommand },
  { name: 'eval_ro', arity: -3, flags: 'readonly ' + EVAL_FLAGS, ...S, since: '7.0.0', summary: 'Runs a Lua script that may not write.', complexity: 'Depends on the script that is executed.', getKeys: evalKeys, handler: evalRoCommand },
  { name: 'evalsha_ro', arity: -3, flags: 'readonly ' + EVAL_FLAGS, ...S, since: '7.0.0', summary: 'Runs a cached Lua script that may not write.', complexity: 'Depends on the script that is executed.', getKeys: evalKeys, handler: evalshaRoCommand },
  {
    name: 'script', arity: -2, flags: '', group: 'scripting', since: '2.6.0', summary: 'Container of the script cache management commands.', complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'load', arity: 3, flags: 'noscript stale', ...S, since: '2.6.0', summary: 'Adds a script to the cache without running it.', complexity: 'O(N) with N being the length in bytes of the script body.', tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'], handler: scriptLoadCommand },
      { name: 'exists', arity: -3, flags: 'noscript', ...S, since: '2.6.0', summary: 'Tells which SHA1 digests name cached scripts.', complexity: 'O(N) with N the number of scripts to check', tips: ['request_policy:all_shards', 'response_policy:agg_logical_and'], handler: scriptExistsCommand },
      { name: 'kill', arity: 2, flags: 'noscript allow_busy', ...S, since: '2.6.0', summary: 'Stops the running script if it has not written.', complexity: 'O(1)', tips: ['request_policy:all_shards', 'response_policy:one_succeeded'], handler: scriptKillCommand },
      { name: 'debug', arity: 3, flags: 'noscript', ...S, since: '3.2.0', summary: 'Sets the debug mode of the next scripts.', complexity: 'O(1)', handler: scriptDebugCommand },
      { name: 'flush', arity: -2, flags: 'noscript', ...S, since: '2.6.0', summary: 'Empties the script cache.', complexity: 'O(N) with N the number of scripts in cache', tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'], handler: scriptFlushCommand },
      { name: 'help', arity: 2, flags: 'loading stale', ...S, since: '5.0.0', summary: 'Lists the SCRIPT subcommands.', complexity: 'O(1)', handler: scriptHelpCommand },
    ],
  },
  { name: 'fcall', arity: -3, flags: EVAL_FLAGS, ...S, since: '7.0.0', summary: 'Calls a function of a loaded library.', complexity: 'Depends on the function that is executed.', getKeys: evalKeys, handler: fcallCommand },
  { name: 'fcall_ro', arity: -3, flags: 'readonly ' + EVAL_FLAGS, ...S, since: '7.0.0', summary: 'Calls a function flagged no-writes.', complexity: 'Depends on the function that is executed.', getKeys: evalKeys, handler: fcallRoCommand },
  {
    name: 'function', arity: -2, flags: '', group: 'scripting', since: '7.0.0', summary: 'Container of the function library commands.', complexity: 'Depends on subcommand.',
    subcommands: [
      { name: 'load', arity: -3, flags: 'write denyoom noscript', ...S, since: '7.0.0', summary: 'Creates (or with REPLACE, replaces) a library of functions.', complexity: 'O(1) (considering compilation time is redundant)', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: functionLoadCommand },
      { name: 'delete', arity: 3, flags: 'write noscript', ...S, since: '7.0.0', summary: 'Removes a library and its functions.', complexity: 'O(1)', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: functionDeleteCommand },
      { name: 'flush', arity: -2, flags: 'write noscript', ...S, since: '7.0.0', summary: 'Removes every library.', complexity: 'O(N) where N is the number of functions deleted', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: functionFlushCommand },
      { name: 'help', arity: 2, flags: 'loading stale', ...S, since: '7.0.0', summary: 'Lists the FUNCTION subcommands.', complexity: 'O(1)', handler: functionHelpCommand },
      { name: 'dump', arity: 2, flags: 'noscript', ...S, since: '7.0.0', summary: 'Serializes every library (RDB function records) for FUNCTION RESTORE.', complexity: 'O(N) where N is the number of functions', handler: functionDumpCommand },
      { name: 'restore', arity: -3, flags: 'write denyoom noscript', ...S, since: '7.0.0', summary: 'Loads libraries from a FUNCTION DUMP payload (FLUSH, APPEND or REPLACE).', complexity: 'O(N) where N is the number of functions on the payload', tips: ['request_policy:all_shards', 'response_policy:all_succeeded'], handler: functionRestoreCommand },
      { name: 'list', arity: -2, flags: 'noscript', ...S, since: '7.0.0', summary: 'Describes the loaded libraries and their functions.', complexity: 'O(N) where N is the number of functions', tips: ['nondeterministic_output_order'], handler: functionListCommand },
      { name: 'kill', arity: 2, flags: 'noscript allow_busy', ...S, since: '7.0.0', summary: 'Stops the running function if it has not written.', complexity: 'O(1)', tips: ['request_policy:all_shards', 'response_policy:one_succeeded'], handler: functionKillCommand },
      { name: 'stats', arity: 2, flags: 'noscript allow_busy', ...S, since: '7.0.0', summary: 'Tells whether a function runs, and the engines with their library and function counts.', complexity: 'O(1)', tips: ['nondeterministic_output', 'request_policy:all_shards', 'response_policy:special'], handler: functionStatsCommand },
    ],
  },
];
