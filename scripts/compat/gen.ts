// Command generators for differential fuzzing, one table per Redis command group. Each
// entry names the command it exercises (so entries tsredis does not implement yet are
// skipped) and builds an argv from interesting values: a small shared key space so
// operations collide across types, int64 limits, floats and inf, empty and binary
// strings, negative indexes, huge counts, and expiries that are either already past or far
// in the future (a TTL ending mid-run would expire at different moments on the two
// servers). New data types plug in by adding a table to GROUPS.

import { Rng } from './prng.js';

export type Argv = string[];

/** How replies are compared; everything is byte for byte unless Redis is nondeterministic. */
export type CompareMode =
  | 'exact'
  | 'skip' // nondeterministic content (INFO, TIME, HELLO...): only "both answered"
  | 'unordered' // array whose order Redis does not define (KEYS, SMEMBERS)
  | 'unordered-pairs' // same for field/value pairs (HGETALL)
  | 'scan' // [cursor, elements]: elements compared as a set when both cursors are 0
  | 'shape' // same reply type and length (SRANDMEMBER, HRANDFIELD, RANDOMKEY)
  | 'dump' // DUMP: exact, except hashtable-encoded sets/hashes/zsets (order follows a random hash seed)
  | { approx: number }; // integers within a tolerance (TTL, PTTL, IDLETIME)

/** Comparison mode per command ("name" or "container|sub"), default exact. */
export const COMPARE: Record<string, CompareMode> = {
  ttl: { approx: 1 },
  pttl: { approx: 1500 },
  expiretime: { approx: 1 },
  pexpiretime: { approx: 1500 },
  // Shared integer objects (0..9999) carry the server start time as their LRU clock in Redis.
  'object|idletime': 'shape',
  dump: 'dump',
  keys: 'unordered',
  scan: 'scan',
  sscan: 'scan',
  hscan: 'scan',
  zscan: 'scan',
  randomkey: 'shape',
  srandmember: 'shape',
  hrandfield: 'shape',
  zrandmember: 'shape',
  smembers: 'unordered',
  sunion: 'unordered',
  sinter: 'unordered',
  sdiff: 'unordered',
  hkeys: 'unordered',
  hvals: 'unordered',
  hgetall: 'unordered-pairs',
  spop: 'unordered',
  hello: 'skip',
  info: 'skip',
  time: 'skip',
  lastsave: 'skip',
  'client|id': 'skip',
  'client|list': 'skip',
  'client|info': 'skip',
  'memory|usage': 'skip',
  'object|help': 'exact',
  'config|get': 'unordered-pairs', // parameters come out in dict order
};

/** Commands the random-argument ("chaos") generator must never send. */
export const CHAOS_DENY = new Set([
  'shutdown', 'debug', 'monitor', 'subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe',
  'sync', 'psync', 'replicaof', 'slaveof', 'save', 'bgsave', 'bgrewriteaof', 'quit', 'reset', 'client', 'config', 'acl',
  'failover', 'hello', 'auth', 'info', 'time', 'lastsave', 'memory', 'latency', 'slowlog', 'module', 'script', 'function',
  'eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro', 'wait', 'cluster', 'readonly', 'readwrite', 'replconf',
  'multi', 'exec', 'discard', 'watch', 'unwatch', 'command', 'pfdebug', 'pfselftest', 'migrate', 'restore-asking', 'asking',
  'lolwut', 'dump', 'restore', 'object', 'spop', 'srandmember', 'hrandfield', 'zrandmember', 'publish', 'spublish', 'pubsub',
  'blpop', 'brpop', 'blmove', 'brpoplpush', 'blmpop', 'bzpopmin', 'bzpopmax', 'bzmpop', 'xread', 'xreadgroup', 'setrange', 'setbit',
  'bitfield', 'sort', 'sort_ro', 'scan', 'sscan', 'hscan', 'zscan',
]);

const INT64_MAX = '9223372036854775807';
const INT64_MIN = '-9223372036854775808';

export const KEYS = ['a', 'b', 'c', 'k:1', '{t}x', '\x00bin\xff'];

const INTS = [
  '0', '1', '-1', '2', '3', '10', '-10', '100', '-100', '4096', INT64_MAX, INT64_MIN, '9223372036854775806',
  '-9223372036854775807', '9223372036854775808', '-9223372036854775809', '18446744073709551615', '4294967296',
  '', 'abc', '1.5', ' 1', '1 ', '+1', '007', '-0', '0x10', '1e3', '\x001',
];

const FLOATS = [
  '0', '1', '-1', '1.5', '-2.25', '0.1', '3.0000000000000001', '.5', '5.', '1e308', '-1e308', '1e309', '1e-320',
  '10.5e3', '1.7976931348623157e308', 'inf', '-inf', '+inf', 'Infinity', 'nan', '', 'abc', ' 1', '1 ', '0x10',
  '123456789012345678', '5e-5', '-0', '1e', INT64_MAX,
];

const VALUES = [
  '', '0', '1', '-1', '10', '42', '-7', INT64_MAX, INT64_MIN, '9223372036854775808', '3.14', '1e10', 'inf', 'nan',
  '+5', ' 5', '05', 'abc', 'hello world', 'foo', 'bar', '\x00\x01\xff', '\r\n', 'x'.repeat(44), 'y'.repeat(45),
  'z'.repeat(100), '\xff\xf0\x00\x0f', 'a\x00b',
];

/**
 * Parameters the fuzzer may CONFIG SET (encoding thresholds and size limits: small values
 * make conversions happen inside a small key space). The harness reads their defaults from
 * the oracle and restores them on both servers before the next sequence.
 */
export const CONFIG_PARAMS = [
  'hash-max-listpack-entries', 'hash-max-listpack-value', 'set-max-intset-entries', 'zset-max-listpack-entries',
  'zset-max-listpack-value', 'list-max-listpack-size', 'proto-max-bulk-len',
];

/** Argument builder shared by every generator. */
export class Gen {
  /** Top-level commands tsredis implements, containers excluded (for COMMAND INFO). */
  names: readonly string[] = [];
  /** An argv from another generator (for COMMAND GETKEYS). */
  other: () => Argv = () => ['GET', 'a'];

  constructor(readonly r: Rng, readonly nowMs: number) {}

  key(): string {
    return this.r.chance(0.03) ? '' : this.r.weighted([[4, 'a'], [3, 'b'], [2, 'c'], [1, 'k:1'], [1, '{t}x'], [1, '\x00bin\xff']]);
  }
  keys(min: number, max: number): string[] {
    const n = this.r.range(min, max);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.key());
    return out;
  }
  val(): string {
    const r = this.r;
    switch (r.int(8)) {
      case 0: return r.bytes(r.int(12));
      case 1: return String(r.range(-1000, 1000));
      case 2: return r.pick(['a', 'b', 'c', 'foo', 'bar', 'x']);
      default: return r.pick(VALUES);
    }
  }
  int(): string {
    return this.r.chance(0.6) ? String(this.r.range(-20, 20)) : this.r.pick(INTS);
  }
  /** A mostly valid non-negative count, sometimes huge or invalid. */
  count(): string {
    const r = this.r;
    return r.chance(0.7) ? String(r.range(0, 10)) : r.pick(['-1', '-5', '1000', '100000', INT64_MAX, INT64_MIN, 'abc', '', '0']);
  }
  /** An index: small, negative, or extreme. */
  index(): string {
    const r = this.r;
    return r.chance(0.75) ? String(r.range(-12, 12)) : r.pick(['100', '-100', INT64_MAX, INT64_MIN, '9223372036854775808', 'x', '', '1.5', '-0']);
  }
  float(): string {
    const r = this.r;
    return r.chance(0.4) ? (r.range(-2000, 2000) / 8).toString() : r.pick(FLOATS);
  }
  /** Relative seconds for EX/EXPIRE: far future, zero/negative, or invalid. */
  ttlS(): string {
    const r = this.r;
    return r.chance(0.7) ? String(r.range(100, 1000000)) : r.pick(['0', '-1', '-100', INT64_MAX, INT64_MIN, '9223372036854775', '9223372036854776', 'abc', '', '1.5']);
  }
  ttlMs(): string {
    const r = this.r;
    return r.chance(0.7) ? String(r.range(100000, 1000000000)) : r.pick(['0', '-1', '-100', INT64_MAX, INT64_MIN, '9223372036854775807', 'abc', '', '1.5']);
  }
  /** Absolute unix seconds: past (expires at once), far future, or invalid. */
  atS(): string {
    const r = this.r;
    const now = Math.floor(this.nowMs / 1000);
    return r.weighted([
      [5, String(now + r.range(1000, 10000000))],
      [2, String(r.range(1, 1000000))],
      [1, r.pick(['0', '-1', INT64_MAX, INT64_MIN, '9223372036854775', 'abc', ''])],
    ]);
  }
  atMs(): string {
    const r = this.r;
    return r.weighted([
      [5, String(this.nowMs + r.range(1000000, 10000000000))],
      [2, String(r.range(1, 1000000000))],
      [1, r.pick(['0', '-1', INT64_MAX, INT64_MIN, 'abc', ''])],
    ]);
  }
  /** Any argument at all (for the random-argument generator). */
  any(): string {
    const r = this.r;
    switch (r.int(7)) {
      case 0: return this.key();
      case 1: return this.int();
      case 2: return this.float();
      case 3: return r.pick(['NX', 'XX', 'GT', 'LT', 'EX', 'PX', 'GET', 'KEEPTTL', 'COUNT', 'MATCH', 'TYPE', 'LIMIT', 'WITHSCORES', 'BYTE', 'BIT', 'REPLACE', 'DB', 'AND', 'FIELDS', 'LEN', 'IDX', 'CH', 'INCR']);
      default: return this.val();
    }
  }
  /** A subset of option groups, each emitted in a random order. */
  opts(groups: (() => string[])[], p = 0.3): string[] {
    const chosen = groups.filter(() => this.r.chance(p));
    for (let i = chosen.length - 1; i > 0; i--) {
      const j = this.r.int(i + 1);
      [chosen[i], chosen[j]] = [chosen[j]!, chosen[i]!];
    }
    return chosen.flatMap((f) => f());
  }
  /** Sometimes upper-, lower- or mixed-case a keyword. */
  kw(s: string): string {
    const r = this.r.int(6);
    if (r === 0) return s.toLowerCase();
    if (r === 1) return s.split('').map((ch, i) => (i % 2 ? ch.toLowerCase() : ch)).join('');
    return s;
  }
}

