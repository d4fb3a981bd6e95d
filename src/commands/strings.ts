// The "string" command group: SET and its variants, GET/GETEX/GETDEL/GETSET, MGET/MSET,
// APPEND/STRLEN/GETRANGE/SETRANGE, the INCR family, INCRBYFLOAT and LCS.
//
// Behaviour (argument order of checks, error texts, encodings, what is propagated) follows
// Redis 7.0's t_string.c; every reply is compared byte for byte against redis-server in
// test/integration/strings.test.ts. Values are read through types/string.ts so both the
// plain latin1 form and the mutable RawString form are accepted everywhere.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { ReplyError, ERR_NOT_INTEGER, ERR_NOT_FLOAT, ERR_SYNTAX, ERR_OVERFLOW, WRONGTYPE } from '../util/errors.js';
import { string2ll, INT64_MAX, INT64_MIN } from '../util/numbers.js';
import { now } from '../util/clock.js';
import { eqi } from '../util/strings.js';
import { keyWritten } from './util.js';
import type { Value } from '../types/value.js';
import {
  RawString,
  asString,
  isStringValue,
  replyForm,
  stringLength,
  stringBytes,
  incrByFloatText,
} from '../types/string.js';

type Str = string | RawString;

/** A string value for reading, undefined if missing; WRONGTYPE for other types. */
function readString(c: Client, key: string): Str | undefined {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (!isStringValue(v)) throw new ReplyError(WRONGTYPE);
  return v;
}

/** A string value about to be modified, undefined if missing; WRONGTYPE for other types. */
function writeString(c: Client, key: string): Str | undefined {
  const v = c.db.getForWrite(key);
  if (v === undefined) return undefined;
  if (!isStringValue(v)) throw new ReplyError(WRONGTYPE);
  return v;
}

function checkStringLength(c: Client, total: number): void {
  if (total > c.server.protoMaxBulkLen) {
    throw new ReplyError('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
  }
}

// ---------------------------------------------------------------------------------------
// SET family
// ---------------------------------------------------------------------------------------

const F_NX = 1;
const F_XX = 2;
const F_GET = 4;
const F_KEEPTTL = 8;
const F_PERSIST = 16;
const F_EX = 32;
const F_PX = 64;
const F_EXAT = 128;
const F_PXAT = 256;
const F_ANY_EXPIRE = F_EX | F_PX | F_EXAT | F_PXAT;

/** Index of the expire argument found by the last parseExtended call (0 = none). */
let expireIndex = 0;

/**
 * Parse SET / GETEX options as Redis's parseExtendedStringArgumentsOrReply does: each
 * option is accepted only when it does not conflict with those seen before it.
 */
function parseExtended(argv: string[], start: number, isSet: boolean): number {
  let flags = 0;
  expireIndex = 0;
  for (let j = start; j < argv.length; j++) {
    const opt = argv[j]!;
    const hasNext = j < argv.length - 1;
    if (isSet && eqi(opt, 'nx') && !(flags & F_XX)) flags |= F_NX;
    else if (isSet && eqi(opt, 'xx') && !(flags & F_NX)) flags |= F_XX;
    else if (isSet && eqi(opt, 'get')) flags |= F_GET;
    else if (isSet && eqi(opt, 'keepttl') && !(flags & (F_PERSIST | F_ANY_EXPIRE))) flags |= F_KEEPTTL;
    else if (!isSet && eqi(opt, 'persist') && !(flags & (F_ANY_EXPIRE | F_KEEPTTL))) flags |= F_PERSIST;
    else if (eqi(opt, 'ex') && !(flags & (F_KEEPTTL | F_PERSIST | F_EXAT | F_PX | F_PXAT)) && hasNext) {
      flags |= F_EX;
      expireIndex = ++j;
    } else if (eqi(opt, 'px') && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PXAT)) && hasNext) {
      flags |= F_PX;
      expireIndex = ++j;
    } else if (eqi(opt, 'exat') && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_PX | F_PXAT)) && hasNext) {
      flags |= F_EXAT;
      expireIndex = ++j;
    } else if (eqi(opt, 'pxat') && !(flags & (F_KEEPTTL | F_PERSIST | F_EX | F_EXAT | F_PX)) && hasNext) {
      flags |= F_PXAT;
      expireIndex = ++j;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  return flags;
}

/**
 * The absolute expire time in ms for an EX/PX/EXAT/PXAT argument (Redis's
 * getExpireMillisecondsOrReply): <= 0, or a value that overflows int64 once converted to
 * an absolute time in ms, is "invalid expire time".
 */
