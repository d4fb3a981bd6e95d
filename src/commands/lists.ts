// The "list" command group: LPUSH/RPUSH(X), LPOP/RPOP, LLEN, LRANGE, LINDEX, LSET,
// LINSERT, LREM, LTRIM, LPOS, LMOVE/RPOPLPUSH, LMPOP and the blocking BLPOP, BRPOP,
// BLMOVE, BRPOPLPUSH, BLMPOP (served through server/blocking.ts).
//
// Behaviour (order of argument checks, error texts, reply shapes in RESP2 and RESP3,
// keyspace events, what is propagated) follows Redis 7.0's t_list.c and blocked.c; replies
// are compared byte for byte against redis-server in test/integration/lists.test.ts and
// blocking.test.ts. The data operations live in types/list.ts.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import type { Db } from '../store/keyspace.js';
import { ReplyError, ERR_NOT_INTEGER, ERR_SYNTAX, ERR_NO_SUCH_KEY, WRONGTYPE } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';
import { eqi } from '../util/strings.js';
import { keyWritten } from './util.js';
import { ObjType, type Value } from '../types/value.js';
import { ListValue } from '../types/list.js';
import { parseBlockTimeout } from '../server/blocking.js';
import { listCodec } from '../persistence/rdb/list-codec.js';

// RDB loading, SORT ... STORE build lists through the codec hook.
listCodec.create = (items: string[]): Value => new ListValue(items);

const LONG_MIN = -9223372036854775808n;
const ERR_OUT_OF_RANGE_POSITIVE = 'ERR value is out of range, must be positive';
const ERR_INDEX_OUT_OF_RANGE = 'ERR index out of range';

function asList(v: Value | undefined): ListValue | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string' || v.type !== ObjType.List) throw new ReplyError(WRONGTYPE);
  return v as ListValue;
}

/** A list for reading (counts a keyspace hit/miss); undefined if missing; WRONGTYPE otherwise. */
function readList(c: Client, key: string): ListValue | undefined {
  return asList(c.db.get(key));
}

/** A list about to be modified; undefined if missing; WRONGTYPE for other types. */
function writeList(db: Db, key: string): ListValue | undefined {
  return asList(db.getForWrite(key));
}

/** getLongFromObjectOrReply: an int64 as a number (exact where it matters: vs lengths). */
function longArg(s: string, err: string = ERR_NOT_INTEGER): number {
  const v = string2ll(s);
  if (v === null) throw new ReplyError(err);
  return Number(v);
}

/** getPositiveLongFromObjectOrReply: 0..LONG_MAX, one message for every failure. */
function positiveArg(s: string, err: string): number {
  const v = string2ll(s);
  if (v === null || v < 0) throw new ReplyError(err);
  return Number(v);
}

/** LEFT / RIGHT (getListPositionFromObjectOrReply): true for LEFT (the head). */
function positionArg(s: string): boolean {
  if (eqi(s, 'left')) return true;
  if (eqi(s, 'right')) return false;
  throw new ReplyError(ERR_SYNTAX);
}

/**
 * After elements were popped from the head or tail of key's list (listElementsRemoved):
 * the lpop/rpop event, the key deleted with a "del" event once empty, dirty += count.
 */
function elementsRemoved(c: Client, db: Db, key: string, head: boolean, list: ListValue, count: number): void {
  keyWritten(c, db, key, 'l', head ? 'lpop' : 'rpop', count);
  if (list.length === 0) {
    db.delete(key);
    c.server.notifyKeyspaceEvent('g', 'del', key, db.id);
  }
}

/**
 * Reply with `count` (clamped to the length) elements popped from one end, in pop order
 * (tail first for RIGHT), as Redis's addListRangeReply + listTypeDelRange.
 */
function popRangeReply(c: Client, list: ListValue, head: boolean, count: number): number {
  const n = count > list.length ? list.length : count;
  const r = c.reply;
  r.arrayLen(n);
  if (head) for (let i = 0; i < n; i++) r.bulk(list.popHead());
  else for (let i = 0; i < n; i++) r.bulk(list.popTail());
  return n;
}

