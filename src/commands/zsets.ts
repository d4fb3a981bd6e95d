// The "sorted-set" command group: ZADD/ZINCRBY, reads by member, rank, score and lex
// range (ZRANGE and its older variants), range removals, pops (ZPOPMIN/MAX, ZMPOP and the
// blocking BZPOPMIN/BZPOPMAX/BZMPOP), ZRANDMEMBER, ZSCAN and the set algebra
// (ZUNION/ZINTER/ZDIFF, their *STORE forms and ZINTERCARD).
//
// Argument checks run in the order of Redis 7.0's t_zset.c so the first error reported
// is the same; replies are compared byte for byte with redis-server in
// test/integration/zsets.test.ts (RESP2 and RESP3). Data operations live in
// types/zset.ts; this file parses, calls them and writes replies.

import { parseScanCursor, parseScanOptions } from './keys.js';
import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import type { Db } from '../store/keyspace.js';
import type { ReplyWriter } from '../protocol/writer.js';
import { ReplyError, ERR_NOT_INTEGER, ERR_NOT_FLOAT, ERR_SYNTAX, WRONGTYPE } from '../util/errors.js';
import { string2ll, string2d, formatDouble17g as formatG17 } from '../util/numbers.js';
import { eqi } from '../util/strings.js';
import { stringMatch } from '../util/glob.js';
import { keyWritten } from './util.js';
import { parseBlockTimeout } from '../server/blocking.js';
import { ObjType, type Value } from '../types/value.js';
import {
  ZSet,
  type ZsetLimits,
  type ScoreRange,
  type LexRange,
  scoreGteMin,
  scoreLteMax,
  lexGteMin,
  lexLteMax,
  zaddNewScoreOf,
  ZADD_IN_INCR,
  ZADD_IN_NX,
  ZADD_IN_XX,
  ZADD_IN_GT,
  ZADD_IN_LT,
  ZADD_OUT_NOP,
  ZADD_OUT_NAN,
  ZADD_OUT_ADDED,
  ZADD_OUT_UPDATED,
} from '../types/zset.js';

const ERR_MINMAX_FLOAT = 'ERR min or max is not a float';
const ERR_MINMAX_LEX = 'ERR min or max not valid string range item';
const ERR_NAN = 'ERR resulting score is not a number (NaN)';
const ERR_POSITIVE = 'ERR value is out of range, must be positive';

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/** Reused by limitsOf: commands are synchronous, so one object serves every call. */
const LIMITS: ZsetLimits = { maxEntries: 128, maxValue: 64 };

/** zset-max-listpack-entries / -value as they are now (valid until the next call). */
function limitsOf(c: Client): ZsetLimits {
  const cfg = c.server.config;
  LIMITS.maxEntries = cfg.num('zset-max-listpack-entries');
  LIMITS.maxValue = cfg.num('zset-max-listpack-value');
  return LIMITS;
}

function isZset(v: Value): v is ZSet {
  return typeof v !== 'string' && v.type === ObjType.ZSet && v instanceof ZSet;
}

/** A sorted set for reading, undefined if missing; WRONGTYPE for other types. */
function readZset(c: Client, key: string): ZSet | undefined {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (!isZset(v)) throw new ReplyError(WRONGTYPE);
  return v;
}

/** A sorted set about to be modified, undefined if missing; WRONGTYPE for other types. */
function writeZset(c: Client, key: string): ZSet | undefined {
  const v = c.db.getForWrite(key);
  if (v === undefined) return undefined;
  if (!isZset(v)) throw new ReplyError(WRONGTYPE);
  return v;
}

/**
 * The write epilogue for a key that may have been emptied: the zset event, then "del"
 * when the last member went (the key is deleted here, as Redis does before notifying).
 */
function zsetWritten(c: Client, db: Db, key: string, z: ZSet, event: string, dirty: number): void {
  const removed = z.length === 0;
  if (removed) db.delete(key);
  keyWritten(c, db, key, 'z', event, dirty);
  if (removed) c.server.notifyKeyspaceEvent('g', 'del', key, db.id);
}

function isSpace(ch: number): boolean {
  return ch === 32 || (ch >= 9 && ch <= 13);
}

/**
 * Redis's getDoubleFromObject: no leading space, the whole string, no NaN, and strtod's
 * ERANGE (overflow to infinity, underflow to zero) rejected.
 */
function parseScore(s: string, err: string = ERR_NOT_FLOAT): number {
  const v = string2d(s);
  if (v === null) throw new ReplyError(err);
  if (v === Infinity || v === -Infinity) {
    if (!/inf/i.test(s)) throw new ReplyError(err);
  } else if (v === 0 && /^[+-]?(?:0x)?[0.]*[1-9a-f]/i.test(s)) {
    throw new ReplyError(err);
  }
  return v;
}

/** strtod as zslParseRange uses it: leading spaces allowed, "" is 0, overflow allowed. */
function strtodFull(s: string): number | null {
  // C sees the argument up to its first NUL byte.
  const nul = s.indexOf('\x00');
  if (nul !== -1) s = s.slice(0, nul);
  if (s.length === 0) return 0;
  let i = 0;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  if (i === s.length) return null;
  return string2d(i === 0 ? s : s.slice(i));
}

function parseScoreBound(s: string, r: ScoreRange, isMin: boolean): boolean {
  let ex = false;
  let t = s;
  if (s.length > 0 && s.charCodeAt(0) === 40 /* ( */) {
    ex = true;
    t = s.slice(1);
  }
  const v = strtodFull(t);
  if (v === null || Number.isNaN(v)) return false;
  if (isMin) {
    r.min = v;
    r.minex = ex;
  } else {
    r.max = v;
    r.maxex = ex;
  }
  return true;
}

/** Redis's zslParseRange; throws "min or max is not a float". */
function parseScoreRange(min: string, max: string): ScoreRange {
  const r: ScoreRange = { min: 0, max: 0, minex: false, maxex: false };
  if (!parseScoreBound(min, r, true) || !parseScoreBound(max, r, false)) throw new ReplyError(ERR_MINMAX_FLOAT);
  return r;
}

function parseLexBound(s: string, r: LexRange, isMin: boolean): boolean {
  if (s.length === 0) return false;
  const c0 = s.charCodeAt(0);
  let kind = 0;
  let ex = false;
  let str = '';
  if (c0 === 43 /* + */ || c0 === 45 /* - */) {
    if (s.length !== 1 && s.charCodeAt(1) !== 0) return false;
    kind = c0 === 43 ? 1 : -1;
  } else if (c0 === 40 /* ( */) {
    ex = true;
    str = s.slice(1);
  } else if (c0 === 91 /* [ */) {
    str = s.slice(1);
  } else {
    return false;
  }
  if (isMin) {
    r.min = str;
    r.minKind = kind;
    r.minex = ex;
  } else {
    r.max = str;
    r.maxKind = kind;
    r.maxex = ex;
  }
  return true;
}