export interface CmdGen {
  /** Command exercised: "set", or "object|encoding" for a subcommand. */
  cmd: string;
  weight?: number;
  gen: (g: Gen) => Argv;
}

const expiryOpts = (g: Gen): (() => string[])[] => [
  () => [g.kw('EX'), g.ttlS()],
  () => [g.kw('PX'), g.ttlMs()],
  () => [g.kw('EXAT'), g.atS()],
  () => [g.kw('PXAT'), g.atMs()],
];

const STRING: CmdGen[] = [
  { cmd: 'get', weight: 4, gen: (g) => ['GET', g.key()] },
  { cmd: 'set', weight: 6, gen: (g) => ['SET', g.key(), g.val(), ...g.opts([() => [g.kw('NX')], () => [g.kw('XX')], () => [g.kw('GET')], () => [g.kw('KEEPTTL')], ...expiryOpts(g)], 0.15)] },
  { cmd: 'setnx', gen: (g) => ['SETNX', g.key(), g.val()] },
  { cmd: 'setex', gen: (g) => ['SETEX', g.key(), g.ttlS(), g.val()] },
  { cmd: 'psetex', gen: (g) => ['PSETEX', g.key(), g.ttlMs(), g.val()] },
  { cmd: 'getset', gen: (g) => ['GETSET', g.key(), g.val()] },
  { cmd: 'getdel', gen: (g) => ['GETDEL', g.key()] },
  { cmd: 'getex', weight: 2, gen: (g) => ['GETEX', g.key(), ...g.opts([() => [g.kw('PERSIST')], ...expiryOpts(g)], 0.2)] },
  { cmd: 'mget', gen: (g) => ['MGET', ...g.keys(1, 5)] },
  { cmd: 'mset', gen: (g) => ['MSET', ...g.keys(1, 3).flatMap((k) => [k, g.val()]), ...(g.r.chance(0.05) ? [g.key()] : [])] },
  { cmd: 'msetnx', gen: (g) => ['MSETNX', ...g.keys(1, 3).flatMap((k) => [k, g.val()]), ...(g.r.chance(0.05) ? [g.key()] : [])] },
  { cmd: 'append', weight: 2, gen: (g) => ['APPEND', g.key(), g.val()] },
  { cmd: 'strlen', gen: (g) => ['STRLEN', g.key()] },
  { cmd: 'getrange', weight: 2, gen: (g) => ['GETRANGE', g.key(), g.index(), g.index()] },
  { cmd: 'substr', gen: (g) => ['SUBSTR', g.key(), g.index(), g.index()] },
  { cmd: 'setrange', weight: 2, gen: (g) => ['SETRANGE', g.key(), g.r.chance(0.8) ? String(g.r.range(0, 40)) : g.r.pick(['-1', '536870912', '1000', '4096', INT64_MAX, 'x']), g.r.chance(0.1) ? '' : g.val()] },
  { cmd: 'incr', weight: 2, gen: (g) => ['INCR', g.key()] },
  { cmd: 'decr', gen: (g) => ['DECR', g.key()] },
  { cmd: 'incrby', weight: 2, gen: (g) => ['INCRBY', g.key(), g.int()] },
  { cmd: 'decrby', gen: (g) => ['DECRBY', g.key(), g.int()] },
  { cmd: 'incrbyfloat', weight: 2, gen: (g) => ['INCRBYFLOAT', g.key(), g.float()] },
  { cmd: 'lcs', gen: (g) => ['LCS', g.key(), g.key(), ...g.opts([() => [g.kw('LEN')], () => [g.kw('IDX')], () => [g.kw('MINMATCHLEN'), g.int()], () => [g.kw('WITHMATCHLEN')]])] },
];

const BITMAP: CmdGen[] = [
  { cmd: 'setbit', weight: 3, gen: (g) => ['SETBIT', g.key(), g.r.chance(0.85) ? String(g.r.range(0, 200)) : g.r.pick(['-1', '4294967296', '100000', 'x', '']), g.r.chance(0.9) ? g.r.pick(['0', '1']) : g.r.pick(['2', '-1', 'x', ''])] },
  { cmd: 'getbit', weight: 2, gen: (g) => ['GETBIT', g.key(), g.r.chance(0.85) ? String(g.r.range(0, 200)) : g.r.pick(['-1', '4294967295', '4294967296', 'x'])] },
  { cmd: 'bitcount', weight: 2, gen: (g) => ['BITCOUNT', g.key(), ...(g.r.chance(0.7) ? [g.index(), g.index(), ...(g.r.chance(0.4) ? [g.kw(g.r.pick(['BYTE', 'BIT', 'bits']))] : [])] : g.r.chance(0.2) ? [g.index()] : [])] },
  { cmd: 'bitpos', weight: 2, gen: (g) => ['BITPOS', g.key(), g.r.chance(0.9) ? g.r.pick(['0', '1']) : g.r.pick(['2', '-1', 'x']), ...(g.r.chance(0.6) ? [g.index(), ...(g.r.chance(0.6) ? [g.index(), ...(g.r.chance(0.4) ? [g.kw(g.r.pick(['BYTE', 'BIT', 'bits']))] : [])] : [])] : [])] },
  { cmd: 'bitop', weight: 2, gen: (g) => ['BITOP', g.kw(g.r.pick(['AND', 'OR', 'XOR', 'NOT', 'NAND'])), g.key(), ...g.keys(g.r.chance(0.1) ? 0 : 1, 3)] },
  {
    cmd: 'bitfield',
    weight: 3,
    gen: (g) => {
      const type = (): string => (g.r.chance(0.9) ? `${g.r.pick(['i', 'u'])}${g.r.range(1, 64)}` : g.r.pick(['u64', 'i65', 'x8', 'i0', '']));
      const off = (): string => (g.r.chance(0.85) ? `${g.r.chance(0.3) ? '#' : ''}${g.r.range(0, 100)}` : g.r.pick(['-1', '#-1', 'x', '4294967296', '']));
      const ops: string[] = [];
      const n = g.r.range(1, 4);
      for (let i = 0; i < n; i++) {
        switch (g.r.int(4)) {
          case 0: ops.push(g.kw('GET'), type(), off()); break;
          case 1: ops.push(g.kw('SET'), type(), off(), g.int()); break;
          case 2: ops.push(g.kw('INCRBY'), type(), off(), g.int()); break;
          default: ops.push(g.kw('OVERFLOW'), g.r.pick(['WRAP', 'SAT', 'FAIL', 'wrap', 'bad']));
        }
      }
      return ['BITFIELD', g.key(), ...ops];
    },
  },
  { cmd: 'bitfield_ro', gen: (g) => ['BITFIELD_RO', g.key(), ...(g.r.chance(0.9) ? ['GET', `${g.r.pick(['i', 'u'])}${g.r.range(1, 63)}`, String(g.r.range(0, 80))] : ['SET', 'i8', '0', '1'])] },
];

/** DUMP payloads of Redis 7.0.15 (RDB 10), one per type and encoding, with the command whose
 *  type they hold (RESTORE of a type tsredis lacks would always differ). */
const DUMPS: [string, string][] = [
  ['\x00\x05hello\n\x00cr\xdfve4 \n', ''], // string
  ['\x00\xc190\n\x00\x9d\x94\xea\'\x93\xfc\x08\xb9', ''], // int string 12345
  ['\x00\xc3\x09@d\x01xx\xe0W\x00\x01xx\n\x00]\xb7\xf6c\xbb\x08b_', ''], // LZF-compressed 100 x
  ['\x12\x01\x02\x0f\x0f\x00\x00\x00\x03\x00\x81a\x02\x01\x01\x81b\x02\xff\n\x00\x90C\xa3L\xeb\x8e\x1b\x1c', 'rpush'], // list (quicklist 2)
  ['\x10\x12\x12\x00\x00\x00\x04\x00\x81f\x02\x81v\x02\x81g\x02\x02\x01\xff\n\x00\x01\xa6NO\xc1\xd4\xe5C', 'hset'], // hash listpack
  ['\x0b\x0e\x02\x00\x00\x00\x03\x00\x00\x00\x01\x00\x02\x00\x03\x00\n\x00\xa5\x02\\\xe2mnM\x1b', 'sadd'], // intset
  ['\x02\x02\x01b\x01a\n\x00u\xd9\x9d\x83^\xf8_e', 'sadd'], // set hashtable
  ['\x11\x14\x14\x00\x00\x00\x04\x00\x81a\x02\x01\x01\x81b\x02\x832.5\x04\xff\n\x00\xd4Ln\xa4\xf6D\xd9\xd7', 'zadd'], // zset listpack
  ['\x00\x1bHYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80`\xf3\x80P\xb1\x84K\xfb\x80BZ\n\x00\x9fY\x0c\x06\xb6IpI', ''], // HyperLogLog (a string value)
  ['\x13\x01\x10\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x1d\x1d\x00\x00\x00\n\x00\x01\x01\x00\x01\x01\x01\x81f\x02\x00\x01\x02\x01\x00\x01\x00\x01\x81v\x02\x04\x01\xff\x01\x01\x01\x01\x01\x00\x00\x01\x00\n\x00\xffU\xabbj\xc05\xdb', 'xadd'], // stream
  ['\x05\x03\x01c\x00\x00\x00\x00\x00\x00\x0c@\x01b\x00\x00\x00\x00\x00\x00\x00@\x01a\x00\x00\x00\x00\x00\x00\xf0?\x0a\x00\\\xd2)[\\\x18\x9b\xe5', 'zadd'], // zset skiplist (ZSET_2)
  ['\x04\x02\x01g\x01w\x01f\x01v\x0a\x00J\x88\xc4a\x0e\xed<N', 'hset'], // hash hashtable
  ['\x13\x01\x10\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01&&\x00\x00\x00\x0f\x00\x01\x01\x01\x01\x01\x01\x81a\x02\x00\x01\x03\x01\x00\x01\x00\x01\x01\x01\x04\x01\x02\x01\x00\x01\x01\x01\x02\x01\x04\x01\xff\x01\x01\x02\x01\x02\x01\x01\x02\x00\x0a\x00T\x82:*\xc4\xc0>\x87', 'xadd'], // stream with a deleted entry
  ['\x0d\x1a\x1a\x00\x00\x00\x12\x00\x00\x00\x04\x00\x00\x01a\x03\xf2\x02\x01b\x03\x05hello\xff\x09\x007\xcb\x1cf&\x07\xdf\x18', 'hset'], // hash ziplist (RDB 9)
  ['\x0c\x18\x18\x00\x00\x00\x12\x00\x00\x00\x04\x00\x00\x01a\x03\xf2\x02\x01b\x03\x032.5\xff\x09\x00\x8c\xa5LQ\xc0\xe9\xcd\x06', 'zadd'], // zset ziplist (RDB 9)
  ['\x0a\x15\x15\x00\x00\x00\x0f\x00\x00\x00\x03\x00\x00\x01a\x03\xf8\x02\x03ccc\xff\x09\x00"\xc6\xcc\x9eq\xa5\x06#', 'rpush'], // list ziplist (RDB 9)
  ['\x0e\x02\x10\x10\x00\x00\x00\x0d\x00\x00\x00\x02\x00\x00\x01a\x03\xf8\xff\x10\x10\x00\x00\x00\x0d\x00\x00\x00\x02\x00\x00\x01x\x03\xfd\xff\x09\x00Jd3\x19*\xa1\xc0\x89', 'rpush'], // quicklist v1 (RDB 9)
  ['\x03\x02\x01a\x031.5\x01b\xfe\x09\x00\xd5\x1fV\xa3\xb0Sk[', 'zadd'], // zset with string scores (RDB 9)
  ['\x02\x03\x013\x011\x012\x09\x00\xd4M\xc5rw\xf4\xa5\x1d', 'sadd'], // set of integers, hashtable form (restores as an intset)
];

