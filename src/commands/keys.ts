// The "generic" keyspace group: DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX, COPY, MOVE,
// KEYS, SCAN, RANDOMKEY, the EXPIRE family, TTL family, PERSIST, TOUCH, DUMP, RESTORE.
// OBJECT lives in object.ts.
//
// Lookups mirror Redis's flags: commands Redis runs with LOOKUP_NOTOUCH (TYPE, EXISTS,
// TTL...) use peek() and still count keyspace hits/misses; writes use getForWrite(), which
// does not count them. Relative expiry times are propagated as absolute PEXPIREAT, and an
// expiry in the past deletes the key and propagates DEL, as Redis 7.0 does.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { lruClock, type Db } from '../store/keyspace.js';
import { typeName, type Value } from '../types/value.js';
import { ReplyError, ERR_NOT_INTEGER, ERR_SYNTAX, ERR_NO_SUCH_KEY } from '../util/errors.js';
import { string2ll, INT64_MAX, INT64_MIN } from '../util/numbers.js';
import { now } from '../util/clock.js';
import { eqi } from '../util/strings.js';
import { compileGlob } from '../util/glob.js';
import { dbIndexArg, keyWritten } from './util.js';
import { cloneStringValue, isStringValue, type RawString } from '../types/string.js';
import { dumpValue, loadPayload, verifyPayload, RdbFormatError, RdbUnsupportedType } from '../persistence/rdb/dump.js';
import { rdbLimits } from '../persistence/rdb/objects.js';
import { isLfuPolicy, lfuInitStamp, lfuStampWithFreq, LRU_CLOCK_MAX, objectCommands } from './object.js';

const ERR_SAME_OBJECT = 'ERR source and destination objects are the same';
const ERR_BUSYKEY = 'BUSYKEY Target key name already exists.';

// ---------------------------------------------------------------- helpers

/**
 * Redis's lookupKeyReadWithFlags(LOOKUP_NOTOUCH): no LRU/LFU update, but hits and misses
 * are counted (and an expired key is reclaimed).
 */
export function lookupNoTouch(db: Db, key: string): Value | undefined {
  const v = db.peek(key);
  if (v === undefined) {
    db.counters.keyspaceMisses++;
    if (db.onKeyMiss !== null) db.onKeyMiss(db, key); // keymiss event (class 'm')
  } else {
    db.counters.keyspaceHits++;
  }
  return v;
}

/** The Db a MOVE / COPY DB argument names. */
function parseDbIndex(c: Client, s: string): Db {
  return c.server.dbs[dbIndexArg(c, s)]!;
}

/**
 * A user argument as Redis's addReplyErrorFormat prints it at the end of a message: "%s"
 * stops at the first NUL byte, and trailing CR/LF characters are trimmed.
 */
function formatArg(s: string): string {
  const nul = s.indexOf('\0');
  let out = nul === -1 ? s : s.slice(0, nul);
  let end = out.length;
  while (end > 0 && (out.charCodeAt(end - 1) === 13 || out.charCodeAt(end - 1) === 10)) end--;
  if (end !== out.length) out = out.slice(0, end);
  return out;
}

/**
 * Give `key` (just stored without a TTL) the expiry `at` read from getExpireExact: exact
 * even beyond 2^53 ms, as Redis's int64 expiry is.
 */
function restoreExpire(db: Db, key: string, at: number | bigint): void {
  if (typeof at === 'bigint') db.setExpireExact(key, at);
  else if (at > 0) db.setExpire(key, at);
}

/**
 * Move `v` from `fromKey` in `from` to `toKey` in `to` (RENAME, MOVE): the value object
 * keeps its TTL, LRU/LFU data and integer sharing, then the source key is removed.
 * The destination must not exist.
 */
function transferKey(from: Db, fromKey: string, to: Db, toKey: string, v: Value): void {
  const expire = from.getExpireExact(fromKey);
  const stamp = from.getAccessStamp(fromKey);
  const unshared = from.isUnsharedInt(fromKey);
  to.set(toKey, v);
  restoreExpire(to, toKey, expire);
  to.setAccessStamp(toKey, stamp);
  to.markUnsharedInt(toKey, unshared);
  from.delete(fromKey);
}