/** Redis's zslParseLexRange; throws "min or max not valid string range item". */
function parseLexRange(min: string, max: string): LexRange {
  const r: LexRange = { min: '', max: '', minKind: 0, maxKind: 0, minex: false, maxex: false };
  if (!parseLexBound(min, r, true) || !parseLexBound(max, r, false)) throw new ReplyError(ERR_MINMAX_LEX);
  return r;
}

/** A C long argument (getLongFromObjectOrReply); values beyond 2^53 lose precision only. */
function parseLong(s: string, err: string = ERR_NOT_INTEGER): number {
  const v = string2ll(s);
  if (v === null) throw new ReplyError(err);
  return Number(v);
}

/**
 * A score as ZSCAN shows it. A listpack holds the score as the text Redis's d2string
 * wrote (an integral value within +-LLONG_MAX/2 as integer digits, else %.17g); a
 * skiplist entry is formatted with %.17g.
 */
function scanScoreText(d: number, listpack: boolean): string {
  if (listpack && Number.isInteger(d) && d >= -4611686018427387903 && d <= 4611686018427387903) {
    return Number.isSafeInteger(d) ? String(d === 0 ? 0 : d) : BigInt(d).toString();
  }
  return formatG17(d);
}

/** Write collected members (and scores) as a ZRANGE-style reply. */
function replyMembers(w: ReplyWriter, members: string[], scores: number[] | null): void {
  const n = members.length;
  if (scores === null) {
    w.arrayLen(n);
    for (let i = 0; i < n; i++) w.bulk(members[i]!);
    return;
  }
  if (w.resp === 2) {
    w.arrayLen(n * 2);
    for (let i = 0; i < n; i++) {
      w.bulk(members[i]!);
      w.double(scores[i]!);
    }
  } else {
    w.arrayLen(n);
    for (let i = 0; i < n; i++) {
      w.arrayLen(2);
      w.bulk(members[i]!);
      w.double(scores[i]!);
    }
  }
}

// ---------------------------------------------------------------------------------------
// ZADD / ZINCRBY
// ---------------------------------------------------------------------------------------

function zaddGeneric(c: Client, argv: string[], inFlags: number): void {
  const key = argv[1]!;
  let flags = inFlags;
  let ch = false;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const opt = argv[idx]!;
    if (eqi(opt, 'nx')) flags |= ZADD_IN_NX;
    else if (eqi(opt, 'xx')) flags |= ZADD_IN_XX;
    else if (eqi(opt, 'ch')) ch = true;
    else if (eqi(opt, 'incr')) flags |= ZADD_IN_INCR;
    else if (eqi(opt, 'gt')) flags |= ZADD_IN_GT;
    else if (eqi(opt, 'lt')) flags |= ZADD_IN_LT;
    else break;
  }
  const rest = argv.length - idx;
  if (rest % 2 !== 0 || rest === 0) throw new ReplyError(ERR_SYNTAX);
  const elements = rest / 2;
  const nx = (flags & ZADD_IN_NX) !== 0;
  const gt = (flags & ZADD_IN_GT) !== 0;
  const lt = (flags & ZADD_IN_LT) !== 0;
  const incr = (flags & ZADD_IN_INCR) !== 0;
  if (nx && flags & ZADD_IN_XX) throw new ReplyError('ERR XX and NX options at the same time are not compatible');
  if ((gt && nx) || (lt && nx) || (gt && lt)) {
    throw new ReplyError('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if (incr && elements > 1) throw new ReplyError('ERR INCR option supports a single increment-element pair');
  const scores = new Array<number>(elements);
  for (let j = 0; j < elements; j++) scores[j] = parseScore(argv[idx + j * 2]!);

  const db = c.db;
  let z = writeZset(c, key);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (z === undefined) {
    if (flags & ZADD_IN_XX) {
      if (incr) c.reply.nullBulk();
      else c.reply.int(0);
      return;
    }
    const lim = limitsOf(c);
    z = new ZSet(lim.maxEntries === 0 || lim.maxValue < argv[idx + 1]!.length);
    db.set(key, z);
  }
  const limits = limitsOf(c);
  for (let j = 0; j < elements; j++) {
    const out = z.add(scores[j]!, argv[idx + 1 + j * 2]!, flags, limits);
    if (out & ZADD_OUT_NAN) {
      if (added || updated) keyWritten(c, db, key, 'z', incr ? 'zincr' : 'zadd', added + updated);
      throw new ReplyError(ERR_NAN);
    }
    if (out & ZADD_OUT_ADDED) added++;
    if (out & ZADD_OUT_UPDATED) updated++;
    if (!(out & ZADD_OUT_NOP)) {
      processed++;
      score = zaddNewScoreOf();
    }
  }
  if (incr) {
    if (processed) c.reply.double(score);
    else c.reply.nullBulk();
  } else {
    c.reply.int(ch ? added + updated : added);
  }
  if (added || updated) keyWritten(c, db, key, 'z', incr ? 'zincr' : 'zadd', added + updated);
}

function zaddCommand(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, 0);
}

function zincrbyCommand(c: Client, argv: string[]): void {
  zaddGeneric(c, argv, ZADD_IN_INCR);
}

// ---------------------------------------------------------------------------------------
// Reads by member
// ---------------------------------------------------------------------------------------

function zcardCommand(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]!);
  c.reply.int(z === undefined ? 0 : z.length);
}

function zscoreCommand(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]!);
  const s = z === undefined ? undefined : z.score(argv[2]!);
  if (s === undefined) c.reply.nullBulk();
  else c.reply.double(s);
}

function zmscoreCommand(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]!);
  const w = c.reply;
  w.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const s = z === undefined ? undefined : z.score(argv[j]!);
    if (s === undefined) w.nullBulk();
    else w.double(s);
  }
}

function zrankGeneric(c: Client, argv: string[], rev: boolean): void {
  const z = readZset(c, argv[1]!);
  const r = z === undefined ? -1 : z.rank(argv[2]!, rev);
  if (r < 0) c.reply.nullBulk();
  else c.reply.int(r);
}

function zrankCommand(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, false);
}

function zrevrankCommand(c: Client, argv: string[]): void {
  zrankGeneric(c, argv, true);
}

function zcountCommand(c: Client, argv: string[]): void {
  const r = parseScoreRange(argv[2]!, argv[3]!);
  const z = readZset(c, argv[1]!);
  if (z === undefined) {
    c.reply.int(0);
    return;
  }
  const first = z.firstInScoreRange(r);
  if (first < 0) {
    c.reply.int(0);
    return;
  }
  const last = z.lastInScoreRange(r);
  c.reply.int(last < first ? 0 : last - first + 1);
}

