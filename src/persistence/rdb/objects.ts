// RDB encodings of every value type (Redis 7.0's rdbSaveObject / rdbLoadObject).
//
// Saving picks the RDB type from the value's current encoding, as Redis does:
//   string              RDB_TYPE_STRING (integer / LZF / raw string forms)
//   list (quicklist)    RDB_TYPE_LIST_QUICKLIST_2: per node a container tag and a listpack
//   set  intset         RDB_TYPE_SET_INTSET: the intset blob
//   set  hashtable      RDB_TYPE_SET: count + members
//   zset listpack       RDB_TYPE_ZSET_LISTPACK: member/score listpack blob
//   zset skiplist       RDB_TYPE_ZSET_2: count + (member, binary double), highest first
//   hash listpack       RDB_TYPE_HASH_LISTPACK: field/value listpack blob
//   hash hashtable      RDB_TYPE_HASH: count + (field, value)
//   stream              RDB_TYPE_STREAM_LISTPACKS_2 (stream-codec.ts)
// Blobs are written as RDB strings, so they are LZF-compressed when that saves space.
//
// Loading accepts those and the older types Redis 7.0 still reads (plain list, ziplist
// lists/quicklist v1, zipmap/ziplist hashes, ziplist zsets, string-score zsets), applies
// the encoding thresholds the way rdbLoadObject does, and validates everything: a corrupt
// payload throws RdbFormatError (duplicates, NaN scores, broken blobs, empty values...),
// it never produces a value that breaks the type's invariants.

import { ObjType, type Value, type RedisObject } from '../../types/value.js';
import { isStringValue, stringBytes } from '../../types/string.js';
import { HashValue } from '../../types/hash.js';
import { RedisSet, ENC_HASHTABLE, ENC_INTSET, isIntsetMember, type IntMember } from '../../types/set.js';
import { ZSet } from '../../types/zset.js';
import { string2ll, formatDouble17g } from '../../util/numbers.js';
import { RdbFormatError, RdbUnsupportedType, RdbEmptyKeyError } from './errors.js';
import { RdbWriter, RdbReader, writeRdbString } from './dump.js';
import { ListpackBuilder, decodeListpack } from './listpack.js';
import { encodeIntset, decodeIntset, decodeZiplist, decodeZipmap } from './blobs.js';
import { listCodec } from './list-codec.js';
import { saveStream, loadStream } from './stream-codec.js';
import type { Stream } from '../../types/stream.js';

export const RDB_TYPE_STRING = 0;
export const RDB_TYPE_LIST = 1;
export const RDB_TYPE_SET = 2;
export const RDB_TYPE_ZSET = 3;
export const RDB_TYPE_HASH = 4;
export const RDB_TYPE_ZSET_2 = 5;
export const RDB_TYPE_MODULE = 6;
export const RDB_TYPE_MODULE_2 = 7;
export const RDB_TYPE_HASH_ZIPMAP = 9;
export const RDB_TYPE_LIST_ZIPLIST = 10;
export const RDB_TYPE_SET_INTSET = 11;
export const RDB_TYPE_ZSET_ZIPLIST = 12;
export const RDB_TYPE_HASH_ZIPLIST = 13;
export const RDB_TYPE_LIST_QUICKLIST = 14;
export const RDB_TYPE_STREAM_LISTPACKS = 15;
export const RDB_TYPE_HASH_LISTPACK = 16;
export const RDB_TYPE_ZSET_LISTPACK = 17;
export const RDB_TYPE_LIST_QUICKLIST_2 = 18;
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19;

/** True for the type bytes that start an object (rdbIsObjectType). */
export function isObjectType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 19);
}

const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
const QUICKLIST_NODE_CONTAINER_PACKED = 2;

/** Configuration that shapes encodings on save and load. */
export interface RdbLimits {
  hashEntries: number;
  hashValue: number;
  setIntset: number;
  zsetEntries: number;
  zsetValue: number;
  /** list-max-listpack-size */
  listFill: number;
}

/** The limits as a config object holds them now. */
export function rdbLimits(cfg: { num(name: string): number }): RdbLimits {
  return {
    hashEntries: cfg.num('hash-max-listpack-entries'),
    hashValue: cfg.num('hash-max-listpack-value'),
    setIntset: cfg.num('set-max-intset-entries'),
    zsetEntries: cfg.num('zset-max-listpack-entries'),
    zsetValue: cfg.num('zset-max-listpack-value'),
    listFill: cfg.num('list-max-listpack-size'),
  };
}

// ---------------------------------------------------------------- helpers

