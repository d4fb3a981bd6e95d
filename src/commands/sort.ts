// SORT and SORT_RO (Redis 7.0's sort.c): sort the elements of a list, set or sorted set
// numerically or lexicographically, optionally by external keys (BY pattern, with
// "key->field" hash dereferences), with LIMIT, GET patterns ("#" = the element itself)
// and STORE into a list.
//
// Behaviours kept from Redis:
//  - BY a pattern without '*' means "don't sort": lists and zsets keep their order (DESC
//    reverses it, LIMIT selects a range directly), sets reply in storage order, except
//    with STORE, where a set is sorted ALPHA so the stored result is deterministic.
//  - Numeric sorting parses each weight with strtod rules: leading blanks, hex, inf are
//    accepted; trailing junk, NaN or out-of-range values fail the whole command with
//    "One or more scores can't be converted into double" (missing BY keys weigh 0).
//    Ties are broken by comparing the elements, so the result is deterministic.
//  - A sorted set is converted to its skiplist encoding by SORT (as Redis does, even
//    for SORT_RO and even when the sort then fails).
//  - STORE replaces the destination with a list (TTL dropped) and fires "sortstore";
//    an empty result deletes the destination ("del"). The reply is the stored length.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import type { Db } from '../store/keyspace.js';
import { ObjType, type Value } from '../types/value.js';
import { ReplyError, ERR_NOT_INTEGER, ERR_SYNTAX, WRONGTYPE } from '../util/errors.js';
import { string2ll } from '../util/numbers.js';
import { eqi } from '../util/strings.js';
import { keyWritten } from './util.js';
import { isStringValue, asString } from '../types/string.js';
import type { HashValue } from '../types/hash.js';
import type { RedisSet } from '../types/set.js';
import type { ZSet } from '../types/zset.js';
import { listCodec } from '../persistence/rdb/list-codec.js';
import { aclFullKeyRead } from '../server/acl.js';

const ERR_SCORES = "ERR One or more scores can't be converted into double";

/** Index of the first NUL (C string end), or the length. */
function cEnd(s: string): number {
  const i = s.indexOf('\0');
  return i < 0 ? s.length : i;
}

/**
 * Redis's lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is
 * replaced by the element, and a "->field" after it (with a non-empty field) reads a hash
 * field. Only string values (or hash fields) are returned; anything else is undefined.
 */
function lookupByPattern(db: Db, pattern: string, subst: string): string | undefined {
  const end = cEnd(pattern);
  if (end >= 1 && pattern.charCodeAt(0) === 35 && end === 1) return subst;
  const star = pattern.indexOf('*');
  if (star < 0 || star >= end) return undefined;
  const arrow = pattern.indexOf('->', star + 1);
  let field: string | null = null;
  let postEnd = pattern.length;
  if (arrow >= 0 && arrow + 2 < end) {
    field = pattern.slice(arrow + 2);
    postEnd = arrow;
  }
  const key = pattern.slice(0, star) + subst + pattern.slice(star + 1, postEnd);
  const v = db.get(key);
  if (v === undefined) return undefined;
  if (field !== null) {
    if (typeof v === 'string' || v.type !== ObjType.Hash) return undefined;
    return (v as HashValue).get(field);
  }
  if (!isStringValue(v)) return undefined;
  return asString(v);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

const DEC_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX_RE = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d+))?$/;

/**
 * A sort weight as strtod parses it, requiring the whole C string to be consumed; null
 * when Redis would report a conversion error (junk, NaN, overflow or underflow).
 */
export function sortWeight(s0: string): number | null {
  const s1 = s0.slice(0, cEnd(s0));
  if (s1.length === 0) return 0; // strtod consumed nothing, but the string ends there
  let i = 0;
  while (i < s1.length && isSpace(s1.charCodeAt(i))) i++;
  const s = s1.slice(i);
  if (s.length === 0) return null;
  const low = s.toLowerCase();
  const body = low[0] === '+' || low[0] === '-' ? low.slice(1) : low;
  if (body === 'inf' || body === 'infinity') return low[0] === '-' ? -Infinity : Infinity;
  if (DEC_RE.test(s)) {
    const v = Number(s);
    if (!Number.isFinite(v)) return null;
    if (Math.abs(v) < 2.2250738585072014e-308) {
      const mant = s.replace(/[eE].*$/, '');
      if (/[1-9]/.test(mant)) return null; // underflow: ERANGE
    }
    return v;
  }
  const m = HEX_RE.exec(s);
  if (m !== null) {
    const [ip, fp = ''] = m[2]!.split('.') as [string, string?];
    let v = 0;
    for (const ch of ip + fp) v = v * 16 + parseInt(ch, 16);
    const exp = (m[3] !== undefined ? parseInt(m[3], 10) : 0) - 4 * fp.length;
    v = v * Math.pow(2, exp);
    if (!Number.isFinite(v)) return null;
    return m[1] === '-' ? -v : v;
  }
  return null;
}