function expireMillis(arg: string, seconds: boolean, relative: boolean, cmd: string): number {
  const v = string2ll(arg);
  if (v === null) throw new ReplyError(ERR_NOT_INTEGER);
  const err = `ERR invalid expire time in '${cmd}' command`;
  if (typeof v === 'number' && v > 0 && v < 4e12) {
    // Fast path: small values cannot overflow.
    const ms = (seconds ? v * 1000 : v) + (relative ? now() : 0);
    expireText = String(ms);
    return ms;
  }
  let ms = BigInt(v);
  if (ms <= 0n || (seconds && ms > INT64_MAX / 1000n)) throw new ReplyError(err);
  if (seconds) ms *= 1000n;
  if (relative) ms += BigInt(now());
  if (ms > INT64_MAX) throw new ReplyError(err); // wraps negative in C
  // Beyond 2^53 the stored time is approximate, but the propagated one stays exact.
  expireText = ms.toString();
  return Number(ms);
}

/** Exact decimal text of the last expireMillis result, for the propagated argv. */
let expireText = '';

/** GET's reply for a key; WRONGTYPE for other types. */
function replyValue(c: Client, key: string): void {
  const v = readString(c, key);
  if (v === undefined) c.reply.nullBulk();
  else c.reply.bulk(replyForm(v));
}

function setGeneric(
  c: Client,
  flags: number,
  key: string,
  val: string,
  expireArg: string | null,
  seconds: boolean,
  cmd: string,
  intReplies: boolean,
  argv: string[],
): void {
  let ms = 0;
  if (expireArg !== null) ms = expireMillis(expireArg, seconds, (flags & (F_EX | F_PX)) !== 0, cmd);
  if (flags & F_GET) replyValue(c, key);
  const db = c.db;
  if (flags & (F_NX | F_XX)) {
    const found = db.has(key);
    if ((flags & F_NX && found) || (flags & F_XX && !found)) {
      if (!(flags & F_GET)) {
        if (intReplies) c.reply.int(0);
        else c.reply.nullBulk();
      }
      return;
    }
  }
  db.set(key, val, (flags & F_KEEPTTL) !== 0, ms);
  if (ms > Number.MAX_SAFE_INTEGER) db.setExpireExact(key, BigInt(expireText));
  keyWritten(c, db, key, '$', 'set');
  if (expireArg !== null) {
    c.server.notifyKeyspaceEvent('g', 'expire', key, db.id);
    c.propagateArgv = [['SET', key, val, 'PXAT', expireText]];
  } else if (flags & F_GET) {
    const out: string[] = [];
    for (let j = 0; j < argv.length; j++) if (j < 3 || !eqi(argv[j]!, 'get')) out.push(argv[j]!);
    c.propagateArgv = [out];
  }
  if (!(flags & F_GET)) {
    if (intReplies) c.reply.int(1);
    else c.reply.ok();
  }
}

function setCommand(c: Client, argv: string[]): void {
  const flags = argv.length > 3 ? parseExtended(argv, 3, true) : 0;
  const expireArg = expireIndex !== 0 && argv.length > 3 ? argv[expireIndex]! : null;
  setGeneric(c, flags, argv[1]!, argv[2]!, expireArg, (flags & (F_EX | F_EXAT)) !== 0, 'set', false, argv);
}

function setnxCommand(c: Client, argv: string[]): void {
  setGeneric(c, F_NX, argv[1]!, argv[2]!, null, false, 'setnx', true, argv);
}

function setexCommand(c: Client, argv: string[]): void {
  setGeneric(c, F_EX, argv[1]!, argv[3]!, argv[2]!, true, 'setex', false, argv);
}

function psetexCommand(c: Client, argv: string[]): void {
  setGeneric(c, F_PX, argv[1]!, argv[3]!, argv[2]!, false, 'psetex', false, argv);
}

function getCommand(c: Client, argv: string[]): void {
  // Fast path: a small string is copied from the keyspace's slab straight into the reply.
  if (c.db.readStringInto(argv[1]!, c.reply) === 1) return;
  replyValue(c, argv[1]!);
}

function getexCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const flags = parseExtended(argv, 2, false);
  const expireArg = expireIndex !== 0 ? argv[expireIndex]! : null;
  const db = c.db;
  const v = readString(c, key);
  if (v === undefined) {
    c.reply.nullBulk();
    return;
  }
  let ms = 0;
  if (expireArg !== null) ms = expireMillis(expireArg, (flags & (F_EX | F_EXAT)) !== 0, (flags & (F_EX | F_PX)) !== 0, 'getex');
  c.reply.bulk(replyForm(v));
  if (flags & (F_EXAT | F_PXAT) && ms <= now()) {
    // An absolute time already in the past deletes the key (propagated as DEL).
    db.delete(key);
    keyWritten(c, db, key, 'g', 'del');
    c.propagateArgv = [['DEL', key]];
  } else if (expireArg !== null) {
    db.setExpireExact(key, ms > Number.MAX_SAFE_INTEGER ? BigInt(expireText) : ms);
    keyWritten(c, db, key, 'g', 'expire');
    c.propagateArgv = [['PEXPIREAT', key, expireText]];
  } else if (flags & F_PERSIST) {
    if (db.persist(key)) {
      keyWritten(c, db, key, 'g', 'persist');
      c.propagateArgv = [['PERSIST', key]];
    }
  }
}

function getdelCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const v = readString(c, key);
  if (v === undefined) {
    c.reply.nullBulk();
    return;
  }
  c.reply.bulk(replyForm(v));
  c.db.delete(key);
  keyWritten(c, c.db, key, 'g', 'del');
}

function getsetCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  replyValue(c, key);
  c.db.set(key, argv[2]!);
  keyWritten(c, c.db, key, '$', 'set');
  c.propagateArgv = [['SET', key, argv[2]!]];
}

function mgetCommand(c: Client, argv: string[]): void {
  const w = c.reply;
  const db = c.db;
  w.arrayLen(argv.length - 1);
  for (let j = 1; j < argv.length; j++) {
    // Small strings go from the keyspace's slab straight into the reply (as GET does).
    if (db.readStringInto(argv[j]!, w) === 1) continue;
    const v = db.get(argv[j]!);
    if (v === undefined || !isStringValue(v)) w.nullBulk();
    else w.bulk(replyForm(v));
  }
}

function msetGeneric(c: Client, argv: string[], nx: boolean): void {
  if (argv.length % 2 === 0) {
    throw new ReplyError(`ERR wrong number of arguments for '${nx ? 'msetnx' : 'mset'}' command`);
  }
  const db = c.db;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) {
      if (db.has(argv[j]!)) {
        c.reply.int(0);
        return;
      }
    }
  }
  for (let j = 1; j < argv.length; j += 2) {
    const key = argv[j]!;
    db.set(key, argv[j + 1]!);
    keyWritten(c, db, key, '$', 'set');
  }
  if (nx) c.reply.int(1);
  else c.reply.ok();
}

function msetCommand(c: Client, argv: string[]): void {
  msetGeneric(c, argv, false);
}

function msetnxCommand(c: Client, argv: string[]): void {
  msetGeneric(c, argv, true);
}

// ---------------------------------------------------------------------------------------
// APPEND, STRLEN, GETRANGE, SETRANGE
// ---------------------------------------------------------------------------------------

function appendCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const add = argv[2]!;
  const db = c.db;
  const v = writeString(c, key);
  let total: number;
  if (v === undefined) {
    db.set(key, add);
    total = add.length;
  } else {
    const oldLen = stringLength(v);
    checkStringLength(c, oldLen + add.length);
    if (typeof v === 'string') {
      const raw = RawString.fromString(v, add.length);
      raw.append(add);
      db.replace(key, raw);
      total = raw.len;
    } else {
      v.append(add);
      total = v.len;
    }
  }
  keyWritten(c, db, key, '$', 'append');
  c.reply.int(total);
}

function strlenCommand(c: Client, argv: string[]): void {
  const v = readString(c, argv[1]!);
  c.reply.int(v === undefined ? 0 : stringLength(v));
}

/** a > b for two int64 values given as number or bigint. */
function greater(a: number | bigint, b: number | bigint): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  return BigInt(a) > BigInt(b);
}

function getrangeCommand(c: Client, argv: string[]): void {
  const s0 = string2ll(argv[2]!);
  if (s0 === null) throw new ReplyError(ERR_NOT_INTEGER);
  const e0 = string2ll(argv[3]!);
  if (e0 === null) throw new ReplyError(ERR_NOT_INTEGER);
  const v = readString(c, argv[1]!);
  if (v === undefined) {
    c.reply.bulk('');
    return;
  }
  const len = stringLength(v);
  if (greater(0, s0) && greater(0, e0) && greater(s0, e0)) {
    c.reply.bulk('');
    return;
  }
  let start = Number(s0);
  let end = Number(e0);
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) {
    c.reply.bulk('');
    return;
  }
  if (typeof v === 'string') c.reply.bulk(start === 0 && end === len - 1 ? v : v.slice(start, end + 1));
  else c.reply.bulk(v.buf.subarray(start, end + 1));
}

function setrangeCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const value = argv[3]!;
  const off0 = string2ll(argv[2]!);
  if (off0 === null) throw new ReplyError(ERR_NOT_INTEGER);
  if (off0 < 0) throw new ReplyError('ERR offset is out of range');
  const offset = Number(off0);
  const db = c.db;
  const v = writeString(c, key);
  if (v === undefined) {
    if (value.length === 0) {
      c.reply.int(0);
      return;
    }
    checkStringLength(c, offset + value.length);
    const raw = RawString.zeros(offset + value.length);
    raw.writeAt(offset, value);
    db.set(key, raw);
    keyWritten(c, db, key, '$', 'setrange');
    c.reply.int(raw.len);
    return;
  }
  if (value.length === 0) {
    c.reply.int(stringLength(v));
    return;
  }
  checkStringLength(c, offset + value.length);
  let raw: RawString;
  if (typeof v === 'string') {
    raw = RawString.fromString(v, Math.max(0, offset + value.length - v.length));
    db.replace(key, raw);
  } else {
    raw = v;
  }
  raw.writeAt(offset, value);
  keyWritten(c, db, key, '$', 'setrange');
  c.reply.int(raw.len);
}

// ---------------------------------------------------------------------------------------
// INCR family
// ---------------------------------------------------------------------------------------

function incrDecr(c: Client, key: string, incr: number | bigint): void {
  const db = c.db;
  if (typeof incr === 'number') {
    // Fast path: a small integer value is updated in the keyspace's slab in place.
    const next = db.incrInline(key, incr);
    if (next !== undefined) {
      keyWritten(c, db, key, '$', 'incrby');
      c.reply.int(next);
      return;
    }
  }
  const v = writeString(c, key);
  let cur: number | bigint = 0;
  if (v !== undefined) {
    // Longer than any int64: no need to materialise a (possibly huge) RawString.
    if (stringLength(v) > 20) throw new ReplyError(ERR_NOT_INTEGER);
    const p = string2ll(asString(v));
    if (p === null) throw new ReplyError(ERR_NOT_INTEGER);
    cur = p;
  }
  let next: number | bigint;
  if (typeof cur === 'number' && typeof incr === 'number' && Number.isSafeInteger(cur + incr)) {
    next = cur + incr;
  } else {
    const r = BigInt(cur) + BigInt(incr);
    if (r > INT64_MAX || r < INT64_MIN) throw new ReplyError(ERR_OVERFLOW);
    next = r;
  }
  const text = typeof next === 'number' ? (next === 0 ? '0' : String(next)) : next.toString();
  if (v === undefined) db.set(key, text);
  else db.replace(key, text);
  keyWritten(c, db, key, '$', 'incrby');
  c.reply.int(next);
}

function incrCommand(c: Client, argv: string[]): void {
  incrDecr(c, argv[1]!, 1);
}

function decrCommand(c: Client, argv: string[]): void {
  incrDecr(c, argv[1]!, -1);
}

function incrbyCommand(c: Client, argv: string[]): void {
  const n = string2ll(argv[2]!);
  if (n === null) throw new ReplyError(ERR_NOT_INTEGER);
  incrDecr(c, argv[1]!, n);
}

function decrbyCommand(c: Client, argv: string[]): void {
  const n = string2ll(argv[2]!);
  if (n === null) throw new ReplyError(ERR_NOT_INTEGER);
  if (n === INT64_MIN) throw new ReplyError('ERR decrement would overflow');
  incrDecr(c, argv[1]!, -n);
}

function incrbyfloatCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const db = c.db;
  const v = writeString(c, key);
  // Redis refuses values longer than MAX_LONG_DOUBLE_CHARS (5 KB) before parsing them.
  if (v !== undefined && stringLength(v) >= 5 * 1024) throw new ReplyError(ERR_NOT_FLOAT);
  const r = incrByFloatText(v === undefined ? '0' : asString(v), argv[2]!);
  if (r === 'notfloat') throw new ReplyError(ERR_NOT_FLOAT);
  if (r === 'nan') throw new ReplyError('ERR increment would produce NaN or Infinity');
  // Redis stores the text with createStringObject: embstr when short, even if it looks
  // like an integer (no int encoding here).
  let stored: Value = r;
  if (string2ll(r) !== null) {
    const raw = RawString.fromString(r);
    raw.embstr = true;
    stored = raw;
  }
  if (v === undefined) db.set(key, stored);
  else db.replace(key, stored);
  keyWritten(c, db, key, '$', 'incrbyfloat');
  c.reply.bulk(r);
  c.propagateArgv = [['SET', key, r, 'KEEPTTL']];
}