function zlexcountCommand(c: Client, argv: string[]): void {
  const r = parseLexRange(argv[2]!, argv[3]!);
  const z = readZset(c, argv[1]!);
  if (z === undefined) {
    c.reply.int(0);
    return;
  }
  const first = z.firstInLexRange(r);
  if (first < 0) {
    c.reply.int(0);
    return;
  }
  let count = 0;
  if (z.isListpack) {
    // Redis walks the listpack from the first match while members stay <= max.
    const cur = z.cursor().seek(first);
    while (cur.valid && lexLteMax(cur.member, r)) {
      count++;
      cur.next();
    }
  } else {
    const last = z.lastInLexRange(r);
    count = last < 0 ? 0 : last - first + 1;
  }
  c.reply.int(count);
}

// ---------------------------------------------------------------------------------------
// Removals
// ---------------------------------------------------------------------------------------

function zremCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const z = writeZset(c, key);
  if (z === undefined) {
    c.reply.int(0);
    return;
  }
  let deleted = 0;
  for (let j = 2; j < argv.length; j++) {
    if (z.remove(argv[j]!)) deleted++;
    if (z.length === 0) break;
  }
  if (deleted) zsetWritten(c, c.db, key, z, 'zrem', deleted);
  c.reply.int(deleted);
}

const RANGE_RANK = 0;
const RANGE_SCORE = 1;
const RANGE_LEX = 2;

function zremrangeGeneric(c: Client, argv: string[], type: number): void {
  const key = argv[1]!;
  let start = 0;
  let end = 0;
  let sr: ScoreRange | null = null;
  let lr: LexRange | null = null;
  if (type === RANGE_RANK) {
    start = parseLong(argv[2]!);
    end = parseLong(argv[3]!);
  } else if (type === RANGE_SCORE) {
    sr = parseScoreRange(argv[2]!, argv[3]!);
  } else {
    lr = parseLexRange(argv[2]!, argv[3]!);
  }
  const z = writeZset(c, key);
  if (z === undefined) {
    c.reply.int(0);
    return;
  }
  let deleted: number;
  if (type === RANGE_RANK) {
    const llen = z.length;
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) {
      c.reply.int(0);
      return;
    }
    if (end >= llen) end = llen - 1;
    deleted = z.deleteRangeByRank(start, end);
  } else if (type === RANGE_SCORE) {
    deleted = z.deleteRangeByScore(sr!);
  } else {
    deleted = z.deleteRangeByLex(lr!);
  }
  if (deleted) {
    const ev = type === RANGE_RANK ? 'zremrangebyrank' : type === RANGE_SCORE ? 'zremrangebyscore' : 'zremrangebylex';
    zsetWritten(c, c.db, key, z, ev, deleted);
  }
  c.reply.int(deleted);
}

function zremrangebyrankCommand(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, RANGE_RANK);
}
function zremrangebyscoreCommand(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, RANGE_SCORE);
}
function zremrangebylexCommand(c: Client, argv: string[]): void {
  zremrangeGeneric(c, argv, RANGE_LEX);
}

// ---------------------------------------------------------------------------------------
// ZRANGE family
// ---------------------------------------------------------------------------------------

const DIR_AUTO = 0;
const DIR_FORWARD = 1;
const DIR_REVERSE = 2;
const RANGE_AUTO = 3;

/**
 * Collect a rank range: start/end as given (negative from the end), in order or reversed.
 */
function collectByRank(z: ZSet, start: number, end: number, rev: boolean, members: string[], scores: number[]): void {
  const llen = z.length;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return;
  if (end >= llen) end = llen - 1;
  let n = end - start + 1;
  const cur = z.cursor().seek(rev ? llen - 1 - start : start);
  while (n-- > 0 && cur.valid) {
    members.push(cur.member);
    scores.push(cur.score);
    if (rev) cur.prev();
    else cur.next();
  }
}

function collectByScore(z: ZSet, r: ScoreRange, offset: number, limit: number, rev: boolean, members: string[], scores: number[]): void {
  if (offset > 0 && offset >= z.length) return;
  const first = rev ? z.lastInScoreRange(r) : z.firstInScoreRange(r);
  if (first < 0) return;
  const cur = z.cursor().seek(first);
  if (offset < 0) return; // Redis's `while (ln && offset--)` walks off the end
  while (cur.valid && offset-- > 0) {
    if (rev) cur.prev();
    else cur.next();
  }
  while (cur.valid && limit-- !== 0) {
    if (rev ? !scoreGteMin(cur.score, r) : !scoreLteMax(cur.score, r)) break;
    members.push(cur.member);
    scores.push(cur.score);
    if (rev) cur.prev();
    else cur.next();
  }
}

function collectByLex(z: ZSet, r: LexRange, offset: number, limit: number, rev: boolean, members: string[], scores: number[]): void {
  if (offset > 0 && offset >= z.length) return;
  const first = rev ? z.lastInLexRange(r) : z.firstInLexRange(r);
  if (first < 0) return;
  const cur = z.cursor().seek(first);
  if (offset < 0) return;
  while (cur.valid && offset-- > 0) {
    if (rev) cur.prev();
    else cur.next();
  }
  while (cur.valid && limit-- !== 0) {
    if (rev ? !lexGteMin(cur.member, r) : !lexLteMax(cur.member, r)) break;
    members.push(cur.member);
    scores.push(cur.score);
    if (rev) cur.prev();
    else cur.next();
  }
}

/**
 * Redis's zrangeGenericCommand. `argStart` is the index of the source key; `dst` is the
 * ZRANGESTORE destination (null for the reading commands).
 */