/** An independent copy of a value (COPY): strings are immutable, objects clone themselves. */
function duplicate(v: Value): Value {
  if (isStringValue(v)) return cloneStringValue(v as string | RawString);
  if (v.clone === undefined) throw new ReplyError(`ERR COPY is not supported yet for values of type ${typeName(v)}`);
  return v.clone();
}

// ---------------------------------------------------------------- DEL / UNLINK / EXISTS / TYPE / TOUCH

function delGeneric(c: Client, argv: string[]): void {
  const db = c.db;
  let n = 0;
  for (let j = 1; j < argv.length; j++) {
    const key = argv[j]!;
    if (db.delete(key)) {
      keyWritten(c, db, key, 'g', 'del');
      n++;
    }
  }
  c.reply.int(n);
}

function existsCommand(c: Client, argv: string[]): void {
  let n = 0;
  for (let j = 1; j < argv.length; j++) if (lookupNoTouch(c.db, argv[j]!) !== undefined) n++;
  c.reply.int(n);
}

function typeCommand(c: Client, argv: string[]): void {
  const v = lookupNoTouch(c.db, argv[1]!);
  c.reply.simple(v === undefined ? 'none' : typeName(v));
}

function touchCommand(c: Client, argv: string[]): void {
  let n = 0;
  for (let j = 1; j < argv.length; j++) if (c.db.get(argv[j]!) !== undefined) n++;
  c.reply.int(n);
}

// ---------------------------------------------------------------- RENAME / RENAMENX / MOVE / COPY

function renameGeneric(c: Client, argv: string[], nx: boolean): void {
  const db = c.db;
  const src = argv[1]!;
  const dst = argv[2]!;
  const v = db.getForWrite(src);
  if (v === undefined) throw new ReplyError(ERR_NO_SUCH_KEY);
  if (src === dst) {
    if (nx) c.reply.int(0);
    else c.reply.ok();
    return;
  }
  if (db.getForWrite(dst) !== undefined) {
    if (nx) {
      c.reply.int(0);
      return;
    }
    db.delete(dst);
  }
  transferKey(db, src, db, dst, v);
  keyWritten(c, db, src, 'g', 'rename_from', 0);
  keyWritten(c, db, dst, 'g', 'rename_to', 1);
  if (nx) c.reply.int(1);
  else c.reply.ok();
}

function renameCommand(c: Client, argv: string[]): void {
  renameGeneric(c, argv, false);
}

function renamenxCommand(c: Client, argv: string[]): void {
  renameGeneric(c, argv, true);
}

function moveCommand(c: Client, argv: string[]): void {
  if (c.server.cluster !== null) throw new ReplyError('ERR MOVE is not allowed in cluster mode');
  const src = c.db;
  const dst = parseDbIndex(c, argv[2]!);
  if (src === dst) throw new ReplyError(ERR_SAME_OBJECT);
  const key = argv[1]!;
  const v = src.getForWrite(key);
  if (v === undefined) {
    c.reply.int(0);
    return;
  }
  if (dst.getForWrite(key) !== undefined) {
    c.reply.int(0);
    return;
  }
  transferKey(src, key, dst, key, v);
  keyWritten(c, src, key, 'g', 'move_from', 0);
  keyWritten(c, dst, key, 'g', 'move_to', 1);
  c.reply.int(1);
}

/** The values Redis may hold as shared integer objects (0..9999 in canonical form). */
const SHARED_INT = /^(?:0|[1-9][0-9]{0,3})$/;