/** A payload, sometimes damaged: bad checksum, newer RDB version, truncated. */
function dumpPayload(g: Gen): string {
  const usable = DUMPS.filter(([, needs]) => needs === '' || g.names.includes(needs));
  const p = g.r.pick(usable)[0];
  switch (g.r.int(8)) {
    case 0: return p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) ^ 1);
    case 1: return `${p.slice(0, -10)}\x0b${p.slice(-9)}`;
    case 2: return p.slice(0, g.r.int(p.length));
    default: return p;
  }
}

const GENERIC: CmdGen[] = [
  {
    cmd: 'restore',
    weight: 2,
    gen: (g) => {
      const abs = g.r.chance(0.2);
      const ttl = g.r.chance(0.6) ? '0' : abs ? g.atMs() : g.ttlMs();
      return ['RESTORE', g.key(), ttl, dumpPayload(g), ...g.opts([() => ['REPLACE'], () => (abs ? ['ABSTTL'] : []), () => ['IDLETIME', g.r.pick(['0', '100', '-1', 'x'])], () => ['FREQ', g.r.pick(['0', '5', '256', '-1'])]], 0.3)];
    },
  },
  { cmd: 'del', weight: 2, gen: (g) => ['DEL', ...g.keys(1, 3)] },
  { cmd: 'unlink', gen: (g) => ['UNLINK', ...g.keys(1, 3)] },
  { cmd: 'exists', weight: 2, gen: (g) => ['EXISTS', ...g.keys(1, 4)] },
  { cmd: 'touch', gen: (g) => ['TOUCH', ...g.keys(1, 3)] },
  { cmd: 'type', weight: 2, gen: (g) => ['TYPE', g.key()] },
  { cmd: 'rename', gen: (g) => ['RENAME', g.key(), g.key()] },
  { cmd: 'renamenx', gen: (g) => ['RENAMENX', g.key(), g.key()] },
  { cmd: 'copy', gen: (g) => ['COPY', g.key(), g.key(), ...g.opts([() => [g.kw('DB'), g.r.pick(['0', '1', '2', '16', '-1', 'x'])], () => [g.kw('REPLACE')]], 0.4)] },
  { cmd: 'move', gen: (g) => ['MOVE', g.key(), g.r.pick(['0', '1', '2', '15', '16', '-1', 'x'])] },
  { cmd: 'keys', gen: (g) => ['KEYS', g.r.pick(['*', 'a*', '?', '[ab]', '[^a]*', '*:*', 'k\\:1', '\\*', '[a-c]', '*x', '', '{t}*', '[', 'a[', '\x00*'])] },
  { cmd: 'scan', gen: (g) => ['SCAN', g.r.chance(0.9) ? '0' : g.r.pick(['x', '-1x', '18446744073709551616', '1.5', '']), ...g.opts([() => [g.kw('COUNT'), g.r.chance(0.8) ? '1000' : g.count()], () => [g.kw('MATCH'), g.r.pick(['*', 'a*', '?', '*x'])], () => [g.kw('TYPE'), g.r.pick(['string', 'hash', 'list', 'set', 'zset', 'stream', 'nope'])]], 0.4)] },
  { cmd: 'randomkey', gen: () => ['RANDOMKEY'] },
  { cmd: 'expire', weight: 2, gen: (g) => ['EXPIRE', g.key(), g.ttlS(), ...g.opts([() => [g.kw('NX')], () => [g.kw('XX')], () => [g.kw('GT')], () => [g.kw('LT')]], 0.2)] },
  { cmd: 'pexpire', gen: (g) => ['PEXPIRE', g.key(), g.ttlMs(), ...g.opts([() => [g.kw('NX')], () => [g.kw('XX')], () => [g.kw('GT')], () => [g.kw('LT')]], 0.2)] },
  { cmd: 'expireat', gen: (g) => ['EXPIREAT', g.key(), g.atS(), ...g.opts([() => [g.kw('NX')], () => [g.kw('XX')], () => [g.kw('GT')], () => [g.kw('LT')]], 0.2)] },
  { cmd: 'pexpireat', gen: (g) => ['PEXPIREAT', g.key(), g.atMs(), ...g.opts([() => [g.kw('NX')], () => [g.kw('XX')], () => [g.kw('GT')], () => [g.kw('LT')]], 0.2)] },
  { cmd: 'ttl', weight: 2, gen: (g) => ['TTL', g.key()] },
  { cmd: 'pttl', gen: (g) => ['PTTL', g.key()] },
  { cmd: 'expiretime', gen: (g) => ['EXPIRETIME', g.key()] },
  { cmd: 'pexpiretime', gen: (g) => ['PEXPIRETIME', g.key()] },
  { cmd: 'persist', gen: (g) => ['PERSIST', g.key()] },
  { cmd: 'object|encoding', weight: 2, gen: (g) => ['OBJECT', g.kw('ENCODING'), g.key()] },
  { cmd: 'object|refcount', gen: (g) => ['OBJECT', 'REFCOUNT', g.key()] },
  { cmd: 'object|freq', gen: (g) => ['OBJECT', 'FREQ', g.key()] },
  { cmd: 'object|idletime', gen: (g) => ['OBJECT', 'IDLETIME', g.key()] },
  { cmd: 'dump', gen: (g) => ['DUMP', g.key()] },
  { cmd: 'sort', weight: 2, gen: (g) => ['SORT', g.key(), ...sortOpts(g, true)] },
  { cmd: 'sort_ro', gen: (g) => ['SORT_RO', g.key(), ...sortOpts(g, false)] },
];

/**
 * SORT options. BY/GET patterns substitute the shared key names ('*' alone, prefixes, hash
 * fields through "->"); ALPHA is never combined with a BY pattern, whose ties keep Redis's
 * dict order for hashtable sets and zsets.
 */
function sortOpts(g: Gen, store: boolean): string[] {
  const out: string[] = [];
  const alpha = g.r.chance(0.3);
  const doStore = store && g.r.chance(0.25);
  // "nosort" on a hashtable set replies in dict order, except with STORE (sorted ALPHA).
  if (g.r.chance(0.4)) {
    if (doStore) out.push(g.kw('BY'), alpha || g.r.chance(0.5) ? 'nosort' : g.r.pick(['*', 'k:*', '*->f', 'nokey_*']));
    else if (!alpha) out.push(g.kw('BY'), g.r.pick(['*', 'k:*', '*->f', '{t}*', 'nokey_*', '*->']));
  }
  if (g.r.chance(0.3)) out.push(g.kw('LIMIT'), g.index(), g.index());
  const ngets = g.r.chance(0.3) ? g.r.range(1, 3) : 0;
  for (let i = 0; i < ngets; i++) out.push(g.kw('GET'), g.r.pick(['#', '*', '*->f', 'k:*', 'fixed', '#x']));
  if (alpha) out.push(g.kw('ALPHA'));
  if (g.r.chance(0.4)) out.push(g.kw(g.r.pick(['ASC', 'DESC'])));
  if (doStore) out.push(g.kw('STORE'), g.key());
  if (g.r.chance(0.03)) out.push(g.r.pick(['BY', 'LIMIT', 'GET', 'STORE', 'bad']));
  return out;
}

const SERVER: CmdGen[] = [
  { cmd: 'dbsize', weight: 2, gen: () => ['DBSIZE'] },
  { cmd: 'flushdb', weight: 0.3, gen: (g) => ['FLUSHDB', ...(g.r.chance(0.3) ? [g.r.pick(['ASYNC', 'SYNC', 'bad'])] : [])] },
  { cmd: 'flushall', weight: 0.2, gen: (g) => ['FLUSHALL', ...(g.r.chance(0.3) ? [g.r.pick(['ASYNC', 'SYNC', 'bad'])] : [])] },
  { cmd: 'swapdb', weight: 0.5, gen: (g) => ['SWAPDB', g.r.pick(['0', '1', '2', '16', '-1', 'x']), g.r.pick(['0', '1', '2'])] },
];

const CONFIG_VALUES: Record<string, string[]> = {
  'hash-max-listpack-entries': ['0', '1', '2', '3', '128', '-1', 'x'],
  'hash-max-listpack-value': ['0', '1', '3', '64'],
  'set-max-intset-entries': ['0', '1', '2', '3', '512'],
  'zset-max-listpack-entries': ['0', '1', '2', '3', '128'],
  'zset-max-listpack-value': ['0', '1', '3', '64'],
  'list-max-listpack-size': ['-5', '-1', '-2', '1', '2', '3', '-6', '0'],
  'proto-max-bulk-len': ['1048576', '1000', '536870912', '1mb', '0', 'x'],
};