function zrangeGeneric(c: Client, argv: string[], argStart: number, dst: string | null, rangeType: number, direction: number): void {
  const store = dst !== null;
  const key = argv[argStart]!;
  let minIdx = argStart + 1;
  let maxIdx = argStart + 2;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = argStart + 3; j < argv.length; j++) {
    const a = argv[j]!;
    const left = argv.length - j - 1;
    if (!store && eqi(a, 'withscores')) {
      withScores = true;
    } else if (eqi(a, 'limit') && left >= 2) {
      offset = parseLong(argv[j + 1]!);
      limit = parseLong(argv[j + 2]!);
      j += 2;
    } else if (direction === DIR_AUTO && eqi(a, 'rev')) {
      direction = DIR_REVERSE;
    } else if (rangeType === RANGE_AUTO && eqi(a, 'bylex')) {
      rangeType = RANGE_LEX;
    } else if (rangeType === RANGE_AUTO && eqi(a, 'byscore')) {
      rangeType = RANGE_SCORE;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  if (direction === DIR_AUTO) direction = DIR_FORWARD;
  if (rangeType === RANGE_AUTO) rangeType = RANGE_RANK;
  if (limit !== -1 && rangeType === RANGE_RANK) {
    throw new ReplyError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (withScores && rangeType === RANGE_LEX) {
    throw new ReplyError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  }
  const rev = direction === DIR_REVERSE;
  if (rev && rangeType !== RANGE_RANK) {
    const t = maxIdx;
    maxIdx = minIdx;
    minIdx = t;
  }
  let start = 0;
  let end = 0;
  let sr: ScoreRange | null = null;
  let lr: LexRange | null = null;
  if (rangeType === RANGE_RANK) {
    start = parseLong(argv[minIdx]!);
    end = parseLong(argv[maxIdx]!);
  } else if (rangeType === RANGE_SCORE) {
    sr = parseScoreRange(argv[minIdx]!, argv[maxIdx]!);
  } else {
    lr = parseLexRange(argv[minIdx]!, argv[maxIdx]!);
  }

  const z = readZset(c, key);
  const members: string[] = [];
  const scores: number[] = [];
  if (z !== undefined) {
    if (rangeType === RANGE_RANK) collectByRank(z, start, end, rev, members, scores);
    else if (rangeType === RANGE_SCORE) collectByScore(z, sr!, offset, limit, rev, members, scores);
    else collectByLex(z, lr!, offset, limit, rev, members, scores);
  }
  if (!store) {
    replyMembers(c.reply, members, withScores ? scores : null);
    return;
  }
  const db = c.db;
  if (members.length === 0) {
    c.reply.int(0);
    if (db.delete(dst)) {
      keyWritten(c, db, dst, 'g', 'del');
    }
    return;
  }
  // Redis builds the destination as a listpack and adds one by one (converting as needed).
  const limits = limitsOf(c);
  const out = new ZSet(false);
  for (let i = 0; i < members.length; i++) out.add(scores[i]!, members[i]!, 0, limits);
  db.set(dst, out);
  c.reply.int(members.length);
  keyWritten(c, db, dst, 'z', 'zrangestore');
}

function zrangeCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RANGE_AUTO, DIR_AUTO);
}
function zrangestoreCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 2, argv[1]!, RANGE_AUTO, DIR_AUTO);
}
function zrevrangeCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RANGE_RANK, DIR_REVERSE);
}
function zrangebyscoreCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RANGE_SCORE, DIR_FORWARD);
}
function zrevrangebyscoreCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RANGE_SCORE, DIR_REVERSE);
}
function zrangebylexCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RANGE_LEX, DIR_FORWARD);
}
function zrevrangebylexCommand(c: Client, argv: string[]): void {
  zrangeGeneric(c, argv, 1, null, RANGE_LEX, DIR_REVERSE);
}

// ---------------------------------------------------------------------------------------
// Pops
// ---------------------------------------------------------------------------------------

const ZSET_MIN = 0;
const ZSET_MAX = 1;

/**
 * Pop up to `count` elements (count -1: a single plain pop) from z at key, writing the
 * reply shape Redis's genericZpopCommand picks (emitKey: BZPOP*, ZMPOP; nested: RESP3
 * with COUNT, or ZMPOP). The caller sets propagation.
 */
export function zpopFrom(c: Client, key: string, z: ZSet, where: number, emitKey: boolean, count: number, nested: boolean): void {
  const w = c.reply;
  if (count === -1) count = 1;
  const llen = z.length;
  let n = count > llen ? llen : count;
  if (!nested && !emitKey) {
    w.arrayLen(n * 2);
  } else if (nested && !emitKey) {
    w.arrayLen(n);
  } else if (!nested && emitKey) {
    w.arrayLen(n * 2 + 1);
    w.bulk(key);
  } else {
    w.arrayLen(2);
    w.bulk(key);
    w.arrayLen(n);
  }
  const popped = n;
  const cur = z.cursor();
  while (n-- > 0) {
    cur.seek(where === ZSET_MIN ? 0 : z.length - 1);
    const member = cur.member;
    const score = cur.score;
    z.remove(member);
    if (nested) w.arrayLen(2);
    w.bulk(member);
    w.double(score);
  }
  zsetWritten(c, c.db, key, z, where === ZSET_MIN ? 'zpopmin' : 'zpopmax', popped);
}

/** Redis's genericZpopCommand over a key list (first existing key wins). */
function zpopKeys(c: Client, keys: string[], where: number, emitKey: boolean, count: number, nested: boolean, nilWhenEmpty: boolean): string | null {
  let z: ZSet | undefined;
  let key = '';
  for (let i = 0; i < keys.length; i++) {
    key = keys[i]!;
    z = writeZset(c, key);
    if (z !== undefined) break;
  }
  if (z === undefined) {
    if (nilWhenEmpty) c.reply.nullArray();
    else c.reply.arrayLen(0);
    return null;
  }
  if (count === 0) {
    c.reply.arrayLen(0);
    return null;
  }
  zpopFrom(c, key, z, where, emitKey, count, nested);
  return key;
}

/** getPositiveLongFromObjectOrReply. */
function parsePositiveLong(s: string, err: string = ERR_POSITIVE): number {
  const v = string2ll(s);
  if (v === null || v < 0) throw new ReplyError(err);
  return Number(v);
}

function zpopMinMax(c: Client, argv: string[], where: number): void {
  if (argv.length > 3) throw new ReplyError(ERR_SYNTAX);
  let count = -1;
  if (argv.length === 3) count = parsePositiveLong(argv[2]!);
  const nested = c.resp > 2 && count !== -1;
  zpopKeys(c, [argv[1]!], where, false, count, nested, false);
}

function zpopminCommand(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, ZSET_MIN);
}
function zpopmaxCommand(c: Client, argv: string[]): void {
  zpopMinMax(c, argv, ZSET_MAX);
}

/** getRangeLongFromObjectOrReply(1, LONG_MAX, msg): both failures answer msg. */
function parseAtLeastOne(s: string, msg: string): number {
  const v = string2ll(s);
  if (v === null || v < 1) throw new ReplyError(msg);
  return Number(v);
}

interface MpopArgs {
  keys: string[];
  where: number;
  count: number;
}

/** ZMPOP / BZMPOP arguments from numkeys at `idx`. */
function parseMpop(argv: string[], idx: number): MpopArgs {
  const numkeys = parseAtLeastOne(argv[idx]!, 'ERR numkeys should be greater than 0');
  const whereIdx = idx + numkeys + 1;
  if (whereIdx >= argv.length) throw new ReplyError(ERR_SYNTAX);
  const wa = argv[whereIdx]!;
  let where: number;
  if (eqi(wa, 'min')) where = ZSET_MIN;
  else if (eqi(wa, 'max')) where = ZSET_MAX;
  else throw new ReplyError(ERR_SYNTAX);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && eqi(argv[j]!, 'count') && more > 0) {
      j++;
      count = parseAtLeastOne(argv[j]!, 'ERR count should be greater than 0');
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  if (count === -1) count = 1;
  return { keys: argv.slice(idx + 1, idx + 1 + numkeys), where, count };
}