// ---------------------------------------------------------------------------------------
// LCS
// ---------------------------------------------------------------------------------------

function lcsCommand(c: Client, argv: string[]): void {
  const va = c.db.get(argv[1]!);
  const vb = c.db.get(argv[2]!);
  if ((va !== undefined && !isStringValue(va)) || (vb !== undefined && !isStringValue(vb))) {
    throw new ReplyError('ERR The specified keys must contain string values');
  }
  let getIdx = false;
  let getLen = false;
  let withMatchLen = false;
  let minMatchLen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    const more = argv.length - 1 - j;
    if (eqi(opt, 'idx')) getIdx = true;
    else if (eqi(opt, 'len')) getLen = true;
    else if (eqi(opt, 'withmatchlen')) withMatchLen = true;
    else if (eqi(opt, 'minmatchlen') && more > 0) {
      const m = string2ll(argv[j + 1]!);
      if (m === null) throw new ReplyError(ERR_NOT_INTEGER);
      minMatchLen = m < 0 ? 0 : Number(m);
      j++;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  if (getIdx && getLen) throw new ReplyError('ERR If you want both the length and indexes, please just use IDX.');
  const a = va === undefined ? Buffer.alloc(0) : stringBytes(va);
  const b = vb === undefined ? Buffer.alloc(0) : stringBytes(vb);
  const alen = a.length;
  const blen = b.length;
  const w1 = blen + 1;
  // Redis refuses a DP table (uint32 cells) larger than proto-max-bulk-len.
  if ((alen + 1) * w1 * 4 > c.server.protoMaxBulkLen) {
    throw new ReplyError('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');
  }
  const dp = new Uint32Array((alen + 1) * w1);
  for (let i = 1; i <= alen; i++) {
    const ai = a[i - 1]!;
    const row = i * w1;
    const prev = row - w1;
    for (let j = 1; j <= blen; j++) {
      if (ai === b[j - 1]) dp[row + j] = dp[prev + j - 1]! + 1;
      else {
        const l1 = dp[prev + j]!;
        const l2 = dp[row + j - 1]!;
        dp[row + j] = l1 > l2 ? l1 : l2;
      }
    }
  }
  const total = dp[alen * w1 + blen]!;
  const w = c.reply;
  if (getLen && !getIdx) {
    w.int(total);
    return;
  }
  let idx = total;
  const result = Buffer.allocUnsafe(total);
  // Ranges are collected first: the array length precedes them in the reply.
  const ranges: number[] = [];
  let aStart = alen; // alen = no range in progress
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a[i - 1] === b[j - 1]) {
      result[idx - 1] = a[i - 1]!;
      if (aStart === alen) {
        aStart = i - 1;
        aEnd = i - 1;
        bStart = j - 1;
        bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      idx--;
      i--;
      j--;
    } else {
      const l1 = dp[(i - 1) * w1 + j]!;
      const l2 = dp[i * w1 + j - 1]!;
      if (l1 > l2) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (minMatchLen === 0 || matchLen >= minMatchLen) ranges.push(aStart, aEnd, bStart, bEnd, matchLen);
      aStart = alen;
    }
  }
  if (!getIdx) {
    w.bulk(result);
    return;
  }
  w.mapLen(2);
  w.bulk('matches');
  const n = ranges.length / 5;
  w.arrayLen(n);
  for (let k = 0; k < ranges.length; k += 5) {
    w.arrayLen(withMatchLen ? 3 : 2);
    w.arrayLen(2);
    w.int(ranges[k]!);
    w.int(ranges[k + 1]!);
    w.arrayLen(2);
    w.int(ranges[k + 2]!);
    w.int(ranges[k + 3]!);
    if (withMatchLen) w.int(ranges[k + 4]!);
  }
  w.bulk('len');
  w.int(total);
}