/** listPopRangeAndReplyWithKey: [key, [elements]] and the side effects. */
function popRangeWithKey(c: Client, db: Db, key: string, list: ListValue, head: boolean, count: number): number {
  c.reply.arrayLen(2);
  c.reply.bulk(key);
  const n = popRangeReply(c, list, head, count);
  elementsRemoved(c, db, key, head, list, n);
  return n;
}

// ---------------------------------------------------------------- push

function pushGeneric(c: Client, argv: string[], head: boolean, xx: boolean): void {
  const db = c.db;
  const key = argv[1]!;
  let list = writeList(db, key);
  if (list === undefined) {
    if (xx) {
      c.reply.int(0);
      return;
    }
    list = new ListValue();
    db.set(key, list);
  }
  const argc = argv.length;
  if (head) for (let i = 2; i < argc; i++) list.pushHead(argv[i]!);
  else for (let i = 2; i < argc; i++) list.pushTail(argv[i]!);
  keyWritten(c, db, key, 'l', head ? 'lpush' : 'rpush', argc - 2);
  c.reply.int(list.length);
}

function lpushCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, true, false);
}

function rpushCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, false, false);
}

function lpushxCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, true, true);
}

function rpushxCommand(c: Client, argv: string[]): void {
  pushGeneric(c, argv, false, true);
}

// ---------------------------------------------------------------- pop

function popGeneric(c: Client, argv: string[], head: boolean): void {
  if (argv.length > 3) throw new ReplyError(`ERR wrong number of arguments for '${head ? 'lpop' : 'rpop'}' command`);
  const hascount = argv.length === 3;
  const count = hascount ? positiveArg(argv[2]!, ERR_OUT_OF_RANGE_POSITIVE) : 0;
  const db = c.db;
  const key = argv[1]!;
  const list = writeList(db, key);
  if (list === undefined) {
    if (hascount) c.reply.nullArray();
    else c.reply.nullBulk();
    return;
  }
  if (hascount && count === 0) {
    c.reply.arrayLen(0);
    return;
  }
  if (!hascount) {
    c.reply.bulk(head ? list.popHead() : list.popTail());
    elementsRemoved(c, db, key, head, list, 1);
  } else {
    const n = popRangeReply(c, list, head, count);
    elementsRemoved(c, db, key, head, list, n);
  }
}

function lpopCommand(c: Client, argv: string[]): void {
  popGeneric(c, argv, true);
}

function rpopCommand(c: Client, argv: string[]): void {
  popGeneric(c, argv, false);
}

// ---------------------------------------------------------------- reads

function llenCommand(c: Client, argv: string[]): void {
  const list = readList(c, argv[1]!);
  c.reply.int(list === undefined ? 0 : list.length);
}

function lrangeCommand(c: Client, argv: string[]): void {
  let start = longArg(argv[2]!);
  let end = longArg(argv[3]!);
  const list = readList(c, argv[1]!);
  const r = c.reply;
  if (list === undefined) {
    r.arrayLen(0);
    return;
  }
  const llen = list.length;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) {
    r.arrayLen(0);
    return;
  }
  if (end >= llen) end = llen - 1;
  r.arrayLen(end - start + 1);
  for (let i = start; i <= end; i++) r.bulk(list.get(i));
}

function lindexCommand(c: Client, argv: string[]): void {
  const list = readList(c, argv[1]!);
  if (list === undefined) {
    c.reply.nullBulk();
    return;
  }
  let index = longArg(argv[2]!);
  const llen = list.length;
  if (index < 0) index = llen + index;
  if (index < 0 || index >= llen) c.reply.nullBulk();
  else c.reply.bulk(list.get(index));
}

/**
 * LPOS key element [RANK rank] [COUNT num] [MAXLEN len]. RANK -9223372036854775808 is
 * negated by Redis into itself (still negative): every match then qualifies and, with
 * COUNT, the count test overflows and never stops the scan; reproduced as such.
 */