function zmpopCommand(c: Client, argv: string[]): void {
  const a = parseMpop(argv, 1);
  const key = zpopKeys(c, a.keys, a.where, true, a.count, true, true);
  if (key !== null) c.propagateArgv = [[a.where === ZSET_MAX ? 'ZPOPMAX' : 'ZPOPMIN', key, String(a.count)]];
}

// ---------------------------------------------------------------------------------------
// Blocking pops
// ---------------------------------------------------------------------------------------

/**
 * The timeout argument as an absolute deadline (0 = forever), by blocking.ts's parser.
 * redis-server 7.0.15 rejects an empty timeout, which that parser reads as 0.
 */
function parseTimeout(s: string): number {
  if (s.length === 0) throw new ReplyError('ERR timeout is not a float or out of range');
  return parseBlockTimeout(s);
}

/** The name a served pop propagates as. */
function popName(where: number): string {
  return where === ZSET_MAX ? 'ZPOPMAX' : 'ZPOPMIN';
}

/**
 * Pop from `key` for client c (immediately or when a blocked c is served): false when
 * the key holds no sorted set to pop from. Propagates ZPOPMIN/ZPOPMAX key [count] as
 * Redis 7.0 does for BZPOPMIN, BZPOPMAX and BZMPOP.
 */
function popForBlocked(c: Client, key: string, where: number, count: number, nested: boolean, served: boolean): boolean {
  const v = c.db.getForWrite(key);
  if (v === undefined || !isZset(v) || v.length === 0) return false;
  zpopFrom(c, key, v, where, true, count, nested);
  const argv = count === -1 ? [popName(where), key] : [popName(where), key, String(count)];
  if (served) c.server.blocking.propagate(c, argv);
  else c.propagateArgv = [argv];
  return true;
}

/**
 * The non-blocking half of BZPOPMIN/BZPOPMAX/BZMPOP: pop from the first non-empty key
 * and return true, or return false when the caller has to block. A key of another type
 * is WRONGTYPE, as in Redis.
 */
function bzpopTry(c: Client, keys: string[], where: number, count: number, nested: boolean): boolean {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const z = writeZset(c, key);
    if (z === undefined || z.length === 0) continue;
    return popForBlocked(c, key, where, count, nested, false);
  }
  return false;
}

function replyTimeout(c: Client): void {
  c.reply.nullArray();
}

/** Park c on keys until one holds a sorted set (served as the command would have been). */
function blockPop(c: Client, keys: string[], deadline: number, where: number, count: number, nested: boolean): void {
  c.server.blocking.blockOnKeys(c, keys, deadline, replyTimeout, (bc, key) => popForBlocked(bc, key, where, count, nested, true));
}

function bzpopMinMax(c: Client, argv: string[], where: number): void {
  const deadline = parseTimeout(argv[argv.length - 1]!);
  const keys = argv.slice(1, argv.length - 1);
  if (bzpopTry(c, keys, where, -1, false)) return;
  blockPop(c, keys, deadline, where, -1, false);
}

function bzpopminCommand(c: Client, argv: string[]): void {
  bzpopMinMax(c, argv, ZSET_MIN);
}
function bzpopmaxCommand(c: Client, argv: string[]): void {
  bzpopMinMax(c, argv, ZSET_MAX);
}

function bzmpopCommand(c: Client, argv: string[]): void {
  const a = parseMpop(argv, 2);
  const deadline = parseTimeout(argv[1]!);
  if (bzpopTry(c, a.keys, a.where, a.count, true)) return;
  blockPop(c, a.keys, deadline, a.where, a.count, true);
}

// ---------------------------------------------------------------------------------------
// ZRANDMEMBER
// ---------------------------------------------------------------------------------------

const LONG_MAX = 9223372036854775807n;

function zrandmemberCommand(c: Client, argv: string[]): void {
  if (argv.length >= 3) {
    const v = string2ll(argv[2]!);
    if (v === null) throw new ReplyError(ERR_NOT_INTEGER);
    if (BigInt(v) < -LONG_MAX) {
      throw new ReplyError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
    }
    let withScores = false;
    if (argv.length > 4 || (argv.length === 4 && !eqi(argv[3]!, 'withscores'))) throw new ReplyError(ERR_SYNTAX);
    if (argv.length === 4) {
      withScores = true;
      if (BigInt(v) < -(LONG_MAX / 2n) || BigInt(v) > LONG_MAX / 2n) throw new ReplyError('ERR value is out of range');
    }
    zrandmemberWithCount(c, argv[1]!, Number(v), withScores);
    return;
  }
  const z = readZset(c, argv[1]!);
  if (z === undefined) {
    c.reply.nullBulk();
    return;
  }
  const cur = z.cursor().seek(Math.floor(Math.random() * z.length));
  c.reply.bulk(cur.member);
}

function emitRandom(w: ReplyWriter, member: string, score: number, withScores: boolean): void {
  if (withScores && w.resp > 2) w.arrayLen(2);
  w.bulk(member);
  if (withScores) w.double(score);
}

function zrandmemberWithCount(c: Client, key: string, l: number, withScores: boolean): void {
  const w = c.reply;
  const z = readZset(c, key);
  if (z === undefined) {
    w.arrayLen(0);
    return;
  }
  let count: number;
  let uniq = true;
  if (l >= 0) {
    count = l;
  } else {
    count = -l;
    uniq = false;
  }
  if (count === 0) {
    w.arrayLen(0);
    return;
  }
  const size = z.length;
  const cur = z.cursor();
  // Case 1: repetitions allowed (negative count), or a single element.
  if (!uniq || count === 1) {
    w.arrayLen(withScores && w.resp === 2 ? count * 2 : count);
    for (let i = 0; i < count; i++) {
      cur.seek(Math.floor(Math.random() * size));
      emitRandom(w, cur.member, cur.score, withScores);
    }
    return;
  }
  // Case 2: the whole set, from the highest rank down (Redis's zset iterator order).
  if (count >= size) {
    w.arrayLen(withScores && w.resp === 2 ? size * 2 : size);
    for (cur.seek(size - 1); cur.valid; cur.prev()) emitRandom(w, cur.member, cur.score, withScores);
    return;
  }
  // Cases 3/4: count distinct ranks, picked by a partial Fisher-Yates over rank indexes.
  const picked = new Map<number, number>();
  w.arrayLen(withScores && w.resp === 2 ? count * 2 : count);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (size - i));
    const rj = picked.get(j) ?? j;
    picked.set(j, picked.get(i) ?? i);
    cur.seek(rj);
    emitRandom(w, cur.member, cur.score, withScores);
  }
}

