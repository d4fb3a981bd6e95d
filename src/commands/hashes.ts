// The "hash" command group: HSET/HMSET/HSETNX, HGET/HMGET, HDEL, HLEN, HSTRLEN, HEXISTS,
// HINCRBY/HINCRBYFLOAT, HKEYS/HVALS/HGETALL, HRANDFIELD and HSCAN.
//
// Behaviour (order of argument checks, error texts, encoding conversions, reply shapes in
// RESP2 and RESP3, what is propagated) follows Redis 7.0's t_hash.c; replies are compared
// byte for byte against redis-server in test/integration/hashes.test.ts. The data
// operations live in types/hash.ts.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { ReplyError, ERR_NOT_INTEGER, ERR_NOT_FLOAT, ERR_SYNTAX, WRONGTYPE } from '../util/errors.js';
import { string2ll, INT64_MAX, INT64_MIN } from '../util/numbers.js';
import { eqi } from '../util/strings.js';
import { compileGlob } from '../util/glob.js';
import { keyWritten } from './util.js';
import { parseScanCursor, parseScanOptions } from './keys.js';
import { ObjType } from '../types/value.js';
import { HashValue } from '../types/hash.js';
import { incrByFloatText, parseLongDouble } from '../types/string.js';

/** A hash for reading (counts a keyspace hit/miss); undefined if missing; WRONGTYPE otherwise. */
function readHash(c: Client, key: string): HashValue | undefined {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== ObjType.Hash) throw new ReplyError(WRONGTYPE);
  return v as HashValue;
}

/** A hash about to be modified; undefined if missing; WRONGTYPE for other types. */
function writeHash(c: Client, key: string): HashValue | undefined {
  const v = c.db.getForWrite(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== ObjType.Hash) throw new ReplyError(WRONGTYPE);
  return v as HashValue;
}

function maxEntries(c: Client): number {
  return c.server.config.num('hash-max-listpack-entries');
}

function maxValue(c: Client): number {
  return c.server.config.num('hash-max-listpack-value');
}

// ---------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------

/** HSET and HMSET: same work, HSET replies with the number of new fields, HMSET +OK. */
function hsetGeneric(c: Client, argv: string[], name: string): void {
  const argc = argv.length;
  if ((argc & 1) === 1) throw new ReplyError(`ERR wrong number of arguments for '${name}' command`);
  const key = argv[1]!;
  const db = c.db;
  let h = writeHash(c, key);
  const created = h === undefined;
  if (h === undefined) h = new HashValue();
  const entries = maxEntries(c);
  const vmax = maxValue(c);
  h.tryConversion(argv, 2, argc - 1, vmax);
  let added = 0;
  for (let i = 2; i < argc; i += 2) if (h.set(argv[i]!, argv[i + 1]!, entries, vmax)) added++;
  if (created) db.set(key, h);
  keyWritten(c, db, key, 'h', 'hset', (argc - 2) >> 1);
  if (name === 'hset') c.reply.int(added);
  else c.reply.ok();
}

function hsetCommand(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, 'hset');
}

function hmsetCommand(c: Client, argv: string[]): void {
  hsetGeneric(c, argv, 'hmset');
}

function hsetnxCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const field = argv[2]!;
  const db = c.db;
  let h = writeHash(c, key);
  if (h !== undefined && h.has(field)) {
    c.reply.int(0);
    return;
  }
  const created = h === undefined;
  if (h === undefined) h = new HashValue();
  const vmax = maxValue(c);
  h.tryConversion(argv, 2, 3, vmax);
  h.set(field, argv[3]!, maxEntries(c), vmax);
  if (created) db.set(key, h);
  keyWritten(c, db, key, 'h', 'hset');
  c.reply.int(1);
}

function hdelCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const db = c.db;
  const h = writeHash(c, key);
  if (h === undefined) {
    c.reply.int(0);
    return;
  }
  let deleted = 0;
  let removed = false;
  for (let j = 2; j < argv.length; j++) {
    if (h.delete(argv[j]!)) {
      deleted++;
      if (h.size === 0) {
        db.delete(key);
        removed = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    keyWritten(c, db, key, 'h', 'hdel', deleted);
    if (removed) c.server.notifyKeyspaceEvent('g', 'del', key, db.id);
  }
  c.reply.int(deleted);
}

function hincrbyCommand(c: Client, argv: string[]): void {
  const incr = string2ll(argv[3]!);
  if (incr === null) throw new ReplyError(ERR_NOT_INTEGER);
  const key = argv[1]!;
  const field = argv[2]!;
  const db = c.db;
  let h = writeHash(c, key);
  let old: number | bigint = 0;
  if (h !== undefined) {
    const cur = h.get(field);
    if (cur !== undefined) {
      const v = string2ll(cur);
      if (v === null) throw new ReplyError('ERR hash value is not an integer');
      old = v;
    }
  }
  let next: number | bigint;
  if (typeof old === 'number' && typeof incr === 'number' && Number.isSafeInteger(old + incr)) {
    next = old + incr;
  } else {
    const sum = BigInt(old) + BigInt(incr);
    if (sum > INT64_MAX || sum < INT64_MIN) throw new ReplyError('ERR increment or decrement would overflow');
    next = sum;
  }
  const created = h === undefined;
  if (h === undefined) h = new HashValue();
  h.set(field, String(next), maxEntries(c), maxValue(c));
  if (created) db.set(key, h);
  keyWritten(c, db, key, 'h', 'hincrby');
  c.reply.int(next);
}

function hincrbyfloatCommand(c: Client, argv: string[]): void {
  const incr = argv[3]!;
  const parsed = parseLongDouble(incr);
  if (parsed === null) throw new ReplyError(ERR_NOT_FLOAT);
  if (typeof parsed === 'string') throw new ReplyError('ERR value is NaN or Infinity');
  const key = argv[1]!;
  const field = argv[2]!;
  const db = c.db;
  let h = writeHash(c, key);
  const cur = h === undefined ? undefined : h.get(field);
  const r = incrByFloatText(cur === undefined ? '0' : cur, incr);
  if (r === 'notfloat') throw new ReplyError('ERR hash value is not a float');
  if (r === 'nan') throw new ReplyError('ERR increment would produce NaN or Infinity');
  const created = h === undefined;
  if (h === undefined) h = new HashValue();
  h.set(field, r, maxEntries(c), maxValue(c));
  if (created) db.set(key, h);
  keyWritten(c, db, key, 'h', 'hincrbyfloat');
  c.reply.bulk(r);
  // Replicas and the AOF get the result, not the addition (long double rounding may differ).
  c.propagateArgv = [['HSET', key, field, r]];
}

// ---------------------------------------------------------------------------------------
// Reads
// ---------------------------------------------------------------------------------------

function hgetCommand(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]!);
  const v = h === undefined ? undefined : h.get(argv[2]!);
  if (v === undefined) c.reply.nullBulk();
  else c.reply.bulk(v);
}

function hmgetCommand(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]!);
  const w = c.reply;
  w.arrayLen(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const v = h === undefined ? undefined : h.get(argv[i]!);
    if (v === undefined) w.nullBulk();
    else w.bulk(v);
  }
}

function hlenCommand(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]!);
  c.reply.int(h === undefined ? 0 : h.size);
}

function hstrlenCommand(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]!);
  const v = h === undefined ? undefined : h.get(argv[2]!);
  c.reply.int(v === undefined ? 0 : v.length);
}

function hexistsCommand(c: Client, argv: string[]): void {
  const h = readHash(c, argv[1]!);
  c.reply.int(h !== undefined && h.has(argv[2]!) ? 1 : 0);
}

const KEYS = 1;
const VALUES = 2;

/** HKEYS / HVALS / HGETALL (a map in RESP3; an empty one for a missing key). */
function getallGeneric(c: Client, key: string, what: number): void {
  const h = readHash(c, key);
  const w = c.reply;
  if (h === undefined) {
    if (what === (KEYS | VALUES)) w.mapLen(0);
    else w.arrayLen(0);
    return;
  }
  const d = h.data;
  const n = d.length;
  if (what === (KEYS | VALUES)) {
    w.mapLen(n >> 1);
    for (let i = 0; i < n; i++) w.bulk(d[i]!);
    return;
  }
  w.arrayLen(n >> 1);
  for (let i = what === KEYS ? 0 : 1; i < n; i += 2) w.bulk(d[i]!);
}

function hkeysCommand(c: Client, argv: string[]): void {
  getallGeneric(c, argv[1]!, KEYS);
}

function hvalsCommand(c: Client, argv: string[]): void {
  getallGeneric(c, argv[1]!, VALUES);
}

function hgetallCommand(c: Client, argv: string[]): void {
  getallGeneric(c, argv[1]!, KEYS | VALUES);
}

// ---------------------------------------------------------------------------------------
// HRANDFIELD
// ---------------------------------------------------------------------------------------

/** LONG_MAX / 2: WITHVALUES doubles the reply length, so Redis bounds the count first. */
const HALF_LONG_MAX = 4611686018427387903n;
/**
 * A reply with repetitions (negative count) can be asked to be far larger than memory.
 * Redis stops writing it once the client is flagged for closing by its output buffer
 * limit (client-output-buffer-limit); without a limit it would grow without bound. We
 * close the client at the configured hard limit, or at this size when none is set.
 */
const DEFAULT_REPLY_CAP = 512 * 1024 * 1024;