const INTROSPECTION: CmdGen[] = [
  // Named commands only (COMMAND INFO alone lists all in dict order), and no containers
  // (their subcommands also come out in dict order).
  { cmd: 'command|info', gen: (g) => ['COMMAND', 'INFO', ...Array.from({ length: g.r.range(1, 3) }, () => (g.r.chance(0.9) && g.names.length > 0 ? g.kw(g.r.pick(g.names)) : 'nosuch'))] },
  { cmd: 'command|getkeys', gen: (g) => ['COMMAND', 'GETKEYS', ...g.other()] },
  { cmd: 'config|get', weight: 0.5, gen: (g) => ['CONFIG', 'GET', g.r.pick(CONFIG_PARAMS), ...(g.r.chance(0.2) ? [g.r.pick(CONFIG_PARAMS)] : [])] },
  {
    cmd: 'config|set',
    weight: 0.5,
    gen: (g) => {
      const p = g.r.pick(CONFIG_PARAMS);
      return ['CONFIG', 'SET', p, g.r.pick(CONFIG_VALUES[p] ?? ['0'])];
    },
  },
];

const CONNECTION: CmdGen[] = [
  { cmd: 'ping', weight: 0.5, gen: (g) => ['PING', ...(g.r.chance(0.5) ? [g.val()] : [])] },
  { cmd: 'echo', weight: 0.5, gen: (g) => ['ECHO', g.val()] },
  { cmd: 'select', weight: 1, gen: (g) => ['SELECT', g.r.chance(0.9) ? g.r.pick(['0', '0', '1', '2']) : g.r.pick(['16', '-1', 'x', ''])] },
];

const HASH_FIELDS = ['f1', 'f2', 'f3', 'f4', 'n', '', '12', 'x'.repeat(70), '\x00f\xff'];
const hfield = (g: Gen): string => g.r.pick(HASH_FIELDS);
// HSCAN cursors other than 0 are invalid ones only: a made-up cursor walks a hashtable
// differently in Redis (reverse-binary bucket order) and tsredis (pair positions).
const hpairs = (g: Gen, max: number): string[] => Array.from({ length: g.r.range(1, max) }, () => [hfield(g), g.val()]).flat();

const HASH: CmdGen[] = [
  { cmd: 'hset', weight: 4, gen: (g) => ['HSET', g.key(), ...hpairs(g, 4), ...(g.r.chance(0.03) ? ['odd'] : [])] },
  { cmd: 'hmset', gen: (g) => ['HMSET', g.key(), ...hpairs(g, 3), ...(g.r.chance(0.05) ? ['odd'] : [])] },
  { cmd: 'hsetnx', gen: (g) => ['HSETNX', g.key(), hfield(g), g.val()] },
  { cmd: 'hget', weight: 2, gen: (g) => ['HGET', g.key(), g.r.chance(0.9) ? hfield(g) : 'nope'] },
  { cmd: 'hmget', gen: (g) => ['HMGET', g.key(), hfield(g), ...(g.r.chance(0.5) ? [hfield(g), 'nope'] : [])] },
  { cmd: 'hdel', gen: (g) => ['HDEL', g.key(), hfield(g), ...(g.r.chance(0.3) ? [hfield(g), hfield(g)] : [])] },
  { cmd: 'hlen', gen: (g) => ['HLEN', g.key()] },
  { cmd: 'hstrlen', gen: (g) => ['HSTRLEN', g.key(), hfield(g)] },
  { cmd: 'hexists', gen: (g) => ['HEXISTS', g.key(), hfield(g)] },
  { cmd: 'hincrby', weight: 2, gen: (g) => ['HINCRBY', g.key(), g.r.pick(['f1', 'n', '12', 'x'.repeat(70)]), g.int()] },
  { cmd: 'hincrbyfloat', weight: 2, gen: (g) => ['HINCRBYFLOAT', g.key(), g.r.pick(['f1', 'n', '12', 'x'.repeat(70)]), g.float()] },
  { cmd: 'hgetall', gen: (g) => ['HGETALL', g.key()] },
  { cmd: 'hkeys', gen: (g) => ['HKEYS', g.key()] },
  { cmd: 'hvals', gen: (g) => ['HVALS', g.key()] },
  {
    cmd: 'hrandfield',
    gen: (g) => ['HRANDFIELD', g.key(), ...(g.r.chance(0.7) ? [g.r.chance(0.8) ? String(g.r.range(-12, 12)) : g.index(), ...(g.r.chance(0.4) ? [g.kw(g.r.chance(0.9) ? 'WITHVALUES' : 'WITHSCORES')] : [])] : [])],
  },
  {
    cmd: 'hscan',
    gen: (g) => ['HSCAN', g.key(), g.r.chance(0.9) ? '0' : g.r.pick(['18446744073709551616', 'x', '', ' 0']), ...g.opts([() => [g.kw('COUNT'), g.r.pick(['1', '3', '1000', '0', '-1', 'x'])], () => [g.kw('MATCH'), g.r.pick(['*', 'f*', '?1', '[fn]*', '', 'x*'])], () => [g.r.pick(['NOVALUES', 'TYPE'])]], 0.4)],
  },
];

const LIST: CmdGen[] = [
  { cmd: 'lpush', weight: 3, gen: (g) => ['LPUSH', g.key(), ...Array.from({ length: g.r.range(1, 3) }, () => g.val())] },
  { cmd: 'rpush', weight: 3, gen: (g) => ['RPUSH', g.key(), ...Array.from({ length: g.r.range(1, 3) }, () => g.val())] },
  { cmd: 'lpushx', gen: (g) => ['LPUSHX', g.key(), g.val()] },
  { cmd: 'rpushx', gen: (g) => ['RPUSHX', g.key(), g.val()] },
  { cmd: 'lpop', weight: 2, gen: (g) => ['LPOP', g.key(), ...(g.r.chance(0.4) ? [g.count()] : [])] },
  { cmd: 'rpop', weight: 2, gen: (g) => ['RPOP', g.key(), ...(g.r.chance(0.4) ? [g.count()] : [])] },
  { cmd: 'llen', gen: (g) => ['LLEN', g.key()] },
  { cmd: 'lrange', weight: 2, gen: (g) => ['LRANGE', g.key(), g.index(), g.index()] },
  { cmd: 'lindex', gen: (g) => ['LINDEX', g.key(), g.index()] },
  { cmd: 'lset', gen: (g) => ['LSET', g.key(), g.index(), g.val()] },
  { cmd: 'ltrim', gen: (g) => ['LTRIM', g.key(), g.index(), g.index()] },
  { cmd: 'lrem', gen: (g) => ['LREM', g.key(), g.index(), g.val()] },
  { cmd: 'linsert', gen: (g) => ['LINSERT', g.key(), g.kw(g.r.pick(['BEFORE', 'AFTER', 'MIDDLE'])), g.val(), g.val()] },
  { cmd: 'lpos', gen: (g) => ['LPOS', g.key(), g.val(), ...g.opts([() => ['RANK', g.index()], () => ['COUNT', g.count()], () => ['MAXLEN', g.count()]])] },
  { cmd: 'lmove', gen: (g) => ['LMOVE', g.key(), g.key(), g.r.pick(['LEFT', 'RIGHT', 'UP']), g.r.pick(['LEFT', 'RIGHT'])] },
  { cmd: 'rpoplpush', gen: (g) => ['RPOPLPUSH', g.key(), g.key()] },
  { cmd: 'blpop', weight: 0.15, gen: (g) => ['BLPOP', ...g.keys(1, 2), blockTimeout(g)] },
  { cmd: 'brpop', weight: 0.15, gen: (g) => ['BRPOP', ...g.keys(1, 2), blockTimeout(g)] },
  { cmd: 'blmove', weight: 0.15, gen: (g) => ['BLMOVE', g.key(), g.key(), g.r.pick(['LEFT', 'RIGHT']), g.r.pick(['LEFT', 'RIGHT']), blockTimeout(g)] },
  { cmd: 'blmpop', weight: 0.15, gen: (g) => ['BLMPOP', blockTimeout(g), '1', g.key(), g.r.pick(['LEFT', 'RIGHT'])] },
  { cmd: 'lmpop', gen: (g) => ['LMPOP', g.r.pick(['1', '2', '0', '-1']), ...g.keys(1, 2), g.r.pick(['LEFT', 'RIGHT', 'UP']), ...(g.r.chance(0.4) ? ['COUNT', g.count()] : [])] },
  // A small vocabulary so that LREM/LINSERT/LPOS find matches, and long pushes so that
  // lists grow past tsredis's 128-element array into its block deque.
  { cmd: 'rpush', weight: 0.4, gen: (g) => [g.r.pick(['RPUSH', 'LPUSH']), g.key(), ...Array.from({ length: g.r.range(60, 200) }, () => listWord(g))] },
  { cmd: 'lrem', weight: 1.5, gen: (g) => ['LREM', g.key(), g.r.pick(['0', '1', '-1', '2', '-3', '100', '-100']), listWord(g)] },
  { cmd: 'linsert', weight: 1.5, gen: (g) => ['LINSERT', g.key(), g.r.pick(['BEFORE', 'AFTER', 'before']), listWord(g), g.val()] },
  { cmd: 'lpos', weight: 1.5, gen: (g) => ['LPOS', g.key(), listWord(g), ...g.opts([() => ['RANK', g.r.pick(['1', '2', '-1', '-2', '5', '-9223372036854775808'])], () => ['COUNT', g.r.pick(['0', '1', '3'])], () => ['MAXLEN', g.r.pick(['0', '1', '10', '150'])]])] },
  { cmd: 'lrange', weight: 1, gen: (g) => ['LRANGE', g.key(), String(g.r.range(-200, 200)), String(g.r.range(-200, 200))] },
  { cmd: 'ltrim', weight: 0.5, gen: (g) => ['LTRIM', g.key(), String(g.r.range(-150, 150)), String(g.r.range(-150, 150))] },
  { cmd: 'lset', weight: 0.7, gen: (g) => ['LSET', g.key(), String(g.r.range(-200, 200)), listWord(g)] },
  { cmd: 'lindex', weight: 0.7, gen: (g) => ['LINDEX', g.key(), String(g.r.range(-200, 200))] },
  { cmd: 'lmpop', weight: 0.7, gen: (g) => ['LMPOP', '3', ...g.keys(3, 3), g.r.pick(['LEFT', 'RIGHT']), 'COUNT', String(g.r.range(1, 80))] },
];