// ---------------------------------------------------------------------------------------
// ZSCAN
// ---------------------------------------------------------------------------------------

function zscanCommand(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]!);
  const z = readZset(c, argv[1]!);
  const w = c.reply;
  if (z === undefined) {
    w.arrayLen(2);
    w.bulk('0');
    w.arrayLen(0);
    return;
  }
  const opts = parseScanOptions(argv, 3, false);
  const count = opts.count;
  const pattern = opts.pattern === '*' ? null : opts.pattern;
  const items: string[] = [];
  let next = 0;
  if (z.isListpack) {
    // A listpack is returned whole, in order, with cursor 0, as Redis does.
    for (const cur = z.cursor().seek(0); cur.valid; cur.next()) {
      if (pattern !== null && !stringMatch(pattern, cur.member, false)) continue;
      items.push(cur.member, scanScoreText(cur.score, true));
    }
  } else {
    // The cursor is a slot of the member dict (members never move while present): up to
    // COUNT members per call, visiting at most 10*COUNT slots, as Redis bounds its
    // bucket walk; the pattern filters what was collected.
    const d = z.dict!;
    const cap = d.members.length;
    let i = cursor >= BigInt(cap) ? cap : Number(cursor);
    let collected = 0;
    let visits = count * 10;
    while (i < cap && collected < count && visits-- > 0) {
      const m = d.members[i];
      if (m !== null && m !== undefined) {
        collected++;
        if (pattern === null || stringMatch(pattern, m, false)) items.push(m, scanScoreText(d.scores[i]!, false));
      }
      i++;
    }
    next = i >= cap ? 0 : i;
  }
  w.arrayLen(2);
  w.bulk(String(next));
  w.bulkArray(items);
}

// ---------------------------------------------------------------------------------------
// ZUNION / ZINTER / ZDIFF (+STORE), ZINTERCARD
// ---------------------------------------------------------------------------------------

const OP_UNION = 0;
const OP_INTER = 1;
const OP_DIFF = 2;
const AGGR_SUM = 0;
const AGGR_MIN = 1;
const AGGR_MAX = 2;

/** One input of the set algebra: a sorted set, a plain set (scores 1) or nothing. */
interface OpSrc {
  z: ZSet | null;
  set: (Value & Iterable<string>) | null;
  size: number;
  weight: number;
  subject: Value | null;
}

function srcHas(s: OpSrc, member: string): number | undefined {
  if (s.z !== null) return s.z.score(member);
  if (s.set !== null) {
    const has = (s.set as unknown as { has?: (m: string) => boolean }).has;
    if (typeof has === 'function') return has.call(s.set, member) ? 1 : undefined;
    for (const m of s.set) if (m === member) return 1;
  }
  return undefined;
}

function setSize(v: Value): number {
  const o = v as unknown as { size?: number | (() => number); length?: number; card?: () => number };
  if (typeof o.size === 'number') return o.size;
  if (typeof o.size === 'function') return o.size();
  if (typeof o.card === 'function') return o.card();
  if (typeof o.length === 'number') return o.length;
  let n = 0;
  for (const _ of v as unknown as Iterable<string>) n++;
  return n;
}

/** Visit every (member, score) of a source in its order. */
function srcEntries(s: OpSrc, members: string[], scores: number[]): void {
  if (s.z !== null) {
    for (const cur = s.z.cursor().seek(0); cur.valid; cur.next()) {
      members.push(cur.member);
      scores.push(cur.score);
    }
  } else if (s.set !== null) {
    for (const m of s.set) {
      members.push(m);
      scores.push(1);
    }
  }
}

function aggregate(target: number, val: number, aggr: number): number {
  if (aggr === AGGR_SUM) {
    const t = target + val;
    return Number.isNaN(t) ? 0 : t;
  }
  if (aggr === AGGR_MIN) return val < target ? val : target;
  return val > target ? val : target;
}