function lposCommand(c: Client, argv: string[]): void {
  let rank = 1;
  let rankIsMin = false;
  let count = -1;
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    const more = argv.length - 1 - j;
    if (eqi(opt, 'rank') && more > 0) {
      j++;
      const v = string2ll(argv[j]!);
      if (v === null) throw new ReplyError(ERR_NOT_INTEGER);
      if (v === 0 || v === 0n) {
        throw new ReplyError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
      }
      rankIsMin = v === LONG_MIN;
      rank = Number(v);
    } else if (eqi(opt, 'count') && more > 0) {
      j++;
      count = positiveArg(argv[j]!, "ERR COUNT can't be negative");
    } else if (eqi(opt, 'maxlen') && more > 0) {
      j++;
      maxlen = positiveArg(argv[j]!, "ERR MAXLEN can't be negative");
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  const fromTail = rank < 0;
  if (fromTail) rank = rankIsMin ? 1 : -rank;
  const list = readList(c, argv[1]!);
  const r = c.reply;
  if (list === undefined) {
    if (count !== -1) r.arrayLen(0);
    else r.nullBulk();
    return;
  }
  const ele = argv[2]!;
  const llen = list.length;
  const limit = maxlen === 0 || maxlen > llen ? llen : maxlen;
  let matches = 0;
  if (count === -1) {
    for (let index = 0; index < limit; index++) {
      const pos = fromTail ? llen - index - 1 : index;
      if (list.get(pos) === ele && ++matches >= rank) {
        r.int(pos);
        return;
      }
    }
    r.nullBulk();
    return;
  }
  const found: number[] = [];
  const stopAt = rankIsMin ? 0 : count;
  for (let index = 0; index < limit; index++) {
    const pos = fromTail ? llen - index - 1 : index;
    if (list.get(pos) === ele && ++matches >= rank) {
      found.push(pos);
      if (stopAt !== 0 && matches - rank + 1 >= stopAt) break;
    }
  }
  r.arrayLen(found.length);
  for (const p of found) r.int(p);
}

// ---------------------------------------------------------------- in-place writes

function lsetCommand(c: Client, argv: string[]): void {
  const db = c.db;
  const key = argv[1]!;
  const list = writeList(db, key);
  if (list === undefined) throw new ReplyError(ERR_NO_SUCH_KEY);
  let index = longArg(argv[2]!);
  const llen = list.length;
  if (index < 0) index = llen + index;
  if (index < 0 || index >= llen) throw new ReplyError(ERR_INDEX_OUT_OF_RANGE);
  list.set(index, argv[3]!);
  c.reply.ok();
  keyWritten(c, db, key, 'l', 'lset');
}

function linsertCommand(c: Client, argv: string[]): void {
  let after: boolean;
  if (eqi(argv[2]!, 'after')) after = true;
  else if (eqi(argv[2]!, 'before')) after = false;
  else throw new ReplyError(ERR_SYNTAX);
  const db = c.db;
  const key = argv[1]!;
  const list = writeList(db, key);
  if (list === undefined) {
    c.reply.int(0);
    return;
  }
  const at = list.indexOf(argv[3]!);
  if (at === -1) {
    c.reply.int(-1);
    return;
  }
  list.insertAt(after ? at + 1 : at, argv[4]!);
  keyWritten(c, db, key, 'l', 'linsert');
  c.reply.int(list.length);
}

function lremCommand(c: Client, argv: string[]): void {
  const toremove = longArg(argv[2]!);
  const db = c.db;
  const key = argv[1]!;
  const list = writeList(db, key);
  if (list === undefined) {
    c.reply.int(0);
    return;
  }
  const removed = list.removeMatching(argv[3]!, toremove);
  const server = c.server;
  if (removed > 0) server.notifyKeyspaceEvent('l', 'lrem', key, db.id);
  if (list.length === 0) {
    db.delete(key);
    server.notifyKeyspaceEvent('g', 'del', key, db.id);
  }
  if (removed > 0) {
    server.signalModifiedKey(db, key);
    server.dirty += removed;
  }
  c.reply.int(removed);
}

function ltrimCommand(c: Client, argv: string[]): void {
  let start = longArg(argv[2]!);
  let end = longArg(argv[3]!);
  const db = c.db;
  const key = argv[1]!;
  const list = writeList(db, key);
  if (list === undefined) {
    c.reply.ok();
    return;
  }
  const llen = list.length;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  let ltrim: number;
  let rtrim: number;
  if (start > end || start >= llen) {
    ltrim = llen;
    rtrim = 0;
  } else {
    if (end >= llen) end = llen - 1;
    ltrim = start;
    rtrim = llen - end - 1;
  }
  list.trim(ltrim, rtrim);
  const server = c.server;
  server.notifyKeyspaceEvent('l', 'ltrim', key, db.id);
  if (list.length === 0) {
    db.delete(key);
    server.notifyKeyspaceEvent('g', 'del', key, db.id);
  }
  server.signalModifiedKey(db, key);
  server.dirty += ltrim + rtrim;
  c.reply.ok();
}

// ---------------------------------------------------------------- LMOVE family

/**
 * Move one element from src (which holds a non-empty list) to dst, replying with it
 * (lmoveGenericCommand after its lookups). Returns false, having replied WRONGTYPE,
 * when dst holds another type.
 */
function moveElement(c: Client, db: Db, src: string, list: ListValue, dst: string, fromHead: boolean, toHead: boolean): boolean {
  const dv = db.getForWrite(dst);
  if (dv !== undefined && (typeof dv === 'string' || dv.type !== ObjType.List)) {
    c.error(WRONGTYPE);
    return false;
  }
  const value = fromHead ? list.popHead() : list.popTail();
  let target = dv as ListValue | undefined;
  if (target === undefined) {
    target = new ListValue();
    db.set(dst, target);
  }
  if (toHead) target.pushHead(value);
  else target.pushTail(value);
  keyWritten(c, db, dst, 'l', toHead ? 'lpush' : 'rpush', 0);
  c.reply.bulk(value);
  const server = c.server;
  server.notifyKeyspaceEvent('l', fromHead ? 'lpop' : 'rpop', src, db.id);
  if (list.length === 0) {
    db.delete(src);
    server.notifyKeyspaceEvent('g', 'del', src, db.id);
  }
  server.signalModifiedKey(db, src);
  server.dirty++;
  return true;
}

function lmoveGeneric(c: Client, argv: string[], fromHead: boolean, toHead: boolean): void {
  const db = c.db;
  const src = argv[1]!;
  const list = writeList(db, src);
  if (list === undefined || list.length === 0) {
    c.reply.nullBulk();
    return;
  }
  moveElement(c, db, src, list, argv[2]!, fromHead, toHead);
}

function lmoveCommand(c: Client, argv: string[]): void {
  const fromHead = positionArg(argv[3]!);
  const toHead = positionArg(argv[4]!);
  lmoveGeneric(c, argv, fromHead, toHead);
}

function rpoplpushCommand(c: Client, argv: string[]): void {
  lmoveGeneric(c, argv, false, true);
}

function blmoveGeneric(c: Client, argv: string[], fromHead: boolean, toHead: boolean, deadline: number, isRpoplpush: boolean): void {
  const db = c.db;
  const src = argv[1]!;
  const dst = argv[2]!;
  const list = writeList(db, src);
  if (list !== undefined) {
    lmoveGeneric(c, argv, fromHead, toHead);
    c.propagateArgv = [isRpoplpush ? ['RPOPLPUSH', src, dst] : ['LMOVE', src, dst, argv[3]!, argv[4]!]];
    return;
  }
  // Not allowed to block (EXEC, scripts): a null bulk; a timeout is a null array.
  if (c.denyBlocking) {
    c.reply.nullBulk();
    return;
  }
  const from = fromHead ? 'LEFT' : 'RIGHT';
  const to = toHead ? 'LEFT' : 'RIGHT';
  c.server.blocking.blockOnKeys(c, [src], deadline, nullArrayReply, (cl, key) => {
    const cdb = cl.db;
    const v = cdb.getForWrite(key);
    if (v === undefined || typeof v === 'string' || v.type !== ObjType.List) return false;
    const l = v as ListValue;
    if (l.length === 0) return false;
    if (moveElement(cl, cdb, key, l, dst, fromHead, toHead)) {
      cl.server.blocking.propagate(cl, isRpoplpush ? ['RPOPLPUSH', key, dst] : ['LMOVE', key, dst, from, to]);
    }
    return true;
  });
}

function blmoveCommand(c: Client, argv: string[]): void {
  const fromHead = positionArg(argv[3]!);
  const toHead = positionArg(argv[4]!);
  const deadline = parseBlockTimeout(argv[5]!);
  blmoveGeneric(c, argv, fromHead, toHead, deadline, false);
}

function brpoplpushCommand(c: Client, argv: string[]): void {
  const deadline = parseBlockTimeout(argv[3]!);
  blmoveGeneric(c, argv, false, true, deadline, true);
}

// ---------------------------------------------------------------- blocking pops, LMPOP

function nullArrayReply(c: Client): void {
  c.reply.nullArray();
}

/**
 * Serve a blocked BLPOP/BRPOP (count -1) or BLMPOP (count >= 1) from key: as Redis
 * 7.0's serveClientBlockedOnList, propagated as [LR]POP key [count].
 */
function servePop(c: Client, key: string, head: boolean, count: number): boolean {
  const db = c.db;
  const v = db.getForWrite(key);
  if (v === undefined || typeof v === 'string' || v.type !== ObjType.List) return false;
  const list = v as ListValue;
  const llen = list.length;
  if (llen === 0) return false;
  const name = head ? 'LPOP' : 'RPOP';
  if (count < 0) {
    c.server.blocking.propagate(c, [name, key]);
    c.reply.arrayLen(2);
    c.reply.bulk(key);
    c.reply.bulk(head ? list.popHead() : list.popTail());
    elementsRemoved(c, db, key, head, list, 1);
  } else {
    c.server.blocking.propagate(c, [name, key, String(count > llen ? llen : count)]);
    popRangeWithKey(c, db, key, list, head, count);
  }
  return true;
}

/**
 * blockingPopGenericCommand: pop from the first non-empty list among keys, or block on
 * all of them. count -1: BLPOP/BRPOP reply [key, element]; otherwise BLMPOP's
 * [key, [elements]].
 */
function blockingPop(c: Client, keys: string[], head: boolean, deadline: number, count: number): void {
  const db = c.db;
  for (let j = 0; j < keys.length; j++) {
    const key = keys[j]!;
    const list = writeList(db, key);
    if (list === undefined) continue;
    const llen = list.length;
    if (llen === 0) continue;
    const name = head ? 'LPOP' : 'RPOP';
    if (count !== -1) {
      popRangeWithKey(c, db, key, list, head, count);
      c.propagateArgv = [[name, key, String(count > llen ? llen : count)]];
      return;
    }
    c.reply.arrayLen(2);
    c.reply.bulk(key);
    c.reply.bulk(head ? list.popHead() : list.popTail());
    elementsRemoved(c, db, key, head, list, 1);
    c.propagateArgv = [[name, key]];
    return;
  }
  c.server.blocking.blockOnKeys(c, keys, deadline, nullArrayReply, (cl, key) => servePop(cl, key, head, count));
}

function blpopCommand(c: Client, argv: string[]): void {
  const deadline = parseBlockTimeout(argv[argv.length - 1]!);
  blockingPop(c, argv.slice(1, argv.length - 1), true, deadline, -1);
}

function brpopCommand(c: Client, argv: string[]): void {
  const deadline = parseBlockTimeout(argv[argv.length - 1]!);
  blockingPop(c, argv.slice(1, argv.length - 1), false, deadline, -1);
}

/** LMPOP / BLMPOP: numkeys at numkeysIdx, then the keys, LEFT|RIGHT, [COUNT count]. */
function lmpopGeneric(c: Client, argv: string[], numkeysIdx: number, block: boolean): void {
  const nk = string2ll(argv[numkeysIdx]!);
  if (nk === null || nk < 1) throw new ReplyError('ERR numkeys should be greater than 0');
  const numkeys = Number(nk);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw new ReplyError(ERR_SYNTAX);
  const head = positionArg(argv[whereIdx]!);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && eqi(argv[j]!, 'count') && more > 0) {
      j++;
      const v = string2ll(argv[j]!);
      if (v === null || v < 1) throw new ReplyError('ERR count should be greater than 0');
      count = Number(v);
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }
  if (count === -1) count = 1;
  const keys = argv.slice(numkeysIdx + 1, whereIdx);
  if (block) {
    const deadline = parseBlockTimeout(argv[1]!);
    blockingPop(c, keys, head, deadline, count);
    return;
  }
  const db = c.db;
  for (const key of keys) {
    const list = writeList(db, key);
    if (list === undefined) continue;
    const llen = list.length;
    if (llen === 0) continue;
    popRangeWithKey(c, db, key, list, head, count);
    c.propagateArgv = [[head ? 'LPOP' : 'RPOP', key, String(count > llen ? llen : count)]];
    return;
  }
  c.reply.nullArray();
}

