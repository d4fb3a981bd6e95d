// The "set" command group: SADD SREM SCARD SISMEMBER SMISMEMBER SMEMBERS SMOVE SPOP
// SRANDMEMBER SINTER SINTERCARD SINTERSTORE SUNION SUNIONSTORE SDIFF SDIFFSTORE SSCAN.
//
// Behaviour follows Redis 7.0's t_set.c: the order of checks (an argument error before
// the key lookup where Redis parses first, WRONGTYPE on every source key even after a
// missing one), read vs write lookups (keyspace hit/miss stats), reply shapes (RESP3
// sets where Redis sends sets), keyspace events and what is propagated (SPOP as SREM/DEL).
// Results that Redis builds as a temporary set (SUNION, SDIFF, *STORE) are built the same
// way, so their encodings and, for intsets, their ascending order match Redis's; the
// SDIFF algorithm choice is kept because it decides the stored result's encoding.
// Data operations live in types/set.ts; every reply is compared against redis-server in
// test/integration/sets.test.ts.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import type { Db } from '../store/keyspace.js';
import { ReplyError, ERR_NOT_INTEGER, ERR_SYNTAX, WRONGTYPE } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';
import { eqi } from '../util/strings.js';
import { compileGlob } from '../util/glob.js';
import { keyWritten } from './util.js';
import { parseScanCursor, parseScanOptions } from './keys.js';
import { RedisSet, ENC_INTSET, ENC_HASHTABLE } from '../types/set.js';

const ERR_POSITIVE = 'ERR value is out of range, must be positive';
const LONG_MAX = 9223372036854775807n;

/** The set at key for reading (counts a keyspace hit/miss); WRONGTYPE for other types. */
function readSet(c: Client, key: string): RedisSet | undefined {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (!(v instanceof RedisSet)) throw new ReplyError(WRONGTYPE);
  return v;
}

/** The set at key about to be modified; WRONGTYPE for other types. */
function writeSet(c: Client, key: string): RedisSet | undefined {
  const v = c.db.getForWrite(key);
  if (v === undefined) return undefined;
  if (!(v instanceof RedisSet)) throw new ReplyError(WRONGTYPE);
  return v;
}

function maxIntset(c: Client): number {
  return c.server.config.num('set-max-intset-entries');
}

function notify(c: Client, db: Db, eventClass: string, event: string, key: string): void {
  c.server.notifyKeyspaceEvent(eventClass, event, key, db.id);
}

/** Writes strings as a RESP3 set (array in RESP2). */
function replyMembers(c: Client, members: readonly string[]): void {
  const w = c.reply;
  const n = members.length;
  w.setLen(n);
  for (let i = 0; i < n; i++) w.bulk(members[i]!);
}

/** Writes the members of a set, in its storage order, as a RESP3 set (array in RESP2). */
function replySet(c: Client, set: RedisSet): void {
  const w = c.reply;
  const n = set.size;
  w.setLen(n);
  if (set.enc === ENC_INTSET) {
    const a = set.ints;
    for (let i = 0; i < n; i++) w.bulk(String(a[i]!));
  } else {
    const a = set.members;
    for (let i = 0; i < n; i++) w.bulk(a[i]!);
  }
}

/** getPositiveLongFromObjectOrReply with Redis's default message. */
function positiveLong(s: string, err = ERR_POSITIVE): number {
  const v = string2ll(s);
  if (v === null || v < 0) throw new ReplyError(err);
  return Number(v);
}

// ---------------------------------------------------------------------------------------
// Single-set commands
// ---------------------------------------------------------------------------------------

function saddCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const db = c.db;
  const max = maxIntset(c);
  let set = writeSet(c, key);
  let added = 0;
  if (set === undefined) {
    set = RedisSet.forFirst(argv[2]!);
    for (let j = 2; j < argv.length; j++) if (set.add(argv[j]!, max)) added++;
    db.set(key, set);
  } else {
    for (let j = 2; j < argv.length; j++) if (set.add(argv[j]!, max)) added++;
  }
  if (added > 0) keyWritten(c, db, key, 's', 'sadd', added);
  c.reply.int(added);
}

function sremCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const db = c.db;
  const set = writeSet(c, key);
  if (set === undefined) {
    c.reply.int(0);
    return;
  }
  let deleted = 0;
  let keyRemoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (set.remove(argv[j]!)) {
      deleted++;
      if (set.size === 0) {
        db.delete(key);
        keyRemoved = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    keyWritten(c, db, key, 's', 'srem', deleted);
    if (keyRemoved) notify(c, db, 'g', 'del', key);
  }
  c.reply.int(deleted);
}

function smoveCommand(c: Client, argv: string[]): void {
  const srcKey = argv[1]!;
  const dstKey = argv[2]!;
  const ele = argv[3]!;
  const db = c.db;
  const src = db.getForWrite(srcKey);
  const dst = db.getForWrite(dstKey);
  // A missing source answers 0 before any type check (even of the destination).
  if (src === undefined) {
    c.reply.int(0);
    return;
  }
  if (!(src instanceof RedisSet) || (dst !== undefined && !(dst instanceof RedisSet))) {
    throw new ReplyError(WRONGTYPE);
  }
  if (src === dst) {
    c.reply.int(src.has(ele) ? 1 : 0);
    return;
  }
  if (!src.remove(ele)) {
    c.reply.int(0);
    return;
  }
  const server = c.server;
  notify(c, db, 's', 'srem', srcKey);
  if (src.size === 0) {
    db.delete(srcKey);
    notify(c, db, 'g', 'del', srcKey);
  }
  let target = dst as RedisSet | undefined;
  if (target === undefined) {
    target = RedisSet.forFirst(ele);
    db.set(dstKey, target);
  }
  server.signalModifiedKey(db, srcKey);
  server.dirty++;
  if (target.add(ele, maxIntset(c))) keyWritten(c, db, dstKey, 's', 'sadd');
  c.reply.int(1);
}

function scardCommand(c: Client, argv: string[]): void {
  const set = readSet(c, argv[1]!);
  c.reply.int(set === undefined ? 0 : set.size);
}

function sismemberCommand(c: Client, argv: string[]): void {
  const set = readSet(c, argv[1]!);
  c.reply.int(set !== undefined && set.has(argv[2]!) ? 1 : 0);
}

function smismemberCommand(c: Client, argv: string[]): void {
  // A missing key is an empty set: a series of zeros.
  const set = readSet(c, argv[1]!);
  const w = c.reply;
  w.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) w.int(set !== undefined && set.has(argv[j]!) ? 1 : 0);
}

/** SMEMBERS is SINTER of one key in Redis 7.0: a set reply, intsets in ascending order. */
function smembersCommand(c: Client, argv: string[]): void {
  const set = readSet(c, argv[1]!);
  if (set === undefined) c.reply.setLen(0);
  else replySet(c, set);
}

// ---------------------------------------------------------------------------------------
// SPOP / SRANDMEMBER
// ---------------------------------------------------------------------------------------

/** Above this ratio of popped to remaining members SPOP builds the remainder as a new set. */
const SPOP_MOVE_STRATEGY_MUL = 5;
/** Below this ratio of set size to count SRANDMEMBER copies the set and drops members. */
const SRANDMEMBER_SUB_STRATEGY_MUL = 3;

function spopCommand(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    spopWithCount(c, argv);
    return;
  }
  if (argv.length > 3) throw new ReplyError(ERR_SYNTAX);
  const key = argv[1]!;
  const db = c.db;
  const set = writeSet(c, key);
  if (set === undefined) {
    c.reply.nullBulk();
    return;
  }
  const ele = set.removeAt(set.randomIndex());
  notify(c, db, 's', 'spop', key);
  if (c.server.propagateHooks.length > 0) c.propagateArgv = [['SREM', key, ele]];
  c.reply.bulk(ele);
  if (set.size === 0) {
    db.delete(key);
    notify(c, db, 'g', 'del', key);
  }
  c.server.signalModifiedKey(db, key);
  c.server.dirty++;
}