function zsetOpGeneric(c: Client, argv: string[], dst: string | null, numkeysIdx: number, op: number, cardOnly: boolean): void {
  const setnum = parseLong(argv[numkeysIdx]!);
  if (setnum < 1) {
    throw new ReplyError(`ERR at least 1 input key is needed for '${argv[0]!.toLowerCase()}' command`);
  }
  if (setnum > argv.length - (numkeysIdx + 1)) throw new ReplyError(ERR_SYNTAX);
  const src: OpSrc[] = new Array<OpSrc>(setnum);
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v = c.db.get(argv[j]!);
    const s: OpSrc = { z: null, set: null, size: 0, weight: 1, subject: null };
    if (v !== undefined) {
      if (isZset(v)) {
        s.z = v;
        s.size = v.length;
      } else if (typeof v !== 'string' && v.type === ObjType.Set) {
        s.set = v as Value & Iterable<string>;
        s.size = setSize(v);
      } else {
        throw new ReplyError(WRONGTYPE);
      }
      s.subject = v;
    }
    src[i] = s;
  }
  let aggr = AGGR_SUM;
  let withScores = false;
  let limit = 0;
  let remaining = argv.length - j;
  while (remaining > 0) {
    const a = argv[j]!;
    if (op !== OP_DIFF && !cardOnly && remaining >= setnum + 1 && eqi(a, 'weights')) {
      j++;
      remaining--;
      for (let i = 0; i < setnum; i++, j++, remaining--) src[i]!.weight = parseScore(argv[j]!, 'ERR weight value is not a float');
    } else if (op !== OP_DIFF && !cardOnly && remaining >= 2 && eqi(a, 'aggregate')) {
      j++;
      remaining--;
      const g = argv[j]!;
      if (eqi(g, 'sum')) aggr = AGGR_SUM;
      else if (eqi(g, 'min')) aggr = AGGR_MIN;
      else if (eqi(g, 'max')) aggr = AGGR_MAX;
      else throw new ReplyError(ERR_SYNTAX);
      j++;
      remaining--;
    } else if (remaining >= 1 && dst === null && !cardOnly && eqi(a, 'withscores')) {
      j++;
      remaining--;
      withScores = true;
    } else if (cardOnly && remaining >= 2 && eqi(a, 'limit')) {
      j++;
      remaining--;
      limit = parsePositiveLong(argv[j]!, "ERR LIMIT can't be negative");
      j++;
      remaining--;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  // Smallest inputs first, as Redis orders them (it fixes the order scores are summed in).
  if (op !== OP_DIFF) src.sort((a, b) => a.size - b.size);

  const result = new Map<string, number>();
  let cardinality = 0;
  if (op === OP_INTER) {
    const s0 = src[0]!;
    if (s0.size > 0) {
      const ms: string[] = [];
      const ss: number[] = [];
      srcEntries(s0, ms, ss);
      for (let k = 0; k < ms.length; k++) {
        const m = ms[k]!;
        let score = s0.weight * ss[k]!;
        if (Number.isNaN(score)) score = 0;
        let i = 1;
        for (; i < setnum; i++) {
          const si = src[i]!;
          let value: number;
          if (si.subject === s0.subject) {
            value = ss[k]! * si.weight;
          } else {
            const f = srcHas(si, m);
            if (f === undefined) break;
            value = f * si.weight;
          }
          score = aggregate(score, value, aggr);
        }
        if (i === setnum) {
          if (cardOnly) {
            cardinality++;
            if (limit && cardinality >= limit) break;
          } else {
            result.set(m, score);
          }
        }
      }
    }
  } else if (op === OP_UNION) {
    const ms: string[] = [];
    const ss: number[] = [];
    for (let i = 0; i < setnum; i++) {
      const si = src[i]!;
      if (si.size === 0) continue;
      ms.length = 0;
      ss.length = 0;
      srcEntries(si, ms, ss);
      for (let k = 0; k < ms.length; k++) {
        let score = si.weight * ss[k]!;
        if (Number.isNaN(score)) score = 0;
        const prev = result.get(ms[k]!);
        result.set(ms[k]!, prev === undefined ? score : aggregate(prev, score, aggr));
      }
    }
  } else {
    const s0 = src[0]!;
    if (s0.size > 0) {
      const ms: string[] = [];
      const ss: number[] = [];
      srcEntries(s0, ms, ss);
      for (let k = 0; k < ms.length; k++) {
        const m = ms[k]!;
        let found = false;
        for (let i = 1; i < setnum; i++) {
          if (src[i]!.size > 0 && srcHas(src[i]!, m) !== undefined) {
            found = true;
            break;
          }
        }
        if (!found) result.set(m, ss[k]!);
      }
    }
  }

  if (cardOnly) {
    c.reply.int(cardinality);
    return;
  }
  // The result as a skiplist-built zset (sorted), as Redis builds dstzset.
  const out = new ZSet(true);
  let maxLen = 0;
  for (const [m, s] of result) {
    out.insertNew(m, s);
    if (m.length > maxLen) maxLen = m.length;
  }
  if (dst !== null) {
    const db = c.db;
    if (out.length > 0) {
      out.convertToListpackIfNeeded(limitsOf(c), maxLen);
      db.set(dst, out);
      c.reply.int(out.length);
      keyWritten(c, db, dst, 'z', op === OP_UNION ? 'zunionstore' : op === OP_INTER ? 'zinterstore' : 'zdiffstore');
    } else {
      c.reply.int(0);
      if (db.delete(dst)) keyWritten(c, db, dst, 'g', 'del');
    }
    return;
  }
  const members: string[] = [];
  const scores: number[] = [];
  for (const cur = out.cursor().seek(0); cur.valid; cur.next()) {
    members.push(cur.member);
    scores.push(cur.score);
  }
  replyMembers(c.reply, members, withScores ? scores : null);
}

function zunionCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, OP_UNION, false);
}
function zinterCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, OP_INTER, false);
}
function zdiffCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, OP_DIFF, false);
}
function zunionstoreCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, argv[1]!, 2, OP_UNION, false);
}
function zinterstoreCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, argv[1]!, 2, OP_INTER, false);
}
function zdiffstoreCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, argv[1]!, 2, OP_DIFF, false);
}
function zintercardCommand(c: Client, argv: string[]): void {
  zsetOpGeneric(c, argv, null, 1, OP_INTER, true);
}

// ---------------------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------------------

const G = { acl: 'sortedset', group: 'sorted-set' } as const;
const K1: [number, number, number] = [1, 1, 1];
const NOKEYS: [number, number, number] = [0, 0, 0];
const LOG_N = 'O(log(N)) where N is the number of elements in the sorted set.';