function copyCommand(c: Client, argv: string[]): void {
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (eqi(opt, 'replace')) {
      replace = true;
    } else if (eqi(opt, 'db') && j + 1 < argv.length) {
      dst = parseDbIndex(c, argv[++j]!);
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  const key = argv[1]!;
  const newkey = argv[2]!;
  if (c.server.cluster !== null && (src.id !== 0 || dst.id !== 0)) throw new ReplyError('ERR Copying to another database is not allowed in cluster mode');
  if (src === dst && key === newkey) throw new ReplyError(ERR_SAME_OBJECT);
  const v = src.get(key);
  if (v === undefined) {
    c.reply.int(0);
    return;
  }
  const expire = src.getExpireExact(key);
  let del = false;
  if (dst.getForWrite(newkey) !== undefined) {
    if (!replace) {
      c.reply.int(0);
      return;
    }
    del = true;
  }
  const copy = duplicate(v);
  if (del) dst.delete(newkey);
  dst.set(newkey, copy);
  restoreExpire(dst, newkey, expire);
  // dupStringObject makes a private object: a shared small integer stops being shared.
  if (typeof copy === 'string' && SHARED_INT.test(copy)) dst.markUnsharedInt(newkey);
  keyWritten(c, dst, newkey, 'g', 'copy_to');
  c.reply.int(1);
}

// ---------------------------------------------------------------- KEYS / SCAN / RANDOMKEY

function keysCommand(c: Client, argv: string[]): void {
  const match = compileGlob(argv[1]!);
  const t = now();
  const out: string[] = [];
  c.db.forEachKey((key, _v, expireAt) => {
    if (match(key) && (expireAt === 0 || expireAt > t)) out.push(key);
  });
  c.reply.bulkArray(out);
}

const ULONG_MAX = 18446744073709551615n;
/** Cursors beyond 2^53 keep their shard bits (low 10) and an out-of-range slot part. */
const BIG_CURSOR_BASE = 2 ** 40;

/** Options of the SCAN family (Redis's scanGenericCommand). */
export interface ScanOptions {
  count: number;
  pattern: string | null;
  /** TYPE, accepted by SCAN only (null otherwise). */
  type: string | null;
}

/**
 * Parse SCAN/SSCAN/HSCAN/ZSCAN options from argv[start]: COUNT n (an integer >= 1, else
 * "not an integer" / syntax error), MATCH pattern, TYPE t when `allowType`; anything else
 * is a syntax error. Counts beyond 2^53 saturate (a scan step never gets that far).
 */
export function parseScanOptions(argv: string[], start: number, allowType: boolean): ScanOptions {
  let count = 10;
  let pattern: string | null = null;
  let type: string | null = null;
  for (let i = start; i < argv.length; ) {
    const opt = argv[i]!;
    const more = argv.length - i;
    if (eqi(opt, 'count') && more >= 2) {
      const v = string2ll(argv[i + 1]!);
      if (v === null) throw new ReplyError(ERR_NOT_INTEGER);
      if (v < 1) throw new ReplyError(ERR_SYNTAX);
      count = typeof v === 'number' ? v : Number.MAX_SAFE_INTEGER;
      i += 2;
    } else if (eqi(opt, 'match') && more >= 2) {
      pattern = argv[i + 1]!;
      i += 2;
    } else if (allowType && eqi(opt, 'type') && more >= 2) {
      type = argv[i + 1]!;
      i += 2;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  return { count, pattern, type };
}

/**
 * Redis's parseScanCursorOrReply (strtoul): optional sign, decimal digits, no leading
 * space, nothing after; "-n" wraps modulo 2^64; an empty string is cursor 0.
 */
export function parseScanCursor(s: string): bigint {
  const m = /^([+-]?)(\d*)$/.exec(s);
  if (m === null) throw new ReplyError('ERR invalid cursor');
  const digits = m[2]!;
  if (digits.length === 0) {
    if (m[1] !== '') throw new ReplyError('ERR invalid cursor');
    return 0n;
  }
  const v = BigInt(digits);
  if (v > ULONG_MAX) throw new ReplyError('ERR invalid cursor');
  return m[1] === '-' ? (ULONG_MAX + 1n - v) & ULONG_MAX : v;
}

function scanCommand(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[1]!);
  const { count, pattern, type } = parseScanOptions(argv, 2, true);
  const db = c.db;
  const keys: string[] = [];
  const start = cursor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(cursor) : BIG_CURSOR_BASE * 1024 + Number(cursor % 1024n);
  const next = db.scan(start, count, keys);
  const match = pattern === null ? null : compileGlob(pattern);
  const out: string[] = [];
  for (const key of keys) {
    if (match !== null && !match(key)) continue;
    if (type !== null) {
      const v = lookupNoTouch(db, key);
      const name = v === undefined ? 'none' : typeName(v);
      if (!eqi(type, name)) continue;
    }
    // Reclaims the key when it has expired (Redis's expireIfNeeded).
    if (!db.has(key)) continue;
    out.push(key);
  }
  c.reply.arrayLen(2);
  c.reply.bulk(String(next));
  c.reply.bulkArray(out);
}

function randomkeyCommand(c: Client): void {
  const key = c.db.randomKey();
  if (key === undefined) c.reply.nullBulk();
  else c.reply.bulk(key);
}

// ---------------------------------------------------------------- EXPIRE family

const EXPIRE_NX = 1;
const EXPIRE_XX = 2;
const EXPIRE_GT = 4;
const EXPIRE_LT = 8;

function parseExpireFlags(argv: string[]): number {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    if (eqi(opt, 'nx')) flags |= EXPIRE_NX;
    else if (eqi(opt, 'xx')) flags |= EXPIRE_XX;
    else if (eqi(opt, 'gt')) flags |= EXPIRE_GT;
    else if (eqi(opt, 'lt')) flags |= EXPIRE_LT;
    else throw new ReplyError(`ERR Unsupported option ${formatArg(opt)}`);
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) {
    throw new ReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags & EXPIRE_GT && flags & EXPIRE_LT) {
    throw new ReplyError('ERR GT and LT options at the same time are not compatible');
  }
  return flags;
}

/**
 * The absolute expiry (ms) a relative or absolute EXPIRE argument names, with Redis's
 * overflow checks. Exact (a bigint beyond the fast path); callers store it as a number.
 */
function expireWhen(name: string, arg: string, relative: boolean, seconds: boolean): number | bigint {
  const v = string2ll(arg);
  if (v === null) throw new ReplyError(ERR_NOT_INTEGER);
  // Fast path: |v| below 2^42 keeps v * 1000 + now (< 2^41) exact as a number.
  if (typeof v === 'number' && v < 4398046511104 && v > -4398046511104) {
    return (seconds ? v * 1000 : v) + (relative ? now() : 0);
  }
  let when = BigInt(v);
  const err = `ERR invalid expire time in '${name}' command`;
  if (seconds) {
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) throw new ReplyError(err);
    when *= 1000n;
  }
  const base = relative ? BigInt(now()) : 0n;
  if (when > INT64_MAX - base) throw new ReplyError(err);
  return when + base;
}