const listWord = (g: Gen): string => g.r.pick(['a', 'b', 'c', '1', '2', '']);

/**
 * Timeouts for blocking commands: short and never 0 (0 blocks forever). A sequence is sent
 * by one client at a time, so nothing can unblock them: they time out on both servers.
 * Rare (low weight): each one that blocks costs the run a few milliseconds.
 */
const blockTimeout = (g: Gen): string => g.r.pick(['0.001', '0.001', '0.002', '0.01', '-1', 'x', '1e-3']);

const SET: CmdGen[] = [
  { cmd: 'sadd', weight: 4, gen: (g) => ['SADD', g.key(), ...Array.from({ length: g.r.range(1, 4) }, () => (g.r.chance(0.5) ? String(g.r.range(-5, 20)) : g.val()))] },
  { cmd: 'srem', weight: 2, gen: (g) => ['SREM', g.key(), ...Array.from({ length: g.r.range(1, 3) }, () => (g.r.chance(0.5) ? String(g.r.range(-5, 20)) : g.val()))] },
  { cmd: 'scard', gen: (g) => ['SCARD', g.key()] },
  { cmd: 'sismember', gen: (g) => ['SISMEMBER', g.key(), String(g.r.range(-5, 20))] },
  { cmd: 'smismember', gen: (g) => ['SMISMEMBER', g.key(), String(g.r.range(-5, 20)), g.val()] },
  { cmd: 'smembers', gen: (g) => ['SMEMBERS', g.key()] },
  { cmd: 'smove', gen: (g) => ['SMOVE', g.key(), g.key(), String(g.r.range(-5, 20))] },
  { cmd: 'sunion', gen: (g) => ['SUNION', ...g.keys(1, 3)] },
  { cmd: 'sinter', gen: (g) => ['SINTER', ...g.keys(1, 3)] },
  { cmd: 'sdiff', gen: (g) => ['SDIFF', ...g.keys(1, 3)] },
  { cmd: 'sunionstore', gen: (g) => ['SUNIONSTORE', g.key(), ...g.keys(1, 3)] },
  { cmd: 'sinterstore', gen: (g) => ['SINTERSTORE', g.key(), ...g.keys(1, 3)] },
  { cmd: 'sdiffstore', gen: (g) => ['SDIFFSTORE', g.key(), ...g.keys(1, 3)] },
  { cmd: 'sintercard', gen: (g) => ['SINTERCARD', g.r.pick(['1', '2', '0']), ...g.keys(1, 2), ...(g.r.chance(0.3) ? ['LIMIT', g.count()] : [])] },
  { cmd: 'spop', gen: (g) => ['SPOP', g.key(), g.r.pick(['1000', '100000', '0', '-1', 'x'])] },
  { cmd: 'srandmember', gen: (g) => ['SRANDMEMBER', g.key(), ...(g.r.chance(0.7) ? [g.index()] : [])] },
  // Integer-heavy members (intsets reply in ascending order, byte for byte), canonical or not.
  { cmd: 'sadd', weight: 2, gen: (g) => ['SADD', g.key(), ...Array.from({ length: g.r.range(1, 6) }, () => g.int())] },
  { cmd: 'smembers', gen: (g) => ['SMEMBERS', g.key()] },
  { cmd: 'smismember', gen: (g) => ['SMISMEMBER', g.key(), ...Array.from({ length: g.r.range(1, 4) }, () => (g.r.chance(0.5) ? g.int() : g.val()))] },
  { cmd: 'sismember', gen: (g) => ['SISMEMBER', g.key(), g.val()] },
  { cmd: 'smove', gen: (g) => ['SMOVE', g.key(), g.key(), g.r.chance(0.5) ? g.int() : g.val()] },
  { cmd: 'sinter', gen: (g) => ['SINTER', ...g.keys(1, 4)] },
  { cmd: 'sdiff', gen: (g) => ['SDIFF', ...g.keys(1, 4)] },
  { cmd: 'sdiffstore', gen: (g) => ['SDIFFSTORE', g.key(), ...g.keys(1, 4)] },
  { cmd: 'sintercard', gen: (g) => ['SINTERCARD', g.r.pick(['1', '2', '3', '-1', 'x', '9223372036854775808']), ...g.keys(1, 3), ...(g.r.chance(0.3) ? [g.kw('LIMIT'), g.count()] : []), ...(g.r.chance(0.05) ? [g.any()] : [])] },
  { cmd: 'spop', gen: (g) => ['SPOP', g.key(), ...(g.r.chance(0.5) ? [g.r.pick(['0', '-5', '1.5', '', INT64_MAX, INT64_MIN])] : [g.r.pick(['1000', 'x'])])] },
  { cmd: 'srandmember', gen: (g) => ['SRANDMEMBER', g.key(), g.r.pick(['0', '1000', '-0', INT64_MIN, '9223372036854775808'])] },
  // Whole-set scans (cursor 0) are compared as sets; options in any order, some invalid.
  { cmd: 'sscan', gen: (g) => ['SSCAN', g.key(), g.r.chance(0.9) ? '0' : g.r.pick(['x', '', '+', '18446744073709551616']), ...g.opts([() => [g.kw('MATCH'), g.r.pick(['*', '1*', '*a*', '[0-9]', '-*', 'x?'])], () => [g.kw('COUNT'), g.r.pick(['1', '10', '1000', '0', '-1', 'x'])], () => [g.kw('TYPE'), 'set']], 0.3)] },
];

const ZMEMBERS = ['m1', 'm2', 'm3', 'm4', 'a', 'b', '', '\xff', 'aa', 'm10'];
/** Score range bounds: inclusive, exclusive, infinities and invalid ones. */
function zScoreBound(g: Gen): string {
  const r = g.r;
  return r.weighted([
    [4, String(r.range(-3, 6))],
    [2, '(' + String(r.range(-3, 6))],
    [2, r.pick(['-inf', '+inf', 'inf', '(-inf', '(+inf'])],
    [1, r.pick(['x', '(', '', ' 1', '1 ', 'nan', '((1', '1e999', '0x2', '(1.5'])],
  ]);
}
function zLexBound(g: Gen): string {
  const r = g.r;
  return r.weighted([
    [4, r.pick(['[', '(']) + r.pick(ZMEMBERS)],
    [2, r.pick(['-', '+'])],
    [1, r.pick(['a', '', '+a', '--', '[', '('])],
  ]);
}
function zMember(g: Gen): string {
  return g.r.chance(0.9) ? g.r.pick(ZMEMBERS) : g.val();
}
function zScore(g: Gen): string {
  return g.r.chance(0.7) ? String(g.r.range(-3, 6)) : g.float();
}
function zKeysNum(g: Gen): string[] {
  const n = g.r.range(1, 3);
  const keys = g.keys(n, n);
  return [g.r.chance(0.9) ? String(n) : g.r.pick(['0', '-1', 'x', String(n + 1), '9223372036854775808']), ...keys];
}
function zAlgebraOpts(g: Gen, numkeys: number, withScores: boolean): string[] {
  return g.opts([
    () => [g.kw('WEIGHTS'), ...Array.from({ length: numkeys }, () => (g.r.chance(0.9) ? String(g.r.range(-2, 3)) : g.r.pick(['inf', '-inf', 'x', '1.5', 'nan'])))],
    () => [g.kw('AGGREGATE'), g.r.pick(['SUM', 'MIN', 'MAX', 'min', 'avg'])],
    ...(withScores ? [() => [g.kw('WITHSCORES')]] : []),
  ], 0.35);
}
function zAlgebra(g: Gen, name: string, store: boolean, weights: boolean): Argv {
  const nk = zKeysNum(g);
  const n = Number(nk[0]) > 0 && Number(nk[0]) < 4 ? Number(nk[0]) : 1;
  return [name, ...(store ? [g.key()] : []), ...nk, ...(weights ? zAlgebraOpts(g, n, !store) : !store && g.r.chance(0.4) ? [g.kw('WITHSCORES')] : [])];
}