function hrandfieldCommand(c: Client, argv: string[]): void {
  if (argv.length >= 3) {
    const l = string2ll(argv[2]!);
    if (l === null) throw new ReplyError(ERR_NOT_INTEGER);
    if (l === INT64_MIN) {
      throw new ReplyError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
    }
    let withValues = false;
    if (argv.length > 4 || (argv.length === 4 && !eqi(argv[3]!, 'withvalues'))) throw new ReplyError(ERR_SYNTAX);
    if (argv.length === 4) {
      withValues = true;
      if (typeof l === 'bigint' && (l > HALF_LONG_MAX || l < -HALF_LONG_MAX)) throw new ReplyError('ERR value is out of range');
    }
    hrandfieldWithCount(c, argv[1]!, l, withValues);
    return;
  }
  const h = readHash(c, argv[1]!);
  if (h === undefined) c.reply.nullBulk();
  else c.reply.bulk(h.fieldAt(h.randomPair()));
}

function hrandfieldWithCount(c: Client, key: string, l: number | bigint, withValues: boolean): void {
  const h = readHash(c, key);
  const w = c.reply;
  if (h === undefined || l === 0) {
    w.arrayLen(0);
    return;
  }
  const size = h.size;
  const d = h.data;
  const flat = withValues && w.resp === 2;
  const pairs = withValues && w.resp === 3;

  if (l < 0 || l === 1) {
    // Repetitions allowed: `count` independent uniform picks, in random order.
    const count = typeof l === 'bigint' ? -l : Math.abs(l);
    if (typeof count === 'bigint' || count > Number.MAX_SAFE_INTEGER / 2) {
      w.raw('*' + String(flat ? BigInt(count) * 2n : BigInt(count)) + '\r\n');
    } else {
      w.arrayLen(flat ? count * 2 : count);
    }
    const hard = c.server.obufLimits.hard;
    const cap = hard > 0 ? hard : DEFAULT_REPLY_CAP;
    let left = typeof count === 'bigint' ? Number.POSITIVE_INFINITY : count;
    while (left > 0) {
      const batch = left > 1024 ? 1024 : left;
      left -= batch;
      for (let k = 0; k < batch; k++) {
        const i = Math.floor(Math.random() * size) * 2;
        if (pairs) w.arrayLen(2);
        w.bulk(d[i]!);
        if (withValues) w.bulk(d[i + 1]!);
      }
      if (left > 0 && w.len > cap) {
        c.server.log.warning(`Client id=${c.id} addr=${c.addr} closed for overcoming of output buffer limits.`);
        c.server.freeClient(c);
        return;
      }
    }
    return;
  }

  // Distinct fields. l > 1 here; a bigint is beyond any size.
  const count = typeof l === 'bigint' || l >= size ? size : l;
  w.arrayLen(flat ? count * 2 : count);
  if (count === size) {
    // The whole hash, in its own order (listpack order for small hashes, as Redis).
    for (let i = 0; i < d.length; i += 2) {
      if (pairs) w.arrayLen(2);
      w.bulk(d[i]!);
      if (withValues) w.bulk(d[i + 1]!);
    }
    return;
  }
  if (h.index === null || count * 3 > size) {
    // Selection sampling: each pair kept with probability needed/remaining, so the
    // sample comes out in hash order (as Redis's listpack sampling does).
    let need = count;
    for (let p = 0; p < size && need > 0; p++) {
      if (Math.random() * (size - p) < need) {
        need--;
        if (pairs) w.arrayLen(2);
        w.bulk(d[2 * p]!);
        if (withValues) w.bulk(d[2 * p + 1]!);
      }
    }
    return;
  }
  // Few fields from a big hash: random picks until `count` distinct ones.
  const seen = new Set<number>();
  while (seen.size < count) {
    const p = h.randomPair();
    if (seen.has(p)) continue;
    seen.add(p);
    if (pairs) w.arrayLen(2);
    w.bulk(d[2 * p]!);
    if (withValues) w.bulk(d[2 * p + 1]!);
  }
}

// ---------------------------------------------------------------------------------------
// HSCAN
// ---------------------------------------------------------------------------------------

function hscanCommand(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]!);
  const h = readHash(c, argv[1]!);
  const w = c.reply;
  if (h === undefined) {
    w.arrayLen(2);
    w.bulk('0');
    w.arrayLen(0);
    return;
  }
  // Options are parsed after the lookup, as Redis's scanGenericCommand does.
  const { count, pattern } = parseScanOptions(argv, 3, false);
  const match = pattern === null || pattern === '*' ? null : compileGlob(pattern);
  const d = h.data;
  let next = 0;
  let picked: number[] | null = null;
  if (h.index !== null) {
    // Hashtable: a cursor walk; a listpack is returned whole with cursor 0.
    picked = [];
    const start = cursor > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(cursor);
    next = h.scanStep(start, count, picked);
  }
  const out: string[] = [];
  if (picked === null) {
    for (let i = 0; i < d.length; i += 2) {
      if (match !== null && !match(d[i]!)) continue;
      out.push(d[i]!, d[i + 1]!);
    }
  } else {
    for (const p of picked) {
      const f = d[2 * p]!;
      if (match !== null && !match(f)) continue;
      out.push(f, d[2 * p + 1]!);
    }
  }
  w.arrayLen(2);
  w.bulk(String(next));
  w.bulkArray(out);
}