/** Byte-wise comparison (compareStringObjects: memcmp, then length). */
function cmpBinary(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** strcoll in the C locale: strcmp, stopping at NUL. */
function cmpColl(a: string, b: string): number {
  const ea = cEnd(a);
  const eb = cEnd(b);
  if (ea !== a.length) a = a.slice(0, ea);
  if (eb !== b.length) b = b.slice(0, eb);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Elements of a list value, in order. */
function listItems(v: Value): string[] {
  return Array.from(v as unknown as Iterable<string>);
}

function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  let desc = false;
  let alpha = false;
  let limitStart = -1;
  let limitCount = -1;
  let storeKey: string | null = null;
  let sortBy: string | null = null;
  let dontsort = false;
  const gets: string[] = [];
  for (let j = 2; j < argv.length; j++) {
    const a = argv[j]!;
    const left = argv.length - j - 1;
    if (eqi(a, 'asc')) desc = false;
    else if (eqi(a, 'desc')) desc = true;
    else if (eqi(a, 'alpha')) alpha = true;
    else if (eqi(a, 'limit') && left >= 2) {
      const s = string2ll(argv[j + 1]!);
      if (s === null) throw new ReplyError(ERR_NOT_INTEGER);
      const n = string2ll(argv[j + 2]!);
      if (n === null) throw new ReplyError(ERR_NOT_INTEGER);
      limitStart = Number(s);
      limitCount = Number(n);
      j += 2;
    } else if (!readonly && eqi(a, 'store') && left >= 1) {
      storeKey = argv[++j]!;
    } else if (eqi(a, 'by') && left >= 1) {
      sortBy = argv[++j]!;
      const star = sortBy.indexOf('*');
      dontsort = star < 0 || star >= cEnd(sortBy);
      // A real pattern reads keys no key spec names: it needs access to every key (ACL).
      if (star >= 0 && !aclFullKeyRead(c, argv)) throw new ReplyError('ERR BY option of SORT denied due to insufficient ACL permissions.');
    } else if (eqi(a, 'get') && left >= 1) {
      if (!aclFullKeyRead(c, argv)) throw new ReplyError('ERR GET option of SORT denied due to insufficient ACL permissions.');
      gets.push(argv[++j]!);
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }

  const db = c.db;
  const v = db.get(argv[1]!);
  let type = ObjType.List;
  if (v !== undefined) {
    type = typeof v === 'string' ? ObjType.String : v.type;
    if (type !== ObjType.List && type !== ObjType.Set && type !== ObjType.ZSet) throw new ReplyError(WRONGTYPE);
  }

  // Sets have no order of their own: with STORE, or from a script (a socketless client
  // that may not block: Redis's CLIENT_SCRIPT), the result must be deterministic.
  if (dontsort && type === ObjType.Set && (storeKey !== null || (c.socket === null && c.denyBlocking))) {
    dontsort = false;
    alpha = true;
    sortBy = null;
  }
  if (type === ObjType.ZSet) (v as ZSet).toSkiplist();

  let vlen = v === undefined ? 0 : type === ObjType.Set ? (v as RedisSet).size : type === ObjType.ZSet ? (v as ZSet).length : -1;
  let listArr: string[] | null = null;
  if (type === ObjType.List && v !== undefined) {
    listArr = listItems(v);
    vlen = listArr.length;
  }
  if (vlen < 0) vlen = 0;

  let start = limitStart < 0 ? 0 : limitStart;
  let end = limitCount < 0 ? vlen - 1 : start + limitCount - 1;
  if (start >= vlen) {
    start = vlen - 1;
    end = vlen - 2;
  }
  if (end >= vlen) end = vlen - 1;

  // The elements to sort (or, for ordered types without sorting, the range to output).
  let elems: string[];
  if ((type === ObjType.List || type === ObjType.ZSet) && dontsort) {
    elems = [];
    if (v !== undefined && end >= start) {
      if (type === ObjType.List) {
        const a = listArr!;
        if (desc) for (let i = vlen - 1 - start; i >= vlen - 1 - end; i--) elems.push(a[i]!);
        else for (let i = start; i <= end; i++) elems.push(a[i]!);
      } else {
        const z = v as ZSet;
        if (desc) for (const cur = z.cursor().seek(vlen - 1 - start); cur.valid && elems.length < end - start + 1; cur.prev()) elems.push(cur.member);
        else for (const cur = z.cursor().seek(start); cur.valid && elems.length < end - start + 1; cur.next()) elems.push(cur.member);
      }
    }
    end -= start;
    start = 0;
  } else if (v === undefined) {
    elems = [];
  } else if (type === ObjType.List) {
    elems = listArr!;
  } else if (type === ObjType.Set) {
    elems = (v as RedisSet).toArray();
  } else {
    const z = v as ZSet;
    elems = [];
    for (const [m] of z) elems.push(m);
  }

  let convError = false;
  if (!dontsort) {
    const n = elems.length;
    if (alpha) {
      if (sortBy !== null) {
        const keys = new Array<string | undefined>(n);
        for (let i = 0; i < n; i++) keys[i] = lookupByPattern(db, sortBy, elems[i]!);
        const cmp = storeKey !== null ? cmpBinary : cmpColl;
        const idx = Array.from({ length: n }, (_, i) => i);
        idx.sort((x, y) => {
          const a = keys[x];
          const b = keys[y];
          let r: number;
          if (a === undefined || b === undefined) r = a === b ? 0 : a === undefined ? -1 : 1;
          else r = cmp(a, b);
          return desc ? -r : r;
        });
        elems = idx.map((i) => elems[i]!);
      } else {
        const cmp = storeKey !== null ? cmpBinary : cmpColl;
        elems = elems.slice().sort((a, b) => (desc ? -cmp(a, b) : cmp(a, b)));
      }
    } else {
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const by = sortBy !== null ? lookupByPattern(db, sortBy, elems[i]!) : elems[i]!;
        if (by === undefined) continue;
        const x = sortWeight(by);
        if (x === null || Number.isNaN(x)) {
          convError = true;
          continue;
        }
        w[i] = x;
      }
      if (!convError) {
        const idx = Array.from({ length: n }, (_, i) => i);
        idx.sort((x, y) => {
          const a = w[x]!;
          const b = w[y]!;
          const r = a > b ? 1 : a < b ? -1 : cmpBinary(elems[x]!, elems[y]!);
          return desc ? -r : r;
        });
        elems = idx.map((i) => elems[i]!);
      }
    }
  }

  const count = end - start + 1;
  const outputLen = gets.length > 0 ? gets.length * count : count;
  if (convError) throw new ReplyError(ERR_SCORES);
  if (storeKey === null) {
    const r = c.reply;
    r.arrayLen(outputLen);
    for (let j = start; j <= end; j++) {
      const e = elems[j]!;
      if (gets.length === 0) r.bulk(e);
      for (let g = 0; g < gets.length; g++) {
        const val = lookupByPattern(db, gets[g]!, e);
        if (val === undefined) r.nullBulk();
        else r.bulk(val);
      }
    }
    return;
  }
  const out: string[] = [];
  for (let j = start; j <= end; j++) {
    const e = elems[j]!;
    if (gets.length === 0) out.push(e);
    for (let g = 0; g < gets.length; g++) out.push(lookupByPattern(db, gets[g]!, e) ?? '');
  }
  if (outputLen > 0) {
    db.set(storeKey, listCodec.create(out, c.server.config.num('list-max-listpack-size')));
    keyWritten(c, db, storeKey, 'l', 'sortstore', outputLen);
  } else if (db.delete(storeKey)) {
    keyWritten(c, db, storeKey, 'g', 'del');
  }
  c.reply.int(outputLen);
}

function sortCommand(c: Client, argv: string[]): void {
  sortGeneric(c, argv, false);
}

function sortRoCommand(c: Client, argv: string[]): void {
  sortGeneric(c, argv, true);
}

/** Redis's sortGetKeys: the sorted key and the last STORE destination. */
function sortGetKeys(argv: string[]): number[] {
  const keys = [1];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!;
    if (eqi(a, 'limit')) i += 2;
    else if (eqi(a, 'get') || eqi(a, 'by')) i += 1;
    else if (eqi(a, 'store')) {
      if (i + 1 < argv.length) store = i + 1;
      i += 1;
    }
  }
  if (store > 0) keys.push(store);
  return keys;
}

export const sortCommands: CommandDef[] = [
  {
    name: 'sort', arity: -2, flags: 'write denyoom movablekeys', keys: [1, 1, 1], acl: 'set sortedset list dangerous', group: 'generic', since: '1.0.0',
    summary: 'Sorts the elements of a list, set or sorted set, optionally storing the result in a list.',
    complexity: 'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).',
    handler: sortCommand, getKeys: sortGetKeys,
  },
  {
    name: 'sort_ro', arity: -2, flags: 'readonly movablekeys', keys: [1, 1, 1], acl: 'set sortedset list dangerous', group: 'generic', since: '7.0.0',
    summary: 'Read-only SORT: sorts the elements of a list, set or sorted set without storing them.',
    complexity: 'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).',
    handler: sortRoCommand, getKeys: () => [1],
  },
];