function lmpopCommand(c: Client, argv: string[]): void {
  lmpopGeneric(c, argv, 1, false);
}

function blmpopCommand(c: Client, argv: string[]): void {
  lmpopGeneric(c, argv, 2, true);
}

/** LMPOP/BLMPOP key positions: numkeys at `idx`, keys after it (COMMAND GETKEYS). */
function mpopKeys(idx: number): (argv: string[]) => number[] {
  return (argv) => {
    const n = string2ll(argv[idx] ?? '');
    if (n === null || n < 1 || idx + Number(n) >= argv.length) return [];
    const out: number[] = [];
    for (let i = 0; i < Number(n); i++) out.push(idx + 1 + i);
    return out;
  };
}

const G = { group: 'list' } as const;

export const listCommands: CommandDef[] = [
  { name: 'lpush', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'list', ...G, since: '1.0.0', summary: 'Adds elements at the head of a list, creating it when missing.', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.', handler: lpushCommand },
  { name: 'rpush', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'list', ...G, since: '1.0.0', summary: 'Adds elements at the tail of a list, creating it when missing.', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.', handler: rpushCommand },
  { name: 'lpushx', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'list', ...G, since: '2.2.0', summary: 'Adds elements at the head of a list only if the list already exists.', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.', handler: lpushxCommand },
  { name: 'rpushx', arity: -3, flags: 'write denyoom fast', keys: [1, 1, 1], acl: 'list', ...G, since: '2.2.0', summary: 'Adds elements at the tail of a list only if the list already exists.', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.', handler: rpushxCommand },
  { name: 'lpop', arity: -2, flags: 'write fast', keys: [1, 1, 1], acl: 'list', ...G, since: '1.0.0', summary: 'Removes and returns the first element(s) of a list; the key goes when it empties.', complexity: 'O(N) where N is the number of elements returned', handler: lpopCommand },
  { name: 'rpop', arity: -2, flags: 'write fast', keys: [1, 1, 1], acl: 'list', ...G, since: '1.0.0', summary: 'Removes and returns the last element(s) of a list; the key goes when it empties.', complexity: 'O(N) where N is the number of elements returned', handler: rpopCommand },
  { name: 'llen', arity: 2, flags: 'readonly fast', keys: [1, 1, 1], acl: 'list', ...G, since: '1.0.0', summary: 'Reports how many elements a list holds.', complexity: 'O(1)', handler: llenCommand },
  { name: 'lrange', arity: 4, flags: 'readonly', keys: [1, 1, 1], acl: 'list', ...G, since: '1.0.0', summary: 'Returns the elements of a list between two indexes, both inclusive.', complexity: 'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.', handler: lrangeCommand },
  { name: 'lindex', arity: 3, flags: 'readonly', keys: [1, 1, 1], acl: 'list', ...G, since: '1.0.0', summary: 'Returns the element found at an index of a list.', complexity: 'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).', handler: lindexCommand },
  { name: 'lset', arity: 4, flags: 'write denyoom', keys: [1, 1, 1], acl: 'list', ...G, since: '1.0.0', summary: 'Overwrites the element at an index of a list.', complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).', handler: lsetCommand },
  { name: 'linsert', arity: 5, flags: 'write denyoom', keys: [1, 1, 1], acl: 'list', ...G, since: '2.2.0', summary: 'Inserts an element just before or after the first occurrence of a pivot element.', complexity: 'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).', handler: linsertCommand },
  { name: 'lrem', arity: 4, flags: 'write', keys: [1, 1, 1], acl: 'list', ...G, since: '1.0.0', summary: 'Removes occurrences of an element, from the head, the tail or everywhere.', complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.', handler: lremCommand },
  { name: 'ltrim', arity: 4, flags: 'write', keys: [1, 1, 1], acl: 'list', ...G, since: '1.0.0', summary: 'Keeps only the elements of a list within an index range, dropping the rest.', complexity: 'O(N) where N is the number of elements to be removed by the operation.', handler: ltrimCommand },
  { name: 'lpos', arity: -3, flags: 'readonly', keys: [1, 1, 1], acl: 'list', ...G, since: '6.0.6', summary: 'Finds the positions of an element in a list, optionally the Nth match or several.', complexity: 'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.', handler: lposCommand },
  { name: 'lmove', arity: 5, flags: 'write denyoom', keys: [1, 2, 1], acl: 'list', ...G, since: '6.2.0', summary: 'Pops an element from one end of a list and pushes it onto an end of another (or the same) list.', complexity: 'O(1)', handler: lmoveCommand },
  { name: 'rpoplpush', arity: 3, flags: 'write denyoom', keys: [1, 2, 1], acl: 'list', ...G, since: '1.2.0', summary: 'Pops the last element of a list and pushes it at the head of another list.', complexity: 'O(1)', deprecatedSince: '6.2.0', replacedBy: '`LMOVE` with the `RIGHT` and `LEFT` arguments', handler: rpoplpushCommand },
  { name: 'lmpop', arity: -4, flags: 'write movablekeys', acl: 'list', ...G, since: '7.0.0', summary: 'Pops one or more elements from the first non-empty list among several keys.', complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.', getKeys: mpopKeys(1), handler: lmpopCommand },
  { name: 'blpop', arity: -3, flags: 'write noscript blocking', keys: [1, -2, 1], acl: 'list', ...G, since: '2.0.0', summary: 'Pops the first element of the first non-empty list among several keys, waiting for one when all are empty.', complexity: 'O(N) where N is the number of provided keys.', handler: blpopCommand },
  { name: 'brpop', arity: -3, flags: 'write noscript blocking', keys: [1, -2, 1], acl: 'list', ...G, since: '2.0.0', summary: 'Pops the last element of the first non-empty list among several keys, waiting for one when all are empty.', complexity: 'O(N) where N is the number of provided keys.', handler: brpopCommand },
  { name: 'blmove', arity: 6, flags: 'write denyoom noscript blocking', keys: [1, 2, 1], acl: 'list', ...G, since: '6.2.0', summary: 'Like LMOVE, waiting for the source list to receive an element when it is empty.', complexity: 'O(1)', handler: blmoveCommand },
  { name: 'brpoplpush', arity: 4, flags: 'write denyoom noscript blocking', keys: [1, 2, 1], acl: 'list', ...G, since: '2.2.0', summary: 'Like RPOPLPUSH, waiting for the source list to receive an element when it is empty.', complexity: 'O(1)', deprecatedSince: '6.2.0', replacedBy: '`BLMOVE` with the `RIGHT` and `LEFT` arguments', handler: brpoplpushCommand },
  { name: 'blmpop', arity: -5, flags: 'write blocking movablekeys', acl: 'list', ...G, since: '7.0.0', summary: 'Like LMPOP, waiting for one of the lists to receive elements when all are empty.', complexity: 'O(N+M) where N is the number of provided keys and M is the number of elements returned.', getKeys: mpopKeys(2), handler: blmpopCommand },
];