function spopWithCount(c: Client, argv: string[]): void {
  const count = positiveLong(argv[2]!);
  const key = argv[1]!;
  const db = c.db;
  const set = writeSet(c, key);
  if (set === undefined || count === 0) {
    c.reply.setLen(0);
    return;
  }
  const server = c.server;
  const size = set.size;
  const propagate = server.propagateHooks.length > 0;
  notify(c, db, 's', 'spop', key);
  server.dirty += count >= size ? size : count;

  if (count >= size) {
    // The whole set, as Redis replies it: SUNION of this one key (a read lookup).
    db.get(key);
    replySet(c, set);
    db.delete(key);
    notify(c, db, 'g', 'del', key);
    if (propagate) c.propagateArgv = [['DEL', key]];
    server.signalModifiedKey(db, key);
    return;
  }

  const w = c.reply;
  const prop: string[][] | null = propagate ? [] : null;
  w.setLen(count);
  let remaining = size - count;
  if (remaining * SPOP_MOVE_STRATEGY_MUL > count || set.enc === ENC_HASHTABLE) {
    // Remove the popped members one by one. (Redis, when most of the set goes, moves the
    // members that stay into a new set instead; a hashtable's new set is an intset again
    // when they are all integers, done below. Removing in place keeps SSCAN's guarantee
    // for the members that stay.)
    for (let i = 0; i < count; i++) {
      const ele = set.removeAt(set.randomIndex());
      w.bulk(ele);
      if (prop !== null) prop.push(['SREM', key, ele]);
    }
    if (remaining * SPOP_MOVE_STRATEGY_MUL <= count) set.tryIntset(maxIntset(c));
  } else {
    // An intset keeps `remaining` random members in a new intset; the rest is the reply.
    const max = maxIntset(c);
    const kept = new RedisSet(ENC_INTSET);
    while (remaining-- > 0) kept.add(set.removeAt(set.randomIndex()), max);
    const n = set.size;
    for (let i = 0; i < n; i++) {
      const ele = set.memberAt(i);
      w.bulk(ele);
      if (prop !== null) prop.push(['SREM', key, ele]);
    }
    db.replace(key, kept);
  }
  if (prop !== null) {
    // Several SREMs are one transaction, as Redis 7.0 propagates them (unless inside EXEC,
    // which wraps everything it ran).
    c.propagateArgv = prop.length > 1 && server.propagationBuffer === null ? [['MULTI'], ...prop, ['EXEC']] : prop;
  }
  server.signalModifiedKey(db, key);
}

function srandmemberCommand(c: Client, argv: string[]): void {
  if (argv.length === 3) {
    srandmemberWithCount(c, argv);
    return;
  }
  if (argv.length > 3) throw new ReplyError(ERR_SYNTAX);
  const set = readSet(c, argv[1]!);
  if (set === undefined) c.reply.nullBulk();
  else c.reply.bulk(set.randomMember());
}

function srandmemberWithCount(c: Client, argv: string[]): void {
  const v = string2ll(argv[2]!);
  if (v === null) throw new ReplyError(ERR_NOT_INTEGER);
  if (typeof v === 'bigint' && v < -LONG_MAX) {
    throw new ReplyError('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807');
  }
  const uniq = v >= 0;
  const count = Number(uniq ? v : -v);
  const set = readSet(c, argv[1]!);
  const w = c.reply;
  if (set === undefined || count === 0) {
    w.arrayLen(0);
    return;
  }
  const size = set.size;
  // Negative count: independent picks, repeats allowed.
  if (!uniq || count === 1) {
    w.arrayLen(count);
    for (let i = 0; i < count; i++) w.bulk(set.memberAt(Math.floor(Math.random() * size)));
    return;
  }
  // The whole set, in its own order.
  if (count >= size) {
    w.arrayLen(size);
    for (let i = 0; i < size; i++) w.bulk(set.memberAt(i));
    return;
  }
  w.arrayLen(count);
  if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
    // Close to the whole set: a partial Fisher-Yates shuffle of a copy.
    const a = set.toArray();
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (size - i));
      const t = a[j]!;
      a[j] = a[i]!;
      a[i] = t;
      w.bulk(t);
    }
    return;
  }
  // A small sample of a big set: random picks until enough distinct ones.
  const seen = new Set<number>();
  while (seen.size < count) {
    const i = Math.floor(Math.random() * size);
    if (seen.has(i)) continue;
    seen.add(i);
    w.bulk(set.memberAt(i));
  }
}

// ---------------------------------------------------------------------------------------
// Set algebra
// ---------------------------------------------------------------------------------------

/**
 * Source sets of SINTER/SUNION/SDIFF and their STORE forms: read lookups, null for a
 * missing key, WRONGTYPE for any other type (checked on every key).
 */