const ZSET: CmdGen[] = [
  { cmd: 'zadd', weight: 4, gen: (g) => ['ZADD', g.key(), ...g.opts([() => ['NX'], () => ['XX'], () => ['GT'], () => ['LT'], () => ['CH'], () => ['INCR']], 0.1), ...Array.from({ length: g.r.range(1, 3) }, () => [g.float(), g.r.pick(['m1', 'm2', 'm3', ''])]).flat()] },
  { cmd: 'zadd', weight: 5, gen: (g) => ['ZADD', g.key(), ...g.opts([() => [g.kw('NX')], () => [g.kw('XX')], () => [g.kw('GT')], () => [g.kw('LT')], () => [g.kw('CH')], () => [g.kw('INCR')]], 0.08), ...Array.from({ length: g.r.range(1, 5) }, () => [zScore(g), zMember(g)]).flat()] },
  { cmd: 'zadd', weight: 2, gen: (g) => ['ZADD', g.key(), ...Array.from({ length: g.r.range(1, 6) }, () => ['0', zMember(g)]).flat()] },
  { cmd: 'zscore', gen: (g) => ['ZSCORE', g.key(), g.r.pick(['m1', 'm2', 'm3'])] },
  { cmd: 'zincrby', gen: (g) => ['ZINCRBY', g.key(), g.float(), g.r.pick(['m1', 'm2'])] },
  { cmd: 'zcard', gen: (g) => ['ZCARD', g.key()] },
  { cmd: 'zrem', gen: (g) => ['ZREM', g.key(), g.r.pick(['m1', 'm2', 'm3'])] },
  { cmd: 'zrem', gen: (g) => ['ZREM', g.key(), ...Array.from({ length: g.r.range(1, 4) }, () => zMember(g))] },
  { cmd: 'zrange', weight: 2, gen: (g) => ['ZRANGE', g.key(), g.index(), g.index(), ...g.opts([() => ['REV'], () => ['WITHSCORES']])] },
  { cmd: 'zrange', weight: 2, gen: (g) => ['ZRANGE', g.key(), zScoreBound(g), zScoreBound(g), g.kw('BYSCORE'), ...g.opts([() => [g.kw('REV')], () => [g.kw('WITHSCORES')], () => [g.kw('LIMIT'), g.index(), g.index()]], 0.4)] },
  { cmd: 'zrange', weight: 2, gen: (g) => ['ZRANGE', g.key(), zLexBound(g), zLexBound(g), g.kw('BYLEX'), ...g.opts([() => [g.kw('REV')], () => [g.kw('WITHSCORES')], () => [g.kw('LIMIT'), g.index(), g.index()]], 0.3)] },
  { cmd: 'zrangebyscore', gen: (g) => ['ZRANGEBYSCORE', g.key(), g.r.pick(['-inf', '(1', '0', g.float()]), g.r.pick(['+inf', '(5', '10', g.float()]), ...g.opts([() => ['WITHSCORES'], () => ['LIMIT', g.index(), g.index()]])] },
  { cmd: 'zrevrangebyscore', gen: (g) => ['ZREVRANGEBYSCORE', g.key(), zScoreBound(g), zScoreBound(g), ...g.opts([() => ['WITHSCORES'], () => ['LIMIT', g.index(), g.index()]])] },
  { cmd: 'zrangebylex', gen: (g) => ['ZRANGEBYLEX', g.key(), zLexBound(g), zLexBound(g), ...g.opts([() => ['LIMIT', g.index(), g.index()]])] },
  { cmd: 'zrevrangebylex', gen: (g) => ['ZREVRANGEBYLEX', g.key(), zLexBound(g), zLexBound(g), ...g.opts([() => ['LIMIT', g.index(), g.index()]])] },
  { cmd: 'zrevrange', gen: (g) => ['ZREVRANGE', g.key(), g.index(), g.index(), ...g.opts([() => ['WITHSCORES']])] },
  { cmd: 'zrangestore', gen: (g) => ['ZRANGESTORE', g.key(), g.key(), g.index(), g.index(), ...g.opts([() => ['REV'], () => ['WITHSCORES']], 0.2)] },
  { cmd: 'zrangestore', gen: (g) => ['ZRANGESTORE', g.key(), g.key(), zScoreBound(g), zScoreBound(g), 'BYSCORE', ...g.opts([() => ['REV'], () => ['LIMIT', g.index(), g.index()]], 0.3)] },
  { cmd: 'zrank', gen: (g) => ['ZRANK', g.key(), g.r.pick(['m1', 'm2', 'm3'])] },
  { cmd: 'zrevrank', gen: (g) => ['ZREVRANK', g.key(), zMember(g)] },
  { cmd: 'zcount', gen: (g) => ['ZCOUNT', g.key(), g.r.pick(['-inf', '(1', '0']), g.r.pick(['+inf', '(5', '10'])] },
  { cmd: 'zcount', gen: (g) => ['ZCOUNT', g.key(), zScoreBound(g), zScoreBound(g)] },
  { cmd: 'zlexcount', gen: (g) => ['ZLEXCOUNT', g.key(), zLexBound(g), zLexBound(g)] },
  { cmd: 'zremrangebyrank', gen: (g) => ['ZREMRANGEBYRANK', g.key(), g.index(), g.index()] },
  { cmd: 'zremrangebyscore', gen: (g) => ['ZREMRANGEBYSCORE', g.key(), zScoreBound(g), zScoreBound(g)] },
  { cmd: 'zremrangebylex', gen: (g) => ['ZREMRANGEBYLEX', g.key(), zLexBound(g), zLexBound(g)] },
  { cmd: 'zpopmin', gen: (g) => ['ZPOPMIN', g.key(), ...(g.r.chance(0.5) ? [g.count()] : [])] },
  { cmd: 'zpopmax', gen: (g) => ['ZPOPMAX', g.key(), ...(g.r.chance(0.5) ? [g.count()] : [])] },
  { cmd: 'zmpop', gen: (g) => ['ZMPOP', ...zKeysNum(g), g.r.pick(['MIN', 'MAX', 'max', 'mid']), ...(g.r.chance(0.5) ? [g.kw('COUNT'), g.count()] : [])] },
  { cmd: 'bzpopmin', weight: 0.15, gen: (g) => ['BZPOPMIN', ...g.keys(1, 2), blockTimeout(g)] },
  { cmd: 'bzpopmax', weight: 0.15, gen: (g) => ['BZPOPMAX', ...g.keys(1, 2), blockTimeout(g)] },
  { cmd: 'bzmpop', weight: 0.15, gen: (g) => ['BZMPOP', blockTimeout(g), ...zKeysNum(g), g.r.pick(['MIN', 'MAX']), ...(g.r.chance(0.5) ? ['COUNT', g.count()] : [])] },
  { cmd: 'zmscore', gen: (g) => ['ZMSCORE', g.key(), 'm1', 'nope'] },
  { cmd: 'zmscore', gen: (g) => ['ZMSCORE', g.key(), ...Array.from({ length: g.r.range(1, 4) }, () => zMember(g))] },
  { cmd: 'zrandmember', gen: (g) => ['ZRANDMEMBER', g.key(), ...(g.r.chance(0.7) ? [g.r.pick(['0', '1000', '-0', 'x', '9223372036854775807', '-9223372036854775808']), ...(g.r.chance(0.4) ? [g.kw('WITHSCORES')] : [])] : [])] },
  { cmd: 'zunion', gen: (g) => zAlgebra(g, 'ZUNION', false, true) },
  { cmd: 'zinter', gen: (g) => zAlgebra(g, 'ZINTER', false, true) },
  { cmd: 'zdiff', gen: (g) => zAlgebra(g, 'ZDIFF', false, g.r.chance(0.2)) },
  { cmd: 'zunionstore', gen: (g) => zAlgebra(g, 'ZUNIONSTORE', true, true) },
  { cmd: 'zinterstore', gen: (g) => zAlgebra(g, 'ZINTERSTORE', true, true) },
  { cmd: 'zdiffstore', gen: (g) => zAlgebra(g, 'ZDIFFSTORE', true, g.r.chance(0.2)) },
  { cmd: 'zintercard', gen: (g) => ['ZINTERCARD', ...zKeysNum(g), ...(g.r.chance(0.4) ? [g.kw('LIMIT'), g.count()] : [])] },
  { cmd: 'zscan', gen: (g) => ['ZSCAN', g.key(), g.r.chance(0.9) ? '0' : g.r.pick(['x', '', '+', '-1', '18446744073709551616']), ...g.opts([() => [g.kw('MATCH'), g.r.pick(['*', 'm*', '*1*', '[ab]', 'x?'])], () => [g.kw('COUNT'), g.r.pick(['1', '10', '1000', '0', '-1', 'x'])]], 0.3)] },
  { cmd: 'sadd', weight: 0.5, gen: (g) => ['SADD', g.key(), ...Array.from({ length: g.r.range(1, 3) }, () => zMember(g))] },
];

const HLL: CmdGen[] = [
  { cmd: 'pfadd', weight: 3, gen: (g) => ['PFADD', g.key(), ...Array.from({ length: g.r.range(0, 4) }, () => (g.r.chance(0.3) ? String(g.r.range(0, 100000)) : g.val()))] },
  { cmd: 'pfcount', weight: 2, gen: (g) => ['PFCOUNT', ...g.keys(1, 3)] },
  { cmd: 'pfmerge', gen: (g) => ['PFMERGE', g.key(), ...g.keys(0, 2)] },
  // Bulk adds push registers past the sparse limits (VAL > 32 or hll-sparse-max-bytes).
  { cmd: 'pfadd', weight: 0.5, gen: (g) => ['PFADD', g.key(), ...Array.from({ length: g.r.range(50, 400) }, (_, i) => `e${g.r.range(0, 5000)}:${i}`)] },
  { cmd: 'pfdebug', weight: 0.5, gen: (g) => ['PFDEBUG', g.r.pick(['ENCODING', 'DECODE', 'TODENSE', 'encoding', 'nope']), g.key()] },
  // The HLL bytes themselves (header, cache, opcodes, registers).
  { cmd: 'get', weight: 0.7, gen: (g) => ['GET', g.key()] },
];

