// DEBUG: the test-suite hooks of Redis 7.0 that make sense for tsredis. Allowed only when
// enable-debug-command is "yes", or "local" and the connection is local (loopback or
// unix socket), as Redis checks it for its protected commands.
//
// Implemented: HELP, SLEEP, SET-ACTIVE-EXPIRE, OBJECT, DIGEST, DIGEST-VALUE, PROTOCOL,
// LOG, ERROR, POPULATE, STRINGMATCH-TEST (reply only), QUICKLIST-PACKED-THRESHOLD, PAUSE-CRON,
// REPLYBUFFER, CHANGE-REPL-ID, SET-SKIP-CHECKSUM-VALIDATION, AOF-FLUSH-SLEEP and LEAK
// (accepted). RELOAD needs persistence, which arrives in a later issue: until then it
// answers an error rather than pretending a save/load round trip happened. Subcommands
// that inspect C structures (SDSLEN, LISTPACK, QUICKLIST, HTSTATS, STRUCTSIZE, MALLCTL)
// or crash the process (SEGFAULT, PANIC, ASSERT, OOM) are not provided.
//
// DIGEST and DIGEST-VALUE follow Redis's SHA-1 mixing scheme, so string datasets digest
// exactly as in Redis (see the DIGEST section for collections).

import { createHash } from 'node:crypto';
import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import type { Value } from '../types/value.js';
import { ObjType } from '../types/value.js';
import { ReplyError, ERR_NO_SUCH_KEY } from '../util/errors.js';
import { string2ll, formatDouble17g } from '../util/numbers.js';
import { eqi } from '../util/strings.js';
import { lruClock } from '../store/keyspace.js';
import { parseMemory } from '../config/config.js';
import { encodingOf } from './object.js';
import { asString, isStringValue } from '../types/string.js';
import { replyHelp } from './server.js';
import { dumpString, dumpValue } from '../persistence/rdb/dump.js';
import { debugReload } from './save.js';

const DEBUG_HELP = [
  'DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'AOF-FLUSH-SLEEP <microsec>',
  '    Server will sleep before flushing the AOF, this is used for testing.',
  'ASSERT',
  '    Crash by assertion failed.',
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'CONFIG-REWRITE-FORCE-ALL',
  '    Like CONFIG REWRITE but writes all configuration options, including',
  '    keywords not listed in original configuration file or default values.',
  'CRASH-AND-RECOVER [<milliseconds>]',
  '    Hard crash and restart after a <milliseconds> delay (default 0).',
  'DIGEST',
  '    Output a hex signature representing the current DB content.',
  'DIGEST-VALUE <key> [<key> ...]',
  '    Output a hex signature of the values of all the specified keys.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LEAK <string>',
  '    Create a memory leak of the input string.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'HTSTATS <dbid>',
  '    Return hash table statistics of the specified Redis database.',
  'HTSTATS-KEY <key>',
  '    Like HTSTATS but for the hash table stored at <key>\'s value.',
  'LOADAOF',
  '    Flush the AOF buffers on disk and reload the AOF in memory.',
  'REPLICATE <string>',
  '    Replicates the provided string to replicas, allowing data divergence.',
  'MALLCTL <key> [<val>]',
  '    Get or set a malloc tuning integer.',
  'MALLCTL-STR <key> [<val>]',
  '    Get or set a malloc tuning string.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'DROP-CLUSTER-PACKET-FILTER <packet-type>',
  '    Drop all packets that match the filtered type. Set to -1 allow all packets.',
  'OOM',
  '    Crash the server simulating an out-of-memory error.',
  'PANIC',
  '    Crash the server simulating a panic.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  '    it is used instead of the \'key\' prefix. These are not propagated to',
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  '    Examples:',
  '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
  '      the database.',
  '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
  '      existing RDB file.',
  '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
  '      file to the database.',
  'RESTART [<milliseconds>]',
  '    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).',
  'SDSLEN <key>',
  '    Show low level SDS string info representing `key` and value.',
  'SEGFAULT',
  '    Crash the server with sigsegv.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Sets the threshold for elements to be inserted as plain vs packed nodes',
  '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
  'SET-SKIP-CHECKSUM-VALIDATION <0|1>',
  '    Enables or disables checksum checks for RDB files and RESTORE\'s payload.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
  'STRINGMATCH-TEST',
  '    Run a fuzz tester against the stringmatchlen() function.',
  'STRUCTSIZE',
  '    Return the size of different Redis core C structures.',
  'LISTPACK <key>',
  '    Show low level info about the listpack encoding of <key>.',
  'QUICKLIST <key> [<0|1>]',
  '    Show low level info about the quicklist encoding of <key>.',
  '    The optional argument (0 by default) sets the level of detail',
  'CLIENT-EVICTION',
  '    Show low level client eviction pools info (maxmemory-clients).',
  'PAUSE-CRON <0|1>',
  '    Stop periodic cron job processing.',
  'REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>',
  '    Sets the time (in milliseconds) to wait between client reply buffer peak resets.',
  '    In case NEVER is provided the last observed peak will never be reset',
  '    In case RESET is provided the peak reset time will be restored to the default value',
  'REPLYBUFFER RESIZING <0|1>',
  '    Enable or disable the reply buffer resize cron job',
  'CLUSTERLINK KILL <to|from|all> <node-id>',
  '    Kills the link based on the direction to/from (both) with the provided node.',
  'HELP',
  '    Prints this help.',
];