/** Delete a key whose new expiry is already in the past; propagated as DEL (or UNLINK). */
function deleteExpiredNow(c: Client, db: Db, key: string): void {
  db.delete(key);
  const lazy = c.server.config.raw('lazyfree-lazy-expire') === true;
  c.propagateArgv = [[lazy ? 'UNLINK' : 'DEL', key]];
  keyWritten(c, db, key, 'g', 'del');
}

function expireGeneric(c: Client, argv: string[], name: string, relative: boolean, seconds: boolean): void {
  const flags = parseExpireFlags(argv);
  const when = expireWhen(name, argv[2]!, relative, seconds);
  const db = c.db;
  const key = argv[1]!;
  if (db.getForWrite(key) === undefined) {
    c.reply.int(0);
    return;
  }
  if (flags !== 0) {
    // Mixed number/bigint comparisons below are exact.
    const e = db.getExpireExact(key);
    const current = e > 0 ? e : -1;
    if (flags & EXPIRE_NX && current !== -1) return c.reply.int(0);
    if (flags & EXPIRE_XX && current === -1) return c.reply.int(0);
    if (flags & EXPIRE_GT && (when <= current || current === -1)) return c.reply.int(0);
    if (flags & EXPIRE_LT && current !== -1 && when >= current) return c.reply.int(0);
  }
  if (when <= now()) {
    deleteExpiredNow(c, db, key);
    c.reply.int(1);
    return;
  }
  db.setExpireExact(key, when);
  if (name !== 'pexpireat') {
    const prop = argv.slice();
    prop[0] = 'PEXPIREAT';
    prop[2] = when.toString();
    c.propagateArgv = [prop];
  }
  keyWritten(c, db, key, 'g', 'expire');
  c.reply.int(1);
}

function expireCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'expire', true, true);
}
function pexpireCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'pexpire', true, false);
}
function expireatCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'expireat', false, true);
}
function pexpireatCommand(c: Client, argv: string[]): void {
  expireGeneric(c, argv, 'pexpireat', false, false);
}

/** TTL, PTTL, EXPIRETIME, PEXPIRETIME. */
function ttlGeneric(c: Client, argv: string[], ms: boolean, abs: boolean): void {
  const db = c.db;
  const key = argv[1]!;
  if (lookupNoTouch(db, key) === undefined) {
    c.reply.int(-2);
    return;
  }
  const expire = db.getExpireExact(key);
  if (expire <= 0) {
    c.reply.int(-1);
    return;
  }
  if (typeof expire === 'bigint') {
    // Beyond 2^53 ms (exact int64 times): the same arithmetic in bigint.
    const t = abs ? expire : expire - BigInt(now());
    c.reply.int(ms ? t : (t + 500n) / 1000n);
    return;
  }
  let ttl = abs ? expire : expire - now();
  if (ttl < 0) ttl = 0;
  if (ms) c.reply.int(ttl);
  else if (ttl <= Number.MAX_SAFE_INTEGER) c.reply.int(Math.floor((ttl + 500) / 1000));
  else c.reply.int((BigInt(ttl) + 500n) / 1000n);
}

function ttlCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, false, false);
}
function pttlCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, true, false);
}
function expiretimeCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, false, true);
}
function pexpiretimeCommand(c: Client, argv: string[]): void {
  ttlGeneric(c, argv, true, true);
}

function persistCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1]!;
  if (db.getForWrite(key) !== undefined && db.persist(key)) {
    keyWritten(c, db, key, 'g', 'persist');
    c.reply.int(1);
  } else {
    c.reply.int(0);
  }
}

// ---------------------------------------------------------------- DUMP / RESTORE

function rdbCompression(c: Client): boolean {
  return c.server.config.raw('rdbcompression') !== false;
}

function dumpCommand(c: Client, argv: string[]): void {
  const v = c.db.get(argv[1]!);
  if (v === undefined) {
    c.reply.nullBulk();
    return;
  }
  let payload: Buffer;
  try {
    payload = dumpValue(v, rdbCompression(c), c.server.config.num('list-max-listpack-size'));
  } catch (e) {
    if (e instanceof RdbUnsupportedType) throw new ReplyError(`ERR DUMP is not supported yet for values of type ${typeName(v)}`);
    throw e;
  }
  c.reply.bulk(payload);
}