const GEO: CmdGen[] = [
  {
    cmd: 'geoadd',
    weight: 3,
    gen: (g) => {
      const lon = (): string => (g.r.chance(0.85) ? (g.r.range(-1800000, 1800000) / 10000).toString() : g.r.pick(['180.1', '-181', 'x', 'inf', '0']));
      const lat = (): string => (g.r.chance(0.85) ? (g.r.range(-850511, 850511) / 10000).toString() : g.r.pick(['85.06', '-90', 'x', '0']));
      return ['GEOADD', g.key(), ...g.opts([() => ['NX'], () => ['XX'], () => ['CH']], 0.1), ...Array.from({ length: g.r.range(1, 2) }, () => [lon(), lat(), g.r.pick(['p1', 'p2', 'p3'])]).flat()];
    },
  },
  { cmd: 'geopos', gen: (g) => ['GEOPOS', g.key(), 'p1', g.r.pick(['p2', 'nope'])] },
  { cmd: 'geodist', gen: (g) => ['GEODIST', g.key(), 'p1', g.r.pick(['p2', 'p3', 'nope']), ...(g.r.chance(0.5) ? [g.r.pick(['m', 'km', 'mi', 'ft', 'xx'])] : [])] },
  { cmd: 'geohash', gen: (g) => ['GEOHASH', g.key(), 'p1', 'p2'] },
  { cmd: 'geosearch', gen: (g) => ['GEOSEARCH', g.key(), ...(g.r.chance(0.5) ? ['FROMMEMBER', 'p1'] : ['FROMLONLAT', '10', '20']), ...(g.r.chance(0.5) ? ['BYRADIUS', g.r.pick(['100', '5000', '0', '-1']), 'km'] : ['BYBOX', '400', '400', 'km']), ...g.opts([() => ['ASC'], () => ['WITHCOORD'], () => ['WITHDIST'], () => ['COUNT', g.count()]], 0.4)] },
  // Clustered points (many close or equal distances) and every search form with its options.
  { cmd: 'geoadd', weight: 2, gen: (g) => ['GEOADD', g.key(), ...Array.from({ length: g.r.range(1, 6) }, () => [(10 + g.r.range(-300, 300) / 100).toString(), (20 + g.r.range(-300, 300) / 100).toString(), g.r.pick(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'])]).flat()] },
  { cmd: 'geosearch', weight: 2, gen: (g) => ['GEOSEARCH', g.key(), ...geoFrom(g), ...geoBy(g), ...geoOpts(g, true)] },
  { cmd: 'geosearchstore', weight: 2, gen: (g) => ['GEOSEARCHSTORE', g.key(), g.key(), ...geoFrom(g), ...geoBy(g), ...geoOpts(g, false), ...(g.r.chance(0.4) ? [g.kw('STOREDIST')] : [])] },
  { cmd: 'georadius', gen: (g) => ['GEORADIUS', g.key(), g.r.pick(['10', '9.5', '11.2', '200', 'x']), g.r.pick(['20', '21.3', '18', '-91']), ...geoRadius(g), ...geoOpts(g, true), ...geoStore(g)] },
  { cmd: 'georadius_ro', gen: (g) => ['GEORADIUS_RO', g.key(), g.r.pick(['10', '9.5', '11.2']), g.r.pick(['20', '21.3', '18']), ...geoRadius(g), ...geoOpts(g, true)] },
  { cmd: 'georadiusbymember', gen: (g) => ['GEORADIUSBYMEMBER', g.key(), g.r.pick(['p1', 'p2', 'p5', 'nope']), ...geoRadius(g), ...geoOpts(g, true), ...geoStore(g)] },
  { cmd: 'georadiusbymember_ro', gen: (g) => ['GEORADIUSBYMEMBER_RO', g.key(), g.r.pick(['p1', 'p2', 'p5', 'nope']), ...geoRadius(g), ...geoOpts(g, true)] },
  { cmd: 'zrange', weight: 0.7, gen: (g) => ['ZRANGE', g.key(), '0', '-1', 'WITHSCORES'] },
];

function geoFrom(g: Gen): string[] {
  return g.r.weighted<string[]>([
    [4, [g.kw('FROMMEMBER'), g.r.pick(['p1', 'p2', 'p3', 'p7', 'nope'])]],
    [4, [g.kw('FROMLONLAT'), (10 + g.r.range(-300, 300) / 100).toString(), (20 + g.r.range(-300, 300) / 100).toString()]],
    [1, [g.kw('FROMLONLAT'), g.r.pick(['181', 'x', '10']), g.r.pick(['86', '20', ''])]],
    [1, []],
  ]);
}
function geoBy(g: Gen): string[] {
  const unit = g.r.weighted([[8, g.r.pick(['m', 'km', 'mi', 'ft', 'KM'])], [1, 'yd']]);
  const size = (): string => g.r.weighted([[8, String(g.r.range(0, 500) * (unit === 'm' || unit === 'ft' ? 1000 : 1))], [1, g.r.pick(['-1', 'x', '0.5', '1e3'])]]);
  return g.r.weighted<string[]>([
    [4, [g.kw('BYRADIUS'), size(), unit]],
    [4, [g.kw('BYBOX'), size(), size(), unit]],
    [1, []],
  ]);
}
function geoRadius(g: Gen): string[] {
  const unit = g.r.pick(['km', 'mi', 'm', 'xx']);
  return [g.r.weighted([[8, String(g.r.range(0, 400) * (unit === 'm' ? 1000 : 1))], [1, g.r.pick(['-2', 'x'])]]), unit];
}
function geoOpts(g: Gen, withs: boolean): string[] {
  return g.opts([
    () => [g.kw(g.r.pick(['ASC', 'DESC']))],
    () => [g.kw('COUNT'), g.r.chance(0.8) ? String(g.r.range(1, 6)) : g.count(), ...(g.r.chance(0.3) ? [g.kw('ANY')] : [])],
    ...(withs ? [() => [g.kw('WITHDIST')], () => [g.kw('WITHCOORD')], () => [g.kw('WITHHASH')]] : []),
    () => (g.r.chance(0.1) ? [g.kw('ANY')] : []),
  ], 0.35);
}
function geoStore(g: Gen): string[] {
  return g.r.chance(0.3) ? [g.kw(g.r.pick(['STORE', 'STOREDIST'])), g.key()] : [];
}

/** A stream ID argument: mostly small explicit ones, sometimes incomplete, special or invalid. */
function xid(g: Gen): string {
  const r = g.r;
  if (r.chance(0.8)) return r.chance(0.5) ? `${r.range(0, 20)}-${r.range(0, 3)}` : String(r.range(0, 20));
  return r.pick(['-', '+', '0-0', 'x', '(3-0', '18446744073709551615-18446744073709551615', '18446744073709551616', '5-*', '-1', '', '3-18446744073709551615']);
}

function xgroupName(g: Gen): string {
  return g.r.weighted([[5, 'g1'], [3, 'g2'], [1, 'nog']]);
}

function xconsumer(g: Gen): string {
  return g.r.pick(['c1', 'c2', 'c3']);
}

const STREAM: CmdGen[] = [
  // Explicit IDs only: "*" IDs come from the clock.
  { cmd: 'xadd', weight: 4, gen: (g) => ['XADD', g.key(), ...g.opts([() => ['NOMKSTREAM'], () => [g.r.pick(['MAXLEN', 'MINID']), g.r.pick(['=', '~', '']), g.r.chance(0.5) ? g.count() : xid(g)].filter((x) => x !== ''), () => ['LIMIT', g.count()]], 0.2), g.r.chance(0.9) ? `${g.r.range(0, 20)}-${g.r.range(0, 3)}` : g.r.pick(['0-0', '0', 'x', '18446744073709551615-18446744073709551615', '5-*', `${g.r.range(0, 20)}-*`]), ...(g.r.chance(0.8) ? ['f', g.val()] : ['f', g.val(), g.r.pick(['f', 'g', '1']), g.val()])] },
  { cmd: 'xlen', gen: (g) => ['XLEN', g.key()] },
  { cmd: 'xrange', weight: 2, gen: (g) => ['XRANGE', g.key(), g.r.pick(['-', '0', '5', '(3-0', '3-1', xid(g)]), g.r.pick(['+', '10', '(15', '20-0', xid(g)]), ...(g.r.chance(0.3) ? ['COUNT', g.count()] : [])] },
  { cmd: 'xrevrange', gen: (g) => ['XREVRANGE', g.key(), g.r.pick(['+', '10', xid(g)]), g.r.pick(['-', '3', xid(g)]), ...(g.r.chance(0.3) ? ['COUNT', g.count()] : [])] },
  { cmd: 'xdel', gen: (g) => ['XDEL', g.key(), ...Array.from({ length: g.r.range(1, 3) }, () => xid(g))] },
  { cmd: 'xtrim', gen: (g) => ['XTRIM', g.key(), g.r.pick(['MAXLEN', 'MINID']), ...(g.r.chance(0.3) ? [g.r.pick(['=', '~'])] : []), g.r.pick(['0', '2', '5-0', '-1', '10', xid(g)]), ...(g.r.chance(0.1) ? ['LIMIT', g.count()] : [])] },
  { cmd: 'xread', gen: (g) => ['XREAD', ...(g.r.chance(0.3) ? ['COUNT', g.count()] : []), 'STREAMS', ...(g.r.chance(0.8) ? [g.key(), g.r.chance(0.2) ? '$' : xid(g)] : [g.key(), g.key(), xid(g), xid(g)])] },
  { cmd: 'xsetid', weight: 0.5, gen: (g) => ['XSETID', g.key(), xid(g), ...g.opts([() => ['ENTRIESADDED', g.count()], () => ['MAXDELETEDID', xid(g)]], 0.3)] },
  { cmd: 'xgroup', weight: 1.5, gen: (g) => {
    const r = g.r;
    switch (r.int(6)) {
      case 0: return ['XGROUP', 'CREATE', g.key(), xgroupName(g), r.pick(['$', '0', xid(g)]), ...g.opts([() => ['MKSTREAM'], () => ['ENTRIESREAD', g.count()]], 0.4)];
      case 1: return ['XGROUP', 'SETID', g.key(), xgroupName(g), r.pick(['$', '0', xid(g)]), ...(r.chance(0.3) ? ['ENTRIESREAD', g.count()] : [])];
      case 2: return ['XGROUP', 'DESTROY', g.key(), xgroupName(g)];
      case 3: return ['XGROUP', 'CREATECONSUMER', g.key(), xgroupName(g), xconsumer(g)];
      case 4: return ['XGROUP', 'DELCONSUMER', g.key(), xgroupName(g), xconsumer(g)];
      default: return ['XGROUP', r.pick(['HELP', 'NOPE', 'create'])];
    }
  } },
  { cmd: 'xreadgroup', weight: 2, gen: (g) => ['XREADGROUP', 'GROUP', xgroupName(g), xconsumer(g), ...(g.r.chance(0.3) ? ['COUNT', g.count()] : []), ...(g.r.chance(0.2) ? ['NOACK'] : []), 'STREAMS', ...(g.r.chance(0.8) ? [g.key(), g.r.chance(0.7) ? '>' : xid(g)] : [g.key(), g.key(), g.r.pick(['>', xid(g)]), g.r.pick(['>', xid(g)])])] },
  { cmd: 'xack', gen: (g) => ['XACK', g.key(), xgroupName(g), ...Array.from({ length: g.r.range(1, 3) }, () => xid(g))] },
  // Only the summary form: the extended form reports idle times.
  { cmd: 'xpending', gen: (g) => ['XPENDING', g.key(), xgroupName(g)] },
  { cmd: 'xclaim', gen: (g) => ['XCLAIM', g.key(), xgroupName(g), xconsumer(g), g.r.pick(['0', '0', '100000', 'x']), ...Array.from({ length: g.r.range(1, 3) }, () => xid(g)), ...g.opts([() => ['JUSTID'], () => ['FORCE'], () => ['RETRYCOUNT', g.count()], () => ['LASTID', xid(g)]], 0.3)] },
  { cmd: 'xautoclaim', gen: (g) => ['XAUTOCLAIM', g.key(), xgroupName(g), xconsumer(g), g.r.pick(['0', '0', '100000', 'x']), xid(g), ...g.opts([() => ['COUNT', g.count()], () => ['JUSTID']], 0.4)] },
  { cmd: 'xinfo', gen: (g) => (g.r.chance(0.6) ? ['XINFO', 'STREAM', g.key()] : g.r.chance(0.7) ? ['XINFO', 'GROUPS', g.key()] : ['XINFO', g.r.pick(['HELP', 'NOPE', 'STREAM']), g.key()]) },
];

const SCRIPTS = [
  'return 1', 'return {1,2,{3,"x"},nil,4}', 'return redis.call("GET", KEYS[1])', 'return redis.call("SET", KEYS[1], ARGV[1])',
  'return redis.pcall("INCR", KEYS[1])', 'return redis.call("INCR", KEYS[1])', 'return redis.status_reply("FINE")',
  'return redis.error_reply("MY ERR")', 'return 3.99', 'return tonumber(ARGV[1])', 'return {err="x"}', 'return nil', 'return false',
  'return true', 'return redis.call("TYPE", KEYS[1])', 'error("boom")', 'return redis.call("nosuch")', 'return #KEYS + #ARGV',
  'redis.setresp(3); return redis.call("ZRANGE", KEYS[1], 0, -1, "WITHSCORES")', 'return redis.sha1hex(ARGV[1] or "")', 'return {double=1.5}',
  'return redis.call("EXISTS", KEYS[1], KEYS[2])', 'x =', 'return ARGV', 'return {1, "two", {ok="three"}}',
  // Conversions, libraries and error paths of the Lua interpreter.
  'return redis.call("HSET", KEYS[1], "f", ARGV[1] or "v")', 'return redis.call("HGETALL", KEYS[1])',
  'redis.setresp(3) return redis.call("HGETALL", KEYS[1])', 'redis.setresp(3) return redis.call("SMEMBERS", KEYS[1])',
  'return redis.call("SADD", KEYS[1], ARGV[1] or "m")', 'return redis.call("ZADD", KEYS[1], 1.5, ARGV[1] or "m")',
  'redis.setresp(3) return redis.call("ZSCORE", KEYS[1], ARGV[1] or "m")', 'return redis.call("ZSCORE", KEYS[1], ARGV[1] or "m")',
  'return redis.call("LPUSH", KEYS[1], ARGV[1] or "x")', 'return redis.call("LRANGE", KEYS[1], 0, -1)',
  'return redis.call("SET", KEYS[1], 2^53)', 'return redis.call("INCRBYFLOAT", KEYS[1], 0.1)',
  'local ok, e = pcall(redis.call, "INCR", KEYS[1]) return {tostring(ok), e}',
  'return cjson.encode({a={1,2,3,"x/y",1.5e300}, b="x", name="n", id=7})', 'local o = {} for k in pairs({x=1, y=2, z=3, [1]=1, [5]=5}) do o[#o+1] = tostring(k) end return o', 'return cjson.decode(ARGV[1] or "[]")',
  'return cjson.encode(cjson.decode("[1,{\\"a\\":null},\\"s\\"]"))',
  'return {string.find(ARGV[1] or "", "(%d+)")}', 'return {string.gsub(ARGV[1] or "", "%a", "%0%0")}',
  'return string.format("%5.2f|%d|%q|%g", tonumber(ARGV[1]) or 0, #(ARGV[1] or ""), ARGV[1] or "", 1e20)',
  // NaN's sign (tostring gives "nan" or "-nan" as the C library prints it) is not kept by JS.
  'local n = tonumber(ARGV[1]) if n ~= n then return "NaN" end return tostring(n)', 'return {bit.band(#KEYS, 3), bit.tohex(65535), bit.bxor(5, 3)}',
  'local t = {} for i = 1, 5 do t[#t + 1] = i * i end table.sort(t, function(a, b) return a > b end) return t',
  'return redis.call("GET", KEYS[1]) .. "!"', 'return #redis.call("GET", KEYS[1])', 'return redis.call("GET")',
  'return redis.call("MULTI")', 'return nosuchglobal', 'local t = nil; return t.x', 'return redis.call("SELECT", 1)',
  'return {1, 2, 3.7, "x", nil, 5}', 'return {ok = redis.call("TYPE", KEYS[1]).ok}', 'error({err="MYCODE custom"})',
];

const SCRIPTING: CmdGen[] = [
  {
    cmd: 'eval',
    weight: 3,
    gen: (g) => {
      const nk = g.r.chance(0.9) ? String(g.r.range(0, 2)) : g.r.pick(['-1', '3', 'x']);
      const keys = /^[0-2]$/.test(nk) ? Array.from({ length: Number(nk) }, () => g.key()) : [];
      return ['EVAL', g.r.pick(SCRIPTS), nk, ...keys, ...Array.from({ length: g.r.range(0, 2) }, () => g.val())];
    },
  },
  { cmd: 'script|exists', gen: (g) => ['SCRIPT', 'EXISTS', g.r.pick(['e0e1f9fabfc9d4800c877a703b823ac0578ff8db', 'ffffffffffffffffffffffffffffffffffffffff', 'x'])] },
  { cmd: 'eval_ro', gen: (g) => ['EVAL_RO', g.r.pick(SCRIPTS), '1', g.key(), ...Array.from({ length: g.r.range(0, 2) }, () => g.val())] },
  { cmd: 'script|load', gen: (g) => ['SCRIPT', 'LOAD', g.r.pick(SCRIPTS)] },
  // SHA1 of 'return 1', of 'return redis.call("GET", KEYS[1])' and an unknown one.
  { cmd: 'evalsha', gen: (g) => [g.r.pick(['EVALSHA', 'EVALSHA_RO']), g.r.pick(['e0e1f9fabfc9d4800c877a703b823ac0578ff8db', '4e6d8fc8bb01276962cce5371fa795a7763657ae', 'ffffffffffffffffffffffffffffffffffffffff']), '1', g.key()] },
  { cmd: 'script|flush', weight: 0.2, gen: (g) => ['SCRIPT', 'FLUSH', ...(g.r.chance(0.5) ? [g.r.pick(['SYNC', 'ASYNC', 'x'])] : [])] },
  // One library at a time (FUNCTION LIST's order over several is Redis's dict order).
  { cmd: 'function|load', gen: (g) => ['FUNCTION', 'LOAD', ...(g.r.chance(0.5) ? ['REPLACE'] : []), g.r.pick(LIBRARIES)] },
  { cmd: 'fcall', weight: 2, gen: (g) => [g.r.pick(['FCALL', 'FCALL_RO']), g.r.pick(['get1', 'set1', 'ro1', 'nosuch']), '1', g.key(), g.val()] },
  { cmd: 'function|list', gen: (g) => ['FUNCTION', 'LIST', ...(g.r.chance(0.5) ? ['WITHCODE'] : [])] },
  { cmd: 'function|delete', weight: 0.5, gen: (g) => ['FUNCTION', 'DELETE', g.r.pick(['lib1', 'nolib'])] },
  { cmd: 'function|stats', weight: 0.3, gen: () => ['FUNCTION', 'STATS'] },
];

const LIBRARIES = [
  // One function per library too: FUNCTION LIST orders a library's functions by dict order.
  "#!lua name=lib1\nredis.register_function('get1', function(keys, args) return redis.call('GET', keys[1]) end)",
  "#!lua name=lib1\nredis.register_function{function_name='ro1', callback=function(keys, args) return {keys[1], args[1]} end, flags={'no-writes'}, description='d'}",
  "#!lua name=lib1\nredis.register_function('set1', function(keys, args) return redis.call('SET', keys[1], args[1]) end)",
  "#!lua name=lib1\nredis.call('PING')", '#!lua name=lib1\nreturn 1', 'return 1', "#!lua name=lib1\nredis.register_function('get1', 'x')",
];

// Only commands that leave the connection out of subscribed mode: a SUBSCRIBE would turn
// every later command of the sequence into the same RESP2 context error on both servers
// (and UNSUBSCRIBE's order over several channels is Redis's hash order).
const PUBSUB: CmdGen[] = [
  { cmd: 'publish', gen: (g) => ['PUBLISH', g.key(), g.val()] },
  { cmd: 'spublish', gen: (g) => ['SPUBLISH', g.key(), g.val()] },
  { cmd: 'pubsub|channels', gen: (g) => ['PUBSUB', g.kw('CHANNELS'), ...(g.r.chance(0.5) ? [g.r.pick(['*', 'k*', '?', '[a-z]*', g.key()])] : [])] },
  { cmd: 'pubsub|shardchannels', gen: (g) => ['PUBSUB', g.kw('SHARDCHANNELS'), ...(g.r.chance(0.5) ? [g.r.pick(['*', 'k*', g.key()])] : [])] },
  { cmd: 'pubsub|numsub', gen: (g) => ['PUBSUB', g.kw('NUMSUB'), ...g.keys(0, 2)] },
  { cmd: 'pubsub|shardnumsub', gen: (g) => ['PUBSUB', g.kw('SHARDNUMSUB'), ...g.keys(0, 2)] },
  { cmd: 'pubsub|numpat', gen: (g) => ['PUBSUB', g.kw('NUMPAT')] },
  { cmd: 'pubsub|help', weight: 0.2, gen: (g) => ['PUBSUB', g.kw('HELP')] },
  { cmd: 'unsubscribe', weight: 0.3, gen: (g) => ['UNSUBSCRIBE', ...g.keys(0, 1)] },
  { cmd: 'punsubscribe', weight: 0.3, gen: (g) => ['PUNSUBSCRIBE', ...g.keys(0, 1)] },
  { cmd: 'sunsubscribe', weight: 0.3, gen: (g) => ['SUNSUBSCRIBE', ...g.keys(0, 1)] },
];

/** Generator tables by Redis command group (the names --types accepts). */
export const GROUPS: Record<string, CmdGen[]> = {
  string: STRING,
  bitmap: BITMAP,
  generic: GENERIC,
  server: SERVER,
  introspection: INTROSPECTION,
  connection: CONNECTION,
  hash: HASH,
  list: LIST,
  set: SET,
  'sorted-set': ZSET,
  hyperloglog: HLL,
  geo: GEO,
  stream: STREAM,
  scripting: SCRIPTING,
  pubsub: PUBSUB,
};

/** Random arguments for any implemented command of the chosen groups (parsing and error paths). */
export function chaosArgv(g: Gen, names: readonly string[]): Argv {
  const name = g.r.pick(names);
  const [base, sub] = name.split('|') as [string, string | undefined];
  const argv = [g.kw(base.toUpperCase())];
  if (sub !== undefined) argv.push(g.kw(sub.toUpperCase()));
  const n = g.r.int(6);
  for (let i = 0; i < n; i++) argv.push(i === 0 && g.r.chance(0.7) ? g.key() : g.any());
  return argv;
}