export const DEBUG_NOT_ALLOWED =
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.';

/** Loopback or unix-socket connection (enable-debug-command local). */
function isLocal(c: Client): boolean {
  if (c.socket === null || c.isUnix) return true;
  const a = c.addr;
  return a.startsWith('127.') || a.startsWith('::1:') || a.startsWith('[::1]');
}

function allowed(c: Client): boolean {
  const mode = c.server.config.raw('enable-debug-command');
  if (mode === 'yes' || mode === true) return true;
  if (mode === 'local') return isLocal(c);
  return false;
}

/** C atoi: leading integer digits, 0 when none. */
function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1]!, 10) : 0;
}

/** C strtod on a prefix: 0 when nothing parses. */
function strtod(s: string): number {
  const v = parseFloat(s);
  return Number.isNaN(v) ? 0 : v;
}

/** Block the event loop for ms milliseconds (DEBUG SLEEP stops the whole server, as Redis). */
function blockingSleep(ms: number): void {
  if (ms <= 0) return;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(cell, 0, 0, ms);
}

// ---------------------------------------------------------------- DIGEST
//
// Redis's scheme (debug.c): xorDigest(d, x) XORs SHA1(x) into d (order-independent "add");
// mixDigest(d, x) does that and then replaces d by SHA1(d) (order-dependent). A key's
// digest mixes the key, the type number, the value, and "!!expire!!" when it has a TTL;
// the dataset digest mixes each non-empty db's number then XORs in SHA1 of every key
// digest. Strings, and collections whose iteration yields strings (list, set) or
// [field, value] / [member, score] pairs (hash, zset), follow Redis exactly, so their
// digests equal the oracle's; other shapes fall back to a generic canonical form.

const ZERO_DIGEST = '0000000000000000000000000000000000000000';

function sha1(data: Buffer | string): Buffer {
  return createHash('sha1').update(typeof data === 'string' ? Buffer.from(data, 'latin1') : data).digest();
}

/** d ^= SHA1(data). */
function xorDigest(d: Buffer, data: Buffer | string): void {
  const h = sha1(data);
  for (let i = 0; i < 20; i++) d[i]! ^= h[i]!;
}