export const stringCommands: CommandDef[] = [
  { name: 'get', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Returns the value stored at a key as a string.', complexity: 'O(1)', handler: getCommand },
  { name: 'set', arity: -3, flags: 'write denyoom', keys: [1, 1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Stores a string at a key, optionally with a TTL, only-if conditions, or returning the previous value.', complexity: 'O(1)', handler: setCommand },
  { name: 'getex', arity: -2, flags: 'write fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '6.2.0', summary: 'Returns a string value and changes or removes its TTL.', complexity: 'O(1)', handler: getexCommand },
  { name: 'getdel', arity: 2, flags: 'write fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '6.2.0', summary: 'Returns a string value and removes the key.', complexity: 'O(1)', handler: getdelCommand },
  { name: 'getset', arity: 3, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Stores a new string at a key and returns the one it replaced.', complexity: 'O(1)', deprecatedSince: '6.2.0', replacedBy: '`SET` with the `!GET` argument', handler: getsetCommand },
  { name: 'setnx', arity: 3, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Stores a string only when the key does not exist yet.', complexity: 'O(1)', handler: setnxCommand },
  { name: 'setex', arity: 4, flags: 'write denyoom', keys: [1, 1, 1], acl: 'string', group: 'string', since: '2.0.0', summary: 'Stores a string with a TTL given in seconds.', complexity: 'O(1)', handler: setexCommand },
  { name: 'psetex', arity: 4, flags: 'write denyoom', keys: [1, 1, 1], acl: 'string', group: 'string', since: '2.6.0', summary: 'Stores a string with a TTL given in milliseconds.', complexity: 'O(1)', handler: psetexCommand },
  { name: 'mget', arity: -2, flags: 'readonly fast', keys: [1, -1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Returns the string values of several keys (nil for missing or non-string keys).', complexity: 'O(N) where N is the number of keys to retrieve.', tips: ['request_policy:multi_shard'], handler: mgetCommand },
  { name: 'mset', arity: -3, flags: 'write denyoom', keys: [1, -1, 2], acl: 'string', group: 'string', since: '1.0.1', summary: 'Stores several key/value pairs at once.', complexity: 'O(N) where N is the number of keys to set.', tips: ['request_policy:multi_shard', 'response_policy:all_succeeded'], handler: msetCommand },
  { name: 'msetnx', arity: -3, flags: 'write denyoom', keys: [1, -1, 2], acl: 'string', group: 'string', since: '1.0.1', summary: 'Stores several key/value pairs only if none of the keys exists.', complexity: 'O(N) where N is the number of keys to set.', tips: ['request_policy:multi_shard', 'response_policy:agg_min'], handler: msetnxCommand },
  { name: 'append', arity: 3, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '2.0.0', summary: 'Appends bytes to a string value, creating the key if needed.', complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.', handler: appendCommand },
  { name: 'strlen', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '2.2.0', summary: 'Returns the length in bytes of a string value.', complexity: 'O(1)', handler: strlenCommand },
  { name: 'getrange', arity: 4, flags: 'readonly', keys: [1, 1, 1], acl: 'string', group: 'string', since: '2.4.0', summary: 'Returns a byte range of a string value.', complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.', handler: getrangeCommand },
  { name: 'substr', arity: 4, flags: 'readonly', keys: [1, 1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Returns a byte range of a string value (old name of GETRANGE).', complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.', deprecatedSince: '2.0.0', replacedBy: '`GETRANGE`', handler: getrangeCommand },
  { name: 'setrange', arity: 4, flags: 'write denyoom', keys: [1, 1, 1], acl: 'string', group: 'string', since: '2.2.0', summary: 'Overwrites part of a string value at a byte offset, zero-padding as needed.', complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.', handler: setrangeCommand },
  { name: 'incr', arity: 2, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Adds one to the integer stored at a key.', complexity: 'O(1)', handler: incrCommand },
  { name: 'decr', arity: 2, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Subtracts one from the integer stored at a key.', complexity: 'O(1)', handler: decrCommand },
  { name: 'incrby', arity: 3, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Adds an integer to the integer stored at a key.', complexity: 'O(1)', handler: incrbyCommand },
  { name: 'decrby', arity: 3, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '1.0.0', summary: 'Subtracts an integer from the integer stored at a key.', complexity: 'O(1)', handler: decrbyCommand },
  { name: 'incrbyfloat', arity: 3, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'string', group: 'string', since: '2.6.0', summary: 'Adds a floating point number to the number stored at a key.', complexity: 'O(1)', handler: incrbyfloatCommand },
  { name: 'lcs', arity: -3, flags: 'readonly', keys: [1, 2, 1], acl: 'string', group: 'string', since: '7.0.0', summary: 'Finds the longest common subsequence of two string values.', complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively', handler: lcsCommand },
];