// ---------------------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------------------

const H = { keys: [1, 1, 1] as [number, number, number], acl: 'hash', group: 'hash' };

export const hashCommands: CommandDef[] = [
  { name: 'hset', arity: -4, flags: 'write denyoom fast', ...H, since: '2.0.0', summary: 'Sets one or more fields of a hash, creating the hash if needed; replies with how many fields are new.', complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.', handler: hsetCommand },
  { name: 'hsetnx', arity: 4, flags: 'write denyoom fast', ...H, since: '2.0.0', summary: 'Sets a hash field only when the field is not there yet.', complexity: 'O(1)', handler: hsetnxCommand },
  { name: 'hmset', arity: -4, flags: 'write denyoom fast', ...H, since: '2.0.0', summary: 'Sets several hash fields at once (older form of HSET that replies OK).', complexity: 'O(N) where N is the number of fields being set.', deprecatedSince: '4.0.0', replacedBy: '`HSET` with multiple field-value pairs', handler: hmsetCommand },
  { name: 'hget', arity: 3, flags: 'readonly fast', ...H, since: '2.0.0', summary: 'Returns the value of one hash field.', complexity: 'O(1)', handler: hgetCommand },
  { name: 'hmget', arity: -3, flags: 'readonly fast', ...H, since: '2.0.0', summary: 'Returns the values of several hash fields (nil for missing ones).', complexity: 'O(N) where N is the number of fields being requested.', handler: hmgetCommand },
  { name: 'hdel', arity: -3, flags: 'write fast', ...H, since: '2.0.0', summary: 'Removes fields from a hash, and the hash itself once it is empty.', complexity: 'O(N) where N is the number of fields to be removed.', handler: hdelCommand },
  { name: 'hlen', arity: 2, flags: 'readonly fast', ...H, since: '2.0.0', summary: 'Returns how many fields a hash has.', complexity: 'O(1)', handler: hlenCommand },
  { name: 'hstrlen', arity: 3, flags: 'readonly fast', ...H, since: '3.2.0', summary: 'Returns the length in bytes of a hash field value.', complexity: 'O(1)', handler: hstrlenCommand },
  { name: 'hexists', arity: 3, flags: 'readonly fast', ...H, since: '2.0.0', summary: 'Tells whether a hash has a field.', complexity: 'O(1)', handler: hexistsCommand },
  { name: 'hincrby', arity: 4, flags: 'write denyoom fast', ...H, since: '2.0.0', summary: 'Adds an integer to the integer stored in a hash field.', complexity: 'O(1)', handler: hincrbyCommand },
  { name: 'hincrbyfloat', arity: 4, flags: 'write denyoom fast', ...H, since: '2.6.0', summary: 'Adds a floating point number to the number stored in a hash field.', complexity: 'O(1)', handler: hincrbyfloatCommand },
  { name: 'hkeys', arity: 2, flags: 'readonly', ...H, since: '2.0.0', summary: 'Returns every field name of a hash.', complexity: 'O(N) where N is the size of the hash.', tips: ['nondeterministic_output_order'], handler: hkeysCommand },
  { name: 'hvals', arity: 2, flags: 'readonly', ...H, since: '2.0.0', summary: 'Returns every value of a hash.', complexity: 'O(N) where N is the size of the hash.', tips: ['nondeterministic_output_order'], handler: hvalsCommand },
  { name: 'hgetall', arity: 2, flags: 'readonly', ...H, since: '2.0.0', summary: 'Returns every field and value of a hash.', complexity: 'O(N) where N is the size of the hash.', tips: ['nondeterministic_output_order'], handler: hgetallCommand },
  { name: 'hrandfield', arity: -2, flags: 'readonly', ...H, since: '6.2.0', summary: 'Returns one or more random fields of a hash, optionally with their values.', complexity: 'O(N) where N is the number of fields returned', tips: ['nondeterministic_output'], handler: hrandfieldCommand },
  { name: 'hscan', arity: -3, flags: 'readonly', ...H, since: '2.8.0', summary: 'Walks the fields and values of a hash incrementally with a cursor.', complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..', tips: ['nondeterministic_output'], handler: hscanCommand },
];