function sourceSets(c: Client, argv: string[], start: number, end: number): (RedisSet | null)[] {
  const sets: (RedisSet | null)[] = [];
  for (let j = start; j < end; j++) {
    const s = readSet(c, argv[j]!);
    sets.push(s === undefined ? null : s);
  }
  return sets;
}

/** Store a *STORE result (overwriting any type, dropping a TTL) or delete dst when empty. */
function storeResult(c: Client, dstKey: string, result: RedisSet, event: string): void {
  const db = c.db;
  if (result.size > 0) {
    db.set(dstKey, result);
    keyWritten(c, db, dstKey, 's', event);
    c.reply.int(result.size);
  } else {
    c.reply.int(0);
    if (db.delete(dstKey)) keyWritten(c, db, dstKey, 'g', 'del');
  }
}

const MODE_REPLY = 0;
const MODE_STORE = 1;
const MODE_CARD = 2;

/** Redis's sinterGenericCommand: SINTER, SINTERSTORE, SINTERCARD and SMEMBERS. */
function sinterGeneric(c: Client, argv: string[], start: number, end: number, dstKey: string, mode: number, limit: number): void {
  const raw = sourceSets(c, argv, start, end);
  let empty = false;
  for (let j = 0; j < raw.length; j++) if (raw[j] === null) empty = true;
  if (empty) {
    if (mode === MODE_STORE) {
      const db = c.db;
      if (db.delete(dstKey)) keyWritten(c, db, dstKey, 'g', 'del');
      c.reply.int(0);
    } else if (mode === MODE_CARD) {
      c.reply.int(0);
    } else {
      c.reply.setLen(0);
    }
    return;
  }
  // Smallest set first (a stable sort, as glibc's qsort is for these sizes).
  const sets = raw as RedisSet[];
  sets.sort((a, b) => a.size - b.size);
  const first = sets[0]!;
  const size = first.size;
  const n = sets.length;
  const max = mode === MODE_STORE ? maxIntset(c) : 0;
  const out: string[] | null = mode === MODE_REPLY ? [] : null;
  const dst = mode === MODE_STORE ? new RedisSet(ENC_INTSET) : null;
  let card = 0;
  for (let i = 0; i < size; i++) {
    const m = first.memberAt(i);
    let j = 1;
    for (; j < n; j++) {
      const s = sets[j]!;
      if (s === first) continue;
      if (!s.has(m)) break;
    }
    if (j !== n) continue;
    card++;
    if (out !== null) out.push(m);
    else if (dst !== null) dst.add(m, max);
    else if (limit > 0 && card >= limit) break;
  }
  if (mode === MODE_CARD) c.reply.int(card);
  else if (dst !== null) storeResult(c, dstKey, dst, 'sinterstore');
  else replyMembers(c, out!);
}

function sinterCommand(c: Client, argv: string[]): void {
  sinterGeneric(c, argv, 1, argv.length, '', MODE_REPLY, 0);
}

function sinterstoreCommand(c: Client, argv: string[]): void {
  sinterGeneric(c, argv, 2, argv.length, argv[1]!, MODE_STORE, 0);
}