/**
 * Redis 7.0's d2string, the text a zset listpack stores for a score: integral values
 * within +-(2^52) as integer digits, infinities as "inf"/"-inf", the rest %.17g.
 */
export function d2string(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  // Redis 7.0's double2ll: integral values within +-LLONG_MAX/2 print as integers.
  if (Number.isInteger(d) && d >= -4611686018427387904 && d <= 4611686018427387904) {
    return d > -4503599627370496 && d < 4503599627370496 ? String(d === 0 ? 0 : d) : BigInt(d).toString();
  }
  return formatDouble17g(d);
}

/** strtod-like parse of a stored score text (prefix accepted as zzlStrtod does). */
function parseScoreText(s: string): number {
  const v = string2ll(s);
  if (v !== null) return Number(v);
  const t = s.trim();
  const low = t.toLowerCase();
  if (low === 'inf' || low === '+inf' || low === 'infinity' || low === '+infinity') return Infinity;
  if (low === '-inf' || low === '-infinity') return -Infinity;
  return parseFloat(t);
}

function bytesToLatin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

// ---------------------------------------------------------------- save

/** The RDB type byte for a value in its current encoding. */
export function rdbTypeOf(v: Value): number {
  if (isStringValue(v)) return RDB_TYPE_STRING;
  const o = v as RedisObject;
  switch (o.type) {
    case ObjType.List:
      return RDB_TYPE_LIST_QUICKLIST_2;
    case ObjType.Set:
      return (o as RedisSet).enc === ENC_INTSET ? RDB_TYPE_SET_INTSET : RDB_TYPE_SET;
    case ObjType.ZSet:
      return (o as ZSet).lm !== null ? RDB_TYPE_ZSET_LISTPACK : RDB_TYPE_ZSET_2;
    case ObjType.Hash:
      return (o as HashValue).index === null ? RDB_TYPE_HASH_LISTPACK : RDB_TYPE_HASH;
    case ObjType.Stream:
      return RDB_TYPE_STREAM_LISTPACKS_2;
    default:
      throw new RdbUnsupportedType(`type ${o.type}`);
  }
}

/** Write the type byte and the object (rdbSaveObjectType + rdbSaveObject). */
export function saveObject(w: RdbWriter, v: Value, compress: boolean, listFill: number): void {
  const t = rdbTypeOf(v);
  w.byte(t);
  saveObjectBody(w, v, t, compress, listFill);
}

/** The object without its type byte (RDB files put the key between the two). */
export function saveObjectBody(w: RdbWriter, v: Value, t: number, compress: boolean, listFill: number): void {
  switch (t) {
    case RDB_TYPE_STRING: {
      writeRdbString(w, typeof v === 'string' ? v : stringBytes(v), compress);
      return;
    }
    case RDB_TYPE_LIST_QUICKLIST_2: {
      saveList(w, v as RedisObject, compress, listFill);
      return;
    }
    case RDB_TYPE_SET_INTSET: {
      writeRdbString(w, encodeIntset((v as RedisSet).ints, (v as RedisSet).intWidth), compress);
      return;
    }
    case RDB_TYPE_SET: {
      const s = v as RedisSet;
      const m = s.members;
      w.length(m.length);
      for (let i = 0; i < m.length; i++) writeRdbString(w, m[i]!, compress);
      return;
    }
    case RDB_TYPE_ZSET_LISTPACK: {
      const z = v as ZSet;
      const lm = z.lm!;
      const ls = z.ls!;
      const lp = new ListpackBuilder(16 * lm.length + 16);
      for (let i = 0; i < lm.length; i++) {
        lp.add(lm[i]!);
        lp.add(d2string(ls[i]!));
      }
      writeRdbString(w, lp.finish(), compress);
      return;
    }
    case RDB_TYPE_ZSET_2: {
      const z = v as ZSet;
      const n = z.length;
      w.length(n);
      const f = new DataView(new ArrayBuffer(8));
      const fb = new Uint8Array(f.buffer);
      // Highest score first, as Redis walks its skiplist from the tail.
      for (const cur = z.cursor().seek(n - 1); cur.valid; cur.prev()) {
        writeRdbString(w, cur.member, compress);
        f.setFloat64(0, cur.score, true);
        w.bytes(fb);
      }
      return;
    }
    case RDB_TYPE_HASH_LISTPACK: {
      const d = (v as HashValue).data;
      const lp = new ListpackBuilder(16 * d.length + 16);
      for (let i = 0; i < d.length; i++) lp.add(d[i]!);
      writeRdbString(w, lp.finish(), compress);
      return;
    }
    case RDB_TYPE_HASH: {
      const d = (v as HashValue).data;
      w.length(d.length >> 1);
      for (let i = 0; i < d.length; i++) writeRdbString(w, d[i]!, compress);
      return;
    }
    case RDB_TYPE_STREAM_LISTPACKS_2:
      saveStream(w, v as Stream, compress);
      return;
  }
}