function restoreCommand(c: Client, argv: string[]): void {
  let replace = false;
  let absttl = false;
  let lfuFreq = -1;
  let lruIdle = -1;
  for (let j = 4; j < argv.length; j++) {
    const opt = argv[j]!;
    const more = argv.length - j - 1;
    if (eqi(opt, 'replace')) {
      replace = true;
    } else if (eqi(opt, 'absttl')) {
      absttl = true;
    } else if (eqi(opt, 'idletime') && more >= 1 && lfuFreq === -1) {
      const v = string2ll(argv[j + 1]!);
      if (v === null) throw new ReplyError(ERR_NOT_INTEGER);
      if (v < 0) throw new ReplyError('ERR Invalid IDLETIME value, must be >= 0');
      lruIdle = Number(v);
      j++;
    } else if (eqi(opt, 'freq') && more >= 1 && lruIdle === -1) {
      const v = string2ll(argv[j + 1]!);
      if (v === null) throw new ReplyError(ERR_NOT_INTEGER);
      if (v < 0 || v > 255) throw new ReplyError('ERR Invalid FREQ value, must be >= 0 and <= 255');
      lfuFreq = Number(v);
      j++;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  const db = c.db;
  const key = argv[1]!;
  if (!replace && db.getForWrite(key) !== undefined) throw new ReplyError(ERR_BUSYKEY);
  const ttlv = string2ll(argv[2]!);
  if (ttlv === null) throw new ReplyError(ERR_NOT_INTEGER);
  if (ttlv < 0) throw new ReplyError('ERR Invalid TTL value, must be >= 0');
  const payload = Buffer.from(argv[3]!, 'latin1');
  if (!verifyPayload(payload)) throw new ReplyError('ERR DUMP payload version or checksum are wrong');
  let value: Value;
  try {
    value = loadPayload(payload, rdbLimits(c.server.config)).value;
  } catch (e) {
    if (e instanceof RdbFormatError || e instanceof RdbUnsupportedType) throw new ReplyError('ERR Bad data format');
    throw e;
  }
  const deleted = replace ? db.delete(key) : false;
  let ttl = BigInt(ttlv);
  if (ttl !== 0n && !absttl) {
    ttl += BigInt(now());
    // Redis adds in int64: an overflow wraps negative, i.e. already expired.
    if (ttl > INT64_MAX) ttl -= 1n << 64n;
  }
  if (ttl !== 0n && ttl <= BigInt(now())) {
    if (deleted) {
      c.propagateArgv = [['DEL', key]];
      keyWritten(c, db, key, 'g', 'del');
    }
    c.reply.ok();
    return;
  }
  db.set(key, value);
  if (ttl !== 0n) db.setExpireExact(key, ttl);
  if (ttl !== 0n && !absttl) {
    const prop = argv.slice();
    prop[2] = ttl.toString();
    prop.push('ABSTTL');
    c.propagateArgv = [prop];
  }
  // objectSetLRUOrLFU: FREQ applies under an LFU policy, IDLETIME under the others.
  if (isLfuPolicy(c.server)) {
    if (lfuFreq >= 0) db.setAccessStamp(key, lfuStampWithFreq(lfuFreq));
    else db.setAccessStamp(key, lfuInitStamp());
  } else if (lruIdle >= 0) {
    let abs = lruClock() - lruIdle;
    if (abs < 0) abs += LRU_CLOCK_MAX;
    db.setAccessStamp(key, abs & LRU_CLOCK_MAX);
  }
  keyWritten(c, db, key, 'g', 'restore');
  c.reply.ok();
}

// ---------------------------------------------------------------- table

const MULTI_SHARD = ['request_policy:multi_shard', 'response_policy:agg_sum'];

export const keyCommands: CommandDef[] = [
  { name: 'del', arity: -2, flags: 'write', keys: [1, -1, 1], acl: 'keyspace', group: 'generic', since: '1.0.0', summary: 'Removes one or more keys and reports how many existed.', complexity: 'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).', tips: MULTI_SHARD, handler: delGeneric },
  { name: 'unlink', arity: -2, flags: 'write fast', keys: [1, -1, 1], acl: 'keyspace', group: 'generic', since: '4.0.0', summary: 'Removes one or more keys, reclaiming their memory in the background.', complexity: 'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.', tips: MULTI_SHARD, handler: delGeneric },
  { name: 'exists', arity: -2, flags: 'readonly fast', keys: [1, -1, 1], acl: 'keyspace', group: 'generic', since: '1.0.0', summary: 'Counts how many of the given keys exist.', complexity: 'O(N) where N is the number of keys to check.', tips: MULTI_SHARD, handler: existsCommand },
  { name: 'type', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '1.0.0', summary: 'Names the data type held at a key, or "none".', complexity: 'O(1)', handler: typeCommand },
  { name: 'rename', arity: 3, flags: 'write', keys: [1, 2, 1], acl: 'keyspace', group: 'generic', since: '1.0.0', summary: 'Gives a key a new name, replacing any key already using it.', complexity: 'O(1)', handler: renameCommand },
  { name: 'renamenx', arity: 3, flags: 'write fast', keys: [1, 2, 1], acl: 'keyspace', group: 'generic', since: '1.0.0', summary: 'Gives a key a new name only when that name is not taken.', complexity: 'O(1)', handler: renamenxCommand },
  { name: 'copy', arity: -3, flags: 'write denyoom', keys: [1, 2, 1], acl: 'keyspace', group: 'generic', since: '6.2.0', summary: 'Duplicates the value of a key under another key, optionally in another database.', complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.', handler: copyCommand },
  { name: 'move', arity: 3, flags: 'write fast', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '1.0.0', summary: 'Transfers a key to another database.', complexity: 'O(1)', handler: moveCommand },
  { name: 'keys', arity: 2, flags: 'readonly', acl: 'keyspace dangerous', group: 'generic', since: '1.0.0', summary: 'Lists every key whose name matches a glob pattern.', complexity: 'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.', tips: ['request_policy:all_shards', 'nondeterministic_output_order'], handler: keysCommand },
  { name: 'scan', arity: -2, flags: 'readonly', acl: 'keyspace', group: 'generic', since: '2.8.0', summary: 'Walks the key names incrementally with a cursor.', complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.', tips: ['nondeterministic_output', 'request_policy:special'], handler: scanCommand },
  { name: 'randomkey', arity: 1, flags: 'readonly', acl: 'keyspace', group: 'generic', since: '1.0.0', summary: 'Picks a key name at random.', complexity: 'O(1)', tips: ['request_policy:all_shards', 'nondeterministic_output'], handler: randomkeyCommand },
  { name: 'expire', arity: -3, flags: 'write fast', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '1.0.0', summary: 'Makes a key expire after a number of seconds.', complexity: 'O(1)', handler: expireCommand },
  { name: 'pexpire', arity: -3, flags: 'write fast', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '2.6.0', summary: 'Makes a key expire after a number of milliseconds.', complexity: 'O(1)', handler: pexpireCommand },
  { name: 'expireat', arity: -3, flags: 'write fast', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '1.2.0', summary: 'Makes a key expire at a Unix time given in seconds.', complexity: 'O(1)', handler: expireatCommand },
  { name: 'pexpireat', arity: -3, flags: 'write fast', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '2.6.0', summary: 'Makes a key expire at a Unix time given in milliseconds.', complexity: 'O(1)', handler: pexpireatCommand },
  { name: 'ttl', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '1.0.0', summary: 'Seconds left before a key expires.', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: ttlCommand },
  { name: 'pttl', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '2.6.0', summary: 'Milliseconds left before a key expires.', complexity: 'O(1)', tips: ['nondeterministic_output'], handler: pttlCommand },
  { name: 'expiretime', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '7.0.0', summary: 'The Unix time, in seconds, at which a key expires.', complexity: 'O(1)', handler: expiretimeCommand },
  { name: 'pexpiretime', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '7.0.0', summary: 'The Unix time, in milliseconds, at which a key expires.', complexity: 'O(1)', handler: pexpiretimeCommand },
  { name: 'persist', arity: 2, flags: 'write fast', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '2.2.0', summary: 'Drops the expiry of a key so it lives until deleted.', complexity: 'O(1)', handler: persistCommand },
  { name: 'touch', arity: -2, flags: 'readonly fast', keys: [1, -1, 1], acl: 'keyspace', group: 'generic', since: '3.2.1', summary: 'Marks keys as recently used and counts the ones that exist.', complexity: 'O(N) where N is the number of keys that will be touched.', tips: MULTI_SHARD, handler: touchCommand },
  { name: 'dump', arity: 2, flags: 'readonly', keys: [1, 1, 1], acl: 'keyspace', group: 'generic', since: '2.6.0', summary: 'Serializes the value of a key in the RDB format RESTORE reads.', complexity: 'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).', tips: ['nondeterministic_output'], handler: dumpCommand },
  ...objectCommands,
  { name: 'restore', arity: -4, flags: 'write denyoom', keys: [1, 1, 1], acl: 'keyspace dangerous', group: 'generic', since: '2.6.0', summary: 'Creates a key from a DUMP payload.', complexity: 'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).', handler: restoreCommand },
];