/** d = SHA1(d ^ SHA1(data)). */
function mixDigest(d: Buffer, data: Buffer | string): void {
  xorDigest(d, data);
  sha1(d).copy(d);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** Redis's xorObjectDigest: the type, the content, and whether a TTL is set. */
function objectDigest(d: Buffer, v: Value, hasExpire: boolean): void {
  mixDigest(d, u32(isStringValue(v) ? ObjType.String : v.type));
  if (isStringValue(v)) {
    mixDigest(d, asString(v));
  } else {
    collectionDigest(d, v);
  }
  if (hasExpire) xorDigest(d, '!!expire!!');
}

function collectionDigest(d: Buffer, v: Exclude<Value, string>): void {
  const it = (v as unknown as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (typeof it !== 'function') {
    mixDigest(d, canonical(v, 0));
    return;
  }
  for (const e of v as unknown as Iterable<unknown>) {
    if (typeof e === 'string' && v.type === ObjType.List) {
      mixDigest(d, e);
    } else if (typeof e === 'string' && v.type === ObjType.Set) {
      xorDigest(d, e);
    } else if (Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && (v.type === ObjType.Hash || v.type === ObjType.ZSet)) {
      const ele = Buffer.alloc(20);
      mixDigest(ele, e[0]);
      const second = e[1];
      mixDigest(ele, typeof second === 'number' ? formatDouble17g(second) : canonicalScalar(second));
      xorDigest(d, ele);
    } else if (v.type === ObjType.Stream && Array.isArray(e)) {
      // A stream entry: "ms.seq", then each field and value (Redis's xorObjectDigest).
      for (const part of e) mixDigest(d, part as string);
    } else if (v.type === ObjType.List || v.type === ObjType.Stream) {
      mixDigest(d, canonical(e, 1));
    } else {
      xorDigest(d, canonical(e, 1));
    }
  }
}

function canonicalScalar(x: unknown): string {
  return typeof x === 'string' ? x : canonical(x, 1);
}

/** Generic content text for values whose shape is not known (see the section comment). */
function canonical(x: unknown, depth: number): string {
  if (typeof x === 'string') return 's' + x.length + ':' + x;
  if (typeof x === 'number') return 'n' + String(x);
  if (typeof x === 'bigint') return 'b' + x.toString();
  if (typeof x === 'boolean') return x ? 'T' : 'F';
  if (x === null || x === undefined || typeof x === 'function' || typeof x === 'symbol') return '-';
  if (depth > 32) return '?'; // also ends reference cycles
  if (Buffer.isBuffer(x)) return 's' + x.length + ':' + x.toString('latin1');
  if (ArrayBuffer.isView(x)) return 'v' + Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('hex');
  if (Array.isArray(x)) return '[' + x.map((e) => canonical(e, depth + 1)).join(',') + ']';
  if (x instanceof Map) return unordered([...x].map(([k, val]) => canonical(k, depth + 1) + '=' + canonical(val, depth + 1)));
  if (x instanceof Set) return unordered([...x].map((e) => canonical(e, depth + 1)));
  if (isStringValue(x as Value) && (x as { type?: unknown }).type === ObjType.String) return 's:' + asString(x as Value);
  const obj = x as Record<string, unknown>;
  return '{' + Object.keys(obj).sort().map((k) => k + ':' + canonical(obj[k], depth + 1)).join(',') + '}';
}

function unordered(items: string[]): string {
  const acc = Buffer.alloc(20);
  for (const it of items) xorDigest(acc, it);
  return 'u' + items.length + ':' + acc.toString('hex');
}

function digestCommand(c: Client): void {
  const final = Buffer.alloc(20);
  for (const db of c.server.dbs) {
    if (db.size === 0) continue;
    mixDigest(final, u32(db.id));
    db.forEachKey((key, value, expireAt) => {
      const d = Buffer.alloc(20);
      mixDigest(d, key);
      objectDigest(d, value, expireAt > 0);
      xorDigest(final, d);
    });
  }
  c.reply.simple(final.toString('hex'));
}

function digestValueCommand(c: Client, argv: string[]): void {
  c.reply.arrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const key = argv[i]!;
    const v = c.db.peek(key);
    if (v === undefined) {
      c.reply.simple(ZERO_DIGEST);
      continue;
    }
    const d = Buffer.alloc(20);
    objectDigest(d, v, c.db.getExpire(key) > 0);
    c.reply.simple(d.toString('hex'));
  }
}

// ---------------------------------------------------------------- OBJECT

/** Approximate RDB length of a value: exact for strings (integer and LZF encodings). */
function serializedLength(v: Value, compress: boolean): number {
  // A DUMP payload is the type byte, the RDB body, 2 version bytes and an 8-byte CRC.
  if (isStringValue(v)) return dumpString(asString(v), compress).length - 11;
  try {
    return dumpValue(v, compress, -2).length - 11;
  } catch {
    return canonical(v, 0).length;
  }
}

/** A stable fake address per key, for the "Value at:" field. */
function fakeAddress(key: string): string {
  const d = createHash('sha1').update(key, 'latin1').digest();
  return '0x7f' + d.toString('hex').slice(0, 10);
}

function objectCommand(c: Client, argv: string[]): void {
  const key = argv[2]!;
  const v = c.db.peek(key);
  if (v === undefined) throw new ReplyError(ERR_NO_SUCH_KEY);
  const enc = encodingOf(v);
  let refcount = 1;
  if (typeof v === 'string' && enc === 'int') {
    const n = string2ll(v);
    if (n !== null && n >= 0 && n < 10000) refcount = 2147483647;
  }
  const stamp = c.db.getAccessStamp(key);
  const lru = stamp < 0 ? 0 : stamp;
  const clock = lruClock();
  const idle = clock >= lru ? clock - lru : clock + (0xffffff - lru);
  c.reply.simple(`Value at:${fakeAddress(key)} refcount:${refcount} encoding:${enc} serializedlength:${serializedLength(v, c.server.config.raw('rdbcompression') !== false)} lru:${lru} lru_seconds_idle:${idle}`);
}

// ---------------------------------------------------------------- PROTOCOL

function protocolCommand(c: Client, argv: string[]): void {
  const name = argv[2]!.toLowerCase();
  const w = c.reply;
  switch (name) {
    case 'string':
      w.bulk('Hello World');
      break;
    case 'integer':
      w.int(12345);
      break;
    case 'double':
      w.doubleText('3.141');
      break;
    case 'bignum':
      w.bigNumber('1234567999999999999999999999999999999');
      break;
    case 'null':
      w.nullBulk();
      break;
    case 'array':
      w.arrayLen(3);
      for (let j = 0; j < 3; j++) w.int(j);
      break;
    case 'set':
      w.setLen(3);
      for (let j = 0; j < 3; j++) w.int(j);
      break;
    case 'map':
      w.mapLen(3);
      for (let j = 0; j < 3; j++) {
        w.int(j);
        w.bool(j === 1);
      }
      break;
    case 'attrib':
      if (c.resp === 3) {
        w.raw('|1\r\n');
        w.bulk('key-popularity');
        w.arrayLen(2);
        w.bulk('key:123');
        w.int(90);
      }
      w.bulk('Some real reply following the attribute');
      break;
    case 'push':
      if (c.resp !== 3) throw new ReplyError('ERR RESP2 is not supported by this command');
      w.pushLen(2);
      w.bulk('server-cpu-usage');
      w.int(42);
      w.bulk('Some real reply following the push reply');
      break;
    case 'true':
      w.bool(true);
      break;
    case 'false':
      w.bool(false);
      break;
    case 'verbatim':
      w.verbatim('This is a verbatim\nstring');
      break;
    default:
      throw new ReplyError('ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false');
  }
}

// ---------------------------------------------------------------- the rest

function populateCommand(c: Client, argv: string[]): void {
  const POS = 'ERR value is out of range, must be positive';
  const cnt = string2ll(argv[2]!);
  if (cnt === null || cnt < 0) throw new ReplyError(POS);
  const prefix = argv.length >= 4 ? argv[3]! : 'key';
  let size = 0;
  if (argv.length === 5) {
    const s = string2ll(argv[4]!);
    if (s === null || s < 0) throw new ReplyError(POS);
    size = Number(s);
  }
  const db = c.db;
  const server = c.server;
  const n = Number(cnt);
  for (let j = 0; j < n; j++) {
    const key = `${prefix}:${j}`;
    if (db.peek(key) !== undefined) continue;
    let val = `value:${j}`;
    if (size !== 0) val = val.length >= size ? val.slice(0, size) : val + '\0'.repeat(size - val.length);
    db.set(key, val);
    // Not propagated (as Redis), but WATCH and friends must see the change.
    server.signalModifiedKey(db, key);
  }
  c.reply.ok();
}

function quicklistThresholdCommand(c: Client, argv: string[]): void {
  // memtoull: optional digits, optional unit ("kb" alone is 0, i.e. the default).
  const m = /^(\d*)(b|k|kb|m|mb|g|gb)?$/i.exec(argv[2]!);
  const sz = m === null ? null : parseMemory((m[1] || '0') + (m[2] ?? ''));
  if (sz === null || sz > 2 ** 32 - 2 ** 20) {
    throw new ReplyError('ERR argument must be a memory value bigger than 1 and smaller than 4gb');
  }
  c.server.perf.quicklistPackedThreshold = sz === 0 ? 1 << 30 : sz;
  c.reply.ok();
}

function replybufferCommand(c: Client, argv: string[]): boolean {
  const perf = c.server.perf;
  const what = argv[2]!;
  const val = argv[3]!;
  if (eqi(what, 'peak-reset-time')) {
    if (eqi(val, 'never')) perf.replyBufferPeakResetTime = -1;
    else if (eqi(val, 'reset')) perf.replyBufferPeakResetTime = 5000;
    else {
      const v = string2ll(val);
      if (v === null) throw new ReplyError('ERR value is not an integer or out of range');
      perf.replyBufferPeakResetTime = Number(v);
    }
  } else if (eqi(what, 'resizing')) {
    perf.replyBufferResizing = atoi(val) !== 0;
  } else {
    return false;
  }
  c.reply.ok();
  return true;
}

function changeReplIdCommand(c: Client): void {
  const perf = c.server.perf;
  perf.replId2 = perf.replId;
  let s = '';
  for (let i = 0; i < 40; i++) s += Math.floor(Math.random() * 16).toString(16);
  perf.replId = s;
  c.server.log.warning('Changing replication IDs after receiving DEBUG change-repl-id');
  c.reply.ok();
}

function debugCommand(c: Client, argv: string[]): void {
  if (!allowed(c)) throw new ReplyError(DEBUG_NOT_ALLOWED);
  const sub = argv[1]!.toLowerCase();
  const argc = argv.length;
  const server = c.server;
  switch (sub) {
    case 'help':
      if (argc !== 2) break;
      replyHelp(c, DEBUG_HELP);
      return;
    case 'sleep':
      if (argc !== 3) break;
      blockingSleep(strtod(argv[2]!) * 1000);
      c.reply.ok();
      return;
    case 'set-active-expire':
      if (argc !== 3) break;
      server.activeExpireEnabled = atoi(argv[2]!) !== 0;
      c.reply.ok();
      return;
    case 'pause-cron':
      if (argc !== 3) break;
      server.cronPaused = atoi(argv[2]!) !== 0;
      c.reply.ok();
      return;
    case 'object':
      if (argc !== 3) break;
      objectCommand(c, argv);
      return;
    case 'digest':
      if (argc !== 2) break;
      digestCommand(c);
      return;
    case 'digest-value':
      digestValueCommand(c, argv);
      return;
    case 'protocol':
      if (argc !== 3) break;
      protocolCommand(c, argv);
      return;
    case 'log':
      if (argc !== 3) break;
      server.log.warning(`DEBUG LOG: ${argv[2]!}`);
      c.reply.ok();
      return;
    case 'error':
      if (argc !== 3) break;
      throw new ReplyError(argv[2]!);
    case 'populate':
      if (argc < 3 || argc > 5) break;
      populateCommand(c, argv);
      return;
    case 'quicklist-packed-threshold':
      if (argc !== 3) break;
      quicklistThresholdCommand(c, argv);
      return;
    case 'replybuffer':
      if (argc !== 4) break;
      if (replybufferCommand(c, argv)) return;
      break;
    case 'change-repl-id':
      if (argc !== 2) break;
      changeReplIdCommand(c);
      return;
    case 'stringmatch-test':
      // Redis fuzzes its glob matcher here (for seconds) and answers this fixed line;
      // tsredis's matcher has its own property tests, so only the reply is reproduced.
      if (argc !== 2) break;
      c.reply.simple('Apparently Redis did not crash: test passed');
      return;
    case 'set-skip-checksum-validation':
    case 'aof-flush-sleep':
    case 'leak':
      if (argc !== 3) break;
      c.reply.ok();
      return;
    case 'loadaof':
      // Extra arguments are ignored, as Redis does.
      c.server.aof.debugLoadAof();
      c.reply.ok();
      return;
    case 'reload': {
      let flush = true;
      let save = true;
      for (let i = 2; i < argc; i++) {
        const o = argv[i]!;
        if (eqi(o, 'noflush')) flush = false;
        else if (eqi(o, 'nosave')) save = false;
        else if (!eqi(o, 'merge')) throw new ReplyError('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.');
      }
      debugReload(c, flush, save);
      return;
    }
    default:
      break;
  }
  throw new ReplyError(`ERR unknown subcommand or wrong number of arguments for '${argv[1]!.slice(0, 128)}'. Try DEBUG HELP.`);
}

export const debugCommands: CommandDef[] = [
  { name: 'debug', arity: -2, flags: 'admin noscript loading stale', group: 'server', since: '1.0.0', summary: 'Test and diagnostics hooks (sleep, digests, object internals, protocol samples...).', complexity: 'Depends on subcommand.', handler: debugCommand },
];