/**
 * A list as quicklist nodes. The list type may expose its nodes (listNodes); otherwise
 * the nodes are rebuilt as a quicklist filled from the tail would hold them
 * (_quicklistNodeAllowInsert with list-max-listpack-size), which is what RPUSH builds.
 */
function saveList(w: RdbWriter, v: RedisObject, compress: boolean, fill: number): void {
  const nodes = listCodec.nodes(v, fill);
  w.length(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (node.plain) {
      w.length(QUICKLIST_NODE_CONTAINER_PLAIN);
      writeRdbString(w, node.items[0]!, compress);
    } else {
      w.length(QUICKLIST_NODE_CONTAINER_PACKED);
      const lp = new ListpackBuilder(node.bytes);
      for (let j = 0; j < node.items.length; j++) lp.add(node.items[j]!);
      writeRdbString(w, lp.finish(), compress);
    }
  }
}

// ---------------------------------------------------------------- load

function emptyKey(): never {
  throw new RdbEmptyKeyError('empty key');
}

/** Build a hash from pairs, in the encoding Redis would choose after loading. */
function hashFromPairs(pairs: string[], lim: RdbLimits, fromListpack: boolean): HashValue {
  const n = pairs.length >> 1;
  if (n === 0) emptyKey();
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const f = pairs[2 * i]!;
    if (index.has(f)) throw new RdbFormatError('duplicate hash field');
    index.set(f, i);
  }
  let ht = n > lim.hashEntries;
  if (!ht && !fromListpack) {
    for (let i = 0; i < pairs.length; i++) {
      if (pairs[i]!.length > lim.hashValue) {
        ht = true;
        break;
      }
    }
  }
  return new HashValue(pairs, ht ? index : null);
}

function zsetFromListpack(items: string[], lim: RdbLimits): ZSet {
  if (items.length & 1) throw new RdbFormatError('odd zset listpack');
  const n = items.length >> 1;
  if (n === 0) emptyKey();
  const lm = new Array<string>(n);
  const ls = new Array<number>(n);
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const m = items[2 * i]!;
    let s = parseScoreText(items[2 * i + 1]!);
    if (Number.isNaN(s)) throw new RdbFormatError('zset NaN score');
    if (s === 0) s = 0;
    if (seen.has(m)) throw new RdbFormatError('duplicate zset member');
    seen.add(m);
    if (i > 0) {
      const ps = ls[i - 1]!;
      if (ps > s || (ps === s && lm[i - 1]! >= m)) throw new RdbFormatError('zset listpack not sorted');
    }
    lm[i] = m;
    ls[i] = s;
  }
  const z = new ZSet(false);
  z.lm = lm;
  z.ls = ls;
  if (n > lim.zsetEntries) z.toSkiplist();
  return z;
}

function setFromIntset(ints: IntMember[], width: number, lim: RdbLimits): RedisSet {
  if (ints.length === 0) emptyKey();
  const s = new RedisSet(ENC_INTSET);
  s.ints = ints;
  s.intWidth = width;
  if (ints.length > lim.setIntset) s.toHashtable();
  return s;
}

function readDoubleText(r: RdbReader): number {
  const len = r.byte();
  if (len === 255) return -Infinity;
  if (len === 254) return Infinity;
  if (len === 253) return NaN;
  const s = bytesToLatin1(r.take(len));
  const v = parseFloat(s);
  if (Number.isNaN(v)) {
    const t = s.trim().toLowerCase();
    if (t.startsWith('inf') || t.startsWith('+inf')) return Infinity;
    if (t.startsWith('-inf')) return -Infinity;
    if (t.startsWith('nan') || t.startsWith('-nan')) return NaN;
    throw new RdbFormatError('bad double');
  }
  return v;
}

function readBlob(r: RdbReader): Uint8Array {
  return r.blob();
}