export const zsetCommands: CommandDef[] = [
  { name: 'zadd', arity: -4, flags: 'write denyoom fast', keys: K1, ...G, since: '1.2.0', summary: 'Adds members with scores to a sorted set, or updates their scores; creates the key if needed.', complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.', handler: zaddCommand },
  { name: 'zincrby', arity: 4, flags: 'write denyoom fast', keys: K1, ...G, since: '1.2.0', summary: 'Adds an increment to the score of a member of a sorted set.', complexity: LOG_N, handler: zincrbyCommand },
  { name: 'zcard', arity: 2, flags: 'readonly fast', keys: K1, ...G, since: '1.2.0', summary: 'Returns the number of members of a sorted set.', complexity: 'O(1)', handler: zcardCommand },
  { name: 'zcount', arity: 4, flags: 'readonly fast', keys: K1, ...G, since: '2.0.0', summary: 'Counts the members of a sorted set whose scores fall in a range.', complexity: LOG_N, handler: zcountCommand },
  { name: 'zlexcount', arity: 4, flags: 'readonly fast', keys: K1, ...G, since: '2.8.9', summary: 'Counts the members of a sorted set that fall in a lexicographical range.', complexity: LOG_N, handler: zlexcountCommand },
  { name: 'zscore', arity: 3, flags: 'readonly fast', keys: K1, ...G, since: '1.2.0', summary: 'Returns the score of a member of a sorted set.', complexity: 'O(1)', handler: zscoreCommand },
  { name: 'zmscore', arity: -3, flags: 'readonly fast', keys: K1, ...G, since: '6.2.0', summary: 'Returns the scores of several members of a sorted set.', complexity: 'O(N) where N is the number of members being requested.', handler: zmscoreCommand },
  { name: 'zrank', arity: 3, flags: 'readonly fast', keys: K1, ...G, since: '2.0.0', summary: 'Returns the position of a member in a sorted set ordered by ascending score.', complexity: 'O(log(N))', handler: zrankCommand },
  { name: 'zrevrank', arity: 3, flags: 'readonly fast', keys: K1, ...G, since: '2.0.0', summary: 'Returns the position of a member in a sorted set ordered by descending score.', complexity: 'O(log(N))', handler: zrevrankCommand },
  { name: 'zrem', arity: -3, flags: 'write fast', keys: K1, ...G, since: '1.2.0', summary: 'Removes members from a sorted set; deletes the key when it becomes empty.', complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.', handler: zremCommand },
  { name: 'zremrangebyrank', arity: 4, flags: 'write', keys: K1, ...G, since: '2.0.0', summary: 'Removes the members of a sorted set within a range of positions.', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.', handler: zremrangebyrankCommand },
  { name: 'zremrangebyscore', arity: 4, flags: 'write', keys: K1, ...G, since: '1.2.0', summary: 'Removes the members of a sorted set within a range of scores.', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.', handler: zremrangebyscoreCommand },
  { name: 'zremrangebylex', arity: 4, flags: 'write', keys: K1, ...G, since: '2.8.9', summary: 'Removes the members of a sorted set within a lexicographical range.', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.', handler: zremrangebylexCommand },
  { name: 'zrange', arity: -4, flags: 'readonly', keys: K1, ...G, since: '1.2.0', summary: 'Returns members of a sorted set by position, score or lexicographical range, optionally reversed and paged.', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.', handler: zrangeCommand },
  { name: 'zrangestore', arity: -5, flags: 'write denyoom', keys: [1, 2, 1], ...G, since: '6.2.0', summary: 'Stores a range of a sorted set (as ZRANGE selects it) in another key.', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.', handler: zrangestoreCommand },
  { name: 'zrevrange', arity: -4, flags: 'readonly', keys: K1, ...G, since: '1.2.0', summary: 'Returns members of a sorted set by position, from the highest score down.', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.', deprecatedSince: '6.2.0', replacedBy: '`ZRANGE` with the `REV` argument', handler: zrevrangeCommand },
  { name: 'zrangebyscore', arity: -4, flags: 'readonly', keys: K1, ...G, since: '1.0.5', summary: 'Returns members of a sorted set within a range of scores.', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).', deprecatedSince: '6.2.0', replacedBy: '`ZRANGE` with the `BYSCORE` argument', handler: zrangebyscoreCommand },
  { name: 'zrevrangebyscore', arity: -4, flags: 'readonly', keys: K1, ...G, since: '2.2.0', summary: 'Returns members of a sorted set within a range of scores, from the highest down.', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).', deprecatedSince: '6.2.0', replacedBy: '`ZRANGE` with the `REV` and `BYSCORE` arguments', handler: zrevrangebyscoreCommand },
  { name: 'zrangebylex', arity: -4, flags: 'readonly', keys: K1, ...G, since: '2.8.9', summary: 'Returns members of a sorted set within a lexicographical range.', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).', deprecatedSince: '6.2.0', replacedBy: '`ZRANGE` with the `BYLEX` argument', handler: zrangebylexCommand },
  { name: 'zrevrangebylex', arity: -4, flags: 'readonly', keys: K1, ...G, since: '2.8.9', summary: 'Returns members of a sorted set within a lexicographical range, in reverse order.', complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).', deprecatedSince: '6.2.0', replacedBy: '`ZRANGE` with the `REV` and `BYLEX` arguments', handler: zrevrangebylexCommand },
  { name: 'zpopmin', arity: -2, flags: 'write fast', keys: K1, ...G, since: '5.0.0', summary: 'Removes and returns the members with the lowest scores.', complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.', handler: zpopminCommand },
  { name: 'zpopmax', arity: -2, flags: 'write fast', keys: K1, ...G, since: '5.0.0', summary: 'Removes and returns the members with the highest scores.', complexity: 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.', handler: zpopmaxCommand },
  { name: 'zmpop', arity: -4, flags: 'write movablekeys', keys: NOKEYS, ...G, since: '7.0.0', summary: 'Pops the lowest- or highest-scoring members from the first non-empty sorted set of a key list.', complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.', handler: zmpopCommand },
  { name: 'bzpopmin', arity: -3, flags: 'write noscript blocking fast', keys: [1, -2, 1], ...G, since: '5.0.0', summary: 'Pops the lowest-scoring member of the first non-empty sorted set, waiting for one if all are empty.', complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: bzpopminCommand },
  { name: 'bzpopmax', arity: -3, flags: 'write noscript blocking fast', keys: [1, -2, 1], ...G, since: '5.0.0', summary: 'Pops the highest-scoring member of the first non-empty sorted set, waiting for one if all are empty.', complexity: 'O(log(N)) with N being the number of elements in the sorted set.', handler: bzpopmaxCommand },
  { name: 'bzmpop', arity: -5, flags: 'write blocking movablekeys', keys: NOKEYS, ...G, since: '7.0.0', summary: 'Pops members from the first non-empty sorted set of a key list, waiting for one if all are empty.', complexity: 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.', handler: bzmpopCommand },
  { name: 'zrandmember', arity: -2, flags: 'readonly', keys: K1, ...G, since: '6.2.0', summary: 'Returns random members of a sorted set, distinct or with repetitions, optionally with scores.', complexity: 'O(N) where N is the number of members returned', tips: ['nondeterministic_output'], handler: zrandmemberCommand },
  { name: 'zunion', arity: -3, flags: 'readonly movablekeys', keys: NOKEYS, ...G, since: '6.2.0', summary: 'Returns the union of sorted sets (and sets), with weighted, aggregated scores.', complexity: 'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.', handler: zunionCommand },
  { name: 'zunionstore', arity: -4, flags: 'write denyoom movablekeys', keys: K1, ...G, since: '2.0.0', summary: 'Stores the union of sorted sets (and sets) in a key.', complexity: 'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.', handler: zunionstoreCommand },
  { name: 'zinter', arity: -3, flags: 'readonly movablekeys', keys: NOKEYS, ...G, since: '6.2.0', summary: 'Returns the intersection of sorted sets (and sets), with weighted, aggregated scores.', complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.', handler: zinterCommand },
  { name: 'zinterstore', arity: -4, flags: 'write denyoom movablekeys', keys: K1, ...G, since: '2.0.0', summary: 'Stores the intersection of sorted sets (and sets) in a key.', complexity: 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.', handler: zinterstoreCommand },
  { name: 'zintercard', arity: -3, flags: 'readonly movablekeys', keys: NOKEYS, ...G, since: '7.0.0', summary: 'Counts the members of the intersection of sorted sets, optionally stopping at a limit.', complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.', handler: zintercardCommand },
  { name: 'zdiff', arity: -3, flags: 'readonly movablekeys', keys: NOKEYS, ...G, since: '6.2.0', summary: 'Returns the members of the first sorted set that are in none of the others.', complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.', handler: zdiffCommand },
  { name: 'zdiffstore', arity: -4, flags: 'write denyoom movablekeys', keys: K1, ...G, since: '6.2.0', summary: 'Stores the difference between a sorted set and others in a key.', complexity: 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.', handler: zdiffstoreCommand },
  { name: 'zscan', arity: -3, flags: 'readonly', keys: K1, ...G, since: '2.8.0', summary: 'Iterates over the members and scores of a sorted set.', complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.', tips: ['nondeterministic_output'], handler: zscanCommand },
];