function sintercardCommand(c: Client, argv: string[]): void {
  const nk = string2ll(argv[1]!);
  if (nk === null || nk < 1) throw new ReplyError('ERR numkeys should be greater than 0');
  if (nk > argv.length - 2) throw new ReplyError("ERR Number of keys can't be greater than number of args");
  const numkeys = Number(nk);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    if (eqi(argv[j]!, 'limit') && j < argv.length - 1) {
      j++;
      limit = positiveLong(argv[j]!, "ERR LIMIT can't be negative");
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  sinterGeneric(c, argv, 2, 2 + numkeys, '', MODE_CARD, limit);
}

const OP_UNION = 0;
const OP_DIFF = 1;

/** Redis's sunionDiffGenericCommand: SUNION, SDIFF and their STORE forms. */
function sunionDiffGeneric(c: Client, argv: string[], start: number, dstKey: string | null, op: number): void {
  const sets = sourceSets(c, argv, start, argv.length);
  const n = sets.length;
  const first = sets[0]!;
  let algo = 1;
  if (op === OP_DIFF && first !== null) {
    // Algorithm 1 (test each member of the first set against the others) or 2 (add the
    // first set, remove the others): chosen as Redis does, since with STORE it decides
    // whether the result passed through a hashtable.
    let one = 0;
    let two = 0;
    for (let j = 0; j < n; j++) {
      const s = sets[j];
      if (s === null || s === undefined) continue;
      one += first.size;
      two += s.size;
    }
    one = Math.floor(one / 2);
    algo = one <= two ? 1 : 2;
    if (algo === 1 && n > 1) {
      // Larger sets first: a member is more likely to be found early. Stable, missing last.
      const rest = sets.slice(1).sort((a, b) => (b === null ? 0 : b.size) - (a === null ? 0 : a.size));
      for (let j = 1; j < n; j++) sets[j] = rest[j - 1]!;
    }
  }
  const max = maxIntset(c);
  const dst = new RedisSet(ENC_INTSET);
  if (op === OP_UNION) {
    for (let j = 0; j < n; j++) {
      const s = sets[j];
      if (s === null || s === undefined) continue;
      const size = s.size;
      // An intset added to an empty result is copied as is (already sorted and unique).
      if (dst.size === 0 && s.enc === ENC_INTSET && size <= max) {
        dst.copyIntsFrom(s);
        continue;
      }
      for (let i = 0; i < size; i++) dst.add(s.memberAt(i), max);
    }
  } else if (first !== null && algo === 1) {
    const size = first.size;
    for (let i = 0; i < size; i++) {
      const m = first.memberAt(i);
      let j = 1;
      for (; j < n; j++) {
        const s = sets[j];
        if (s === null || s === undefined) continue;
        if (s === first || s.has(m)) break;
      }
      if (j === n) dst.add(m, max);
    }
  } else if (first !== null) {
    for (let j = 0; j < n; j++) {
      const s = sets[j];
      if (s === null || s === undefined) continue;
      const size = s.size;
      if (j === 0) {
        for (let i = 0; i < size; i++) dst.add(s.memberAt(i), max);
      } else {
        // dst is a new set, so removing from it never disturbs s.
        for (let i = 0; i < size; i++) dst.remove(s.memberAt(i));
      }
      if (dst.size === 0) break;
    }
  }
  if (dstKey === null) replySet(c, dst);
  else storeResult(c, dstKey, dst, op === OP_UNION ? 'sunionstore' : 'sdiffstore');
}

// ---------------------------------------------------------------------------------------
// SSCAN
// ---------------------------------------------------------------------------------------

/**
 * Intsets reply whole, with cursor 0 (as Redis). Hashtables are walked by index in
 * descending order, the cursor being the next index + 1: removal only moves the last
 * member into a lower hole, so every member present for the whole scan is returned at
 * least once (Redis's guarantee); members added meanwhile may or may not be.
 */
function sscanCommand(c: Client, argv: string[]): void {
  const cursor = parseScanCursor(argv[2]!);
  const set = readSet(c, argv[1]!);
  const w = c.reply;
  if (set === undefined) {
    w.arrayLen(2);
    w.bulk('0');
    w.arrayLen(0);
    return;
  }
  const { count, pattern } = parseScanOptions(argv, 3, false);
  let found: string[];
  let next = 0;
  if (set.enc === ENC_INTSET) {
    found = set.toArray();
  } else {
    const members = set.members;
    found = [];
    const size = members.length;
    let i = cursor === 0n || cursor > BigInt(size) ? size - 1 : Number(cursor) - 1;
    for (let k = 0; k < count && i >= 0; k++, i--) found.push(members[i]!);
    next = i < 0 ? 0 : i + 1;
  }
  if (pattern !== null) {
    const match = compileGlob(pattern);
    let k = 0;
    for (let i = 0; i < found.length; i++) if (match(found[i]!)) found[k++] = found[i]!;
    found.length = k;
  }
  w.arrayLen(2);
  w.bulk(String(next));
  w.arrayLen(found.length);
  for (let i = 0; i < found.length; i++) w.bulk(found[i]!);
}

// ---------------------------------------------------------------------------------------

const S = { group: 'set', acl: 'set' } as const;

export const setCommands: CommandDef[] = [
  { name: 'sadd', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], ...S, since: '1.0.0', summary: 'Adds members to a set, creating it when missing.', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.', handler: saddCommand },
  { name: 'srem', arity: -3, flags: 'write fast', keys: [1, 1, 1], ...S, since: '1.0.0', summary: 'Removes members from a set; the key goes when the set is empty.', complexity: 'O(N) where N is the number of members to be removed.', handler: sremCommand },
  { name: 'scard', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], ...S, since: '1.0.0', summary: 'Returns how many members a set has.', complexity: 'O(1)', handler: scardCommand },
  { name: 'sismember', arity: 3, flags: 'readonly fast', keys: [1, 1, 1], ...S, since: '1.0.0', summary: 'Tells whether a value is a member of a set.', complexity: 'O(1)', handler: sismemberCommand },
  { name: 'smismember', arity: -3, flags: 'readonly fast', keys: [1, 1, 1], ...S, since: '6.2.0', summary: 'Tells, for each of several values, whether it is a member of a set.', complexity: 'O(N) where N is the number of elements being checked for membership', handler: smismemberCommand },
  { name: 'smembers', arity: 2, flags: 'readonly', keys: [1, 1, 1], ...S, since: '1.0.0', summary: 'Returns every member of a set.', complexity: 'O(N) where N is the set cardinality.', tips: ['nondeterministic_output_order'], handler: smembersCommand },
  { name: 'smove', arity: 4, flags: 'write fast', keys: [1, 2, 1], ...S, since: '1.0.0', summary: 'Moves one member from a set to another set.', complexity: 'O(1)', handler: smoveCommand },
  { name: 'spop', arity: -2, flags: 'write fast', keys: [1, 1, 1], ...S, since: '1.0.0', summary: 'Removes and returns one or several random members of a set.', complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.', tips: ['nondeterministic_output'], handler: spopCommand },
  { name: 'srandmember', arity: -2, flags: 'readonly', keys: [1, 1, 1], ...S, since: '1.0.0', summary: 'Returns random members of a set without removing them (repeats allowed with a negative count).', complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.', tips: ['nondeterministic_output'], handler: srandmemberCommand },
  { name: 'sinter', arity: -2, flags: 'readonly', keys: [1, -1, 1], ...S, since: '1.0.0', summary: 'Returns the members common to all the given sets.', complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.', tips: ['nondeterministic_output_order'], handler: sinterCommand },
  { name: 'sintercard', arity: -3, flags: 'readonly movablekeys', keys: [0, 0, 0], ...S, since: '7.0.0', summary: 'Counts the members common to all the given sets, optionally stopping at a limit.', complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.', handler: sintercardCommand },
  { name: 'sinterstore', arity: -3, flags: 'write denyoom', keys: [1, -1, 1], ...S, since: '1.0.0', summary: 'Stores the intersection of sets at a key (deleting it when empty).', complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.', handler: sinterstoreCommand },
  { name: 'sunion', arity: -2, flags: 'readonly', keys: [1, -1, 1], ...S, since: '1.0.0', summary: 'Returns the members of any of the given sets.', complexity: 'O(N) where N is the total number of elements in all given sets.', tips: ['nondeterministic_output_order'], handler: (c, argv) => sunionDiffGeneric(c, argv, 1, null, OP_UNION) },
  { name: 'sunionstore', arity: -3, flags: 'write denyoom', keys: [1, -1, 1], ...S, since: '1.0.0', summary: 'Stores the union of sets at a key (deleting it when empty).', complexity: 'O(N) where N is the total number of elements in all given sets.', handler: (c, argv) => sunionDiffGeneric(c, argv, 2, argv[1]!, OP_UNION) },
  { name: 'sdiff', arity: -2, flags: 'readonly', keys: [1, -1, 1], ...S, since: '1.0.0', summary: 'Returns the members of the first set that are in none of the others.', complexity: 'O(N) where N is the total number of elements in all given sets.', tips: ['nondeterministic_output_order'], handler: (c, argv) => sunionDiffGeneric(c, argv, 1, null, OP_DIFF) },
  { name: 'sdiffstore', arity: -3, flags: 'write denyoom', keys: [1, -1, 1], ...S, since: '1.0.0', summary: 'Stores the difference of sets at a key (deleting it when empty).', complexity: 'O(N) where N is the total number of elements in all given sets.', handler: (c, argv) => sunionDiffGeneric(c, argv, 2, argv[1]!, OP_DIFF) },
  { name: 'sscan', arity: -3, flags: 'readonly', keys: [1, 1, 1], ...S, since: '2.8.0', summary: 'Walks the members of a set incrementally with a cursor.', complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.', tips: ['nondeterministic_output'], handler: sscanCommand },
];