/** Read an object of a known RDB type (rdbLoadObject). */
export function loadObject(r: RdbReader, type: number, lim: RdbLimits): Value {
  switch (type) {
    case RDB_TYPE_STRING:
      return r.string();
    case RDB_TYPE_LIST: {
      const n = r.length();
      if (n === 0) emptyKey();
      const items: string[] = [];
      for (let i = 0; i < n; i++) items.push(r.string());
      return listCodec.create(items, lim.listFill);
    }
    case RDB_TYPE_LIST_ZIPLIST: {
      const items = decodeZiplist(readBlob(r));
      if (items.length === 0) emptyKey();
      return listCodec.create(items, lim.listFill);
    }
    case RDB_TYPE_LIST_QUICKLIST:
    case RDB_TYPE_LIST_QUICKLIST_2: {
      const n = r.length();
      const items: string[] = [];
      for (let i = 0; i < n; i++) {
        let container = QUICKLIST_NODE_CONTAINER_PACKED;
        if (type === RDB_TYPE_LIST_QUICKLIST_2) {
          container = r.length();
          if (container !== QUICKLIST_NODE_CONTAINER_PLAIN && container !== QUICKLIST_NODE_CONTAINER_PACKED) {
            throw new RdbFormatError('bad quicklist container');
          }
        }
        if (container === QUICKLIST_NODE_CONTAINER_PLAIN) {
          items.push(r.string());
          continue;
        }
        const blob = readBlob(r);
        const part = type === RDB_TYPE_LIST_QUICKLIST_2 ? decodeListpack(blob) : decodeZiplist(blob);
        // Redis skips empty nodes (a bug of older versions could save them).
        for (let j = 0; j < part.length; j++) items.push(part[j]!);
      }
      if (items.length === 0) emptyKey();
      return listCodec.create(items, lim.listFill);
    }
    case RDB_TYPE_SET: {
      const n = r.length();
      if (n === 0) emptyKey();
      const s = new RedisSet(n > lim.setIntset ? ENC_HASHTABLE : ENC_INTSET);
      for (let i = 0; i < n; i++) {
        const m = r.string();
        if (s.enc === ENC_INTSET && !isIntsetMember(m)) s.toHashtable();
        // Bypass the conversion threshold while loading: the count decided the encoding.
        if (!s.add(m, Number.MAX_SAFE_INTEGER)) throw new RdbFormatError('duplicate set member');
      }
      return s;
    }
    case RDB_TYPE_SET_INTSET: {
      const blob = readBlob(r);
      return setFromIntset(decodeIntset(blob), blob[0]!, lim);
    }
    case RDB_TYPE_ZSET:
    case RDB_TYPE_ZSET_2: {
      const n = r.length();
      if (n === 0) emptyKey();
      const z = new ZSet(true);
      const dict = z.dict!;
      let maxlen = 0;
      for (let i = 0; i < n; i++) {
        const m = r.string();
        let s: number;
        if (type === RDB_TYPE_ZSET_2) {
          const b = r.take(8);
          s = new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
        } else {
          s = readDoubleText(r);
        }
        if (Number.isNaN(s)) throw new RdbFormatError('zset NaN score');
        if (dict.has(m)) throw new RdbFormatError('duplicate zset member');
        if (m.length > maxlen) maxlen = m.length;
        z.insertNew(m, s);
      }
      if (n <= lim.zsetEntries && maxlen <= lim.zsetValue) z.toListpack();
      return z;
    }
    case RDB_TYPE_ZSET_ZIPLIST:
      return zsetFromListpack(decodeZiplist(readBlob(r)), lim);
    case RDB_TYPE_ZSET_LISTPACK:
      return zsetFromListpack(decodeListpack(readBlob(r)), lim);
    case RDB_TYPE_HASH: {
      const n = r.length();
      if (n === 0) emptyKey();
      const pairs: string[] = [];
      for (let i = 0; i < n; i++) pairs.push(r.string(), r.string());
      return hashFromPairs(pairs, lim, false);
    }
    case RDB_TYPE_HASH_ZIPMAP: {
      const pairs = decodeZipmap(readBlob(r));
      return hashFromPairs(pairs, lim, false);
    }
    case RDB_TYPE_HASH_ZIPLIST:
    case RDB_TYPE_HASH_LISTPACK: {
      const items = type === RDB_TYPE_HASH_ZIPLIST ? decodeZiplist(readBlob(r)) : decodeListpack(readBlob(r));
      if (items.length & 1) throw new RdbFormatError('odd hash listpack');
      return hashFromPairs(items, lim, true);
    }
    case RDB_TYPE_STREAM_LISTPACKS:
    case RDB_TYPE_STREAM_LISTPACKS_2:
      return loadStream(r, type === RDB_TYPE_STREAM_LISTPACKS_2);
    default:
      throw new RdbUnsupportedType(`RDB type ${type}`);
  }
}
