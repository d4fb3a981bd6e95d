// The "geo" command group: GEOADD, GEOPOS, GEODIST, GEOHASH and the area searches
// (GEORADIUS[_RO], GEORADIUSBYMEMBER[_RO], GEOSEARCH, GEOSEARCHSTORE).
//
// Positions live in ordinary sorted sets whose scores are 52-bit geohashes
// (types/geohash.ts). A search scans the score ranges of the centre geohash cell and its
// 8 neighbours, in Redis's order, keeps the points inside the radius or box, then sorts
// them as Redis does: a stable sort (glibc's merge-sort qsort) for full results and
// Redis's partial quicksort (pqsort) when COUNT cuts the result, so ties come out in the
// same order. Argument checks, error texts, events and replies follow Redis 7.0's geo.c;
// test/integration/geo.test.ts compares them with redis-server.

import type { CommandDef } from './spec.js';
import type { Client } from '../server/client.js';
import { ReplyError, ERR_NOT_INTEGER, ERR_SYNTAX, WRONGTYPE } from '../util/errors.js';
import { string2d, string2ll } from '../util/numbers.js';
import { eqi } from '../util/strings.js';
import { keyWritten } from './util.js';
import { ObjType, type Value } from '../types/value.js';
import { ZSet, ZADD_IN_NX, ZADD_IN_XX, ZADD_OUT_ADDED, ZADD_OUT_UPDATED, type ZsetLimits, type ScoreRange } from '../types/zset.js';
import { formatLongDoubleHuman, longDoubleFromNumber } from '../types/string.js';
import {
  GEO_LAT_MAX,
  GEO_LAT_MIN,
  GEO_LONG_MAX,
  GEO_LONG_MIN,
  CIRCULAR_TYPE,
  RECTANGLE_TYPE,
  type GeoShape,
  geoScore,
  decodeScore,
  decoded,
  geohashString,
  geoDistance,
  inRadius,
  inRectangle,
  found,
  searchBoxes,
  boxScores,
} from '../types/geohash.js';

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

function limitsOf(c: Client): ZsetLimits {
  const cfg = c.server.config;
  return { maxEntries: cfg.num('zset-max-listpack-entries'), maxValue: cfg.num('zset-max-listpack-value') };
}

function isZset(v: Value): v is ZSet {
  return typeof v !== 'string' && v.type === ObjType.ZSet && v instanceof ZSet;
}

/** lookupKeyRead + checkType: the zset, undefined if missing, WRONGTYPE otherwise. */
function readZset(c: Client, key: string): ZSet | undefined {
  const v = c.db.get(key);
  if (v === undefined) return undefined;
  if (!isZset(v)) throw new ReplyError(WRONGTYPE);
  return v;
}

const INF_TEXT = /^[+-]?inf(?:inity)?$/i;

/**
 * getDoubleFromObject: strtod over the whole string, no leading space, no NaN, and no
 * ERANGE overflow/underflow (which JS would give as Infinity / 0).
 */
function parseDouble(s: string): number | null {
  const v = string2d(s);
  if (v === null) return null;
  if ((v === Infinity || v === -Infinity) && !INF_TEXT.test(s)) return null;
  if (v === 0 && /^[^eE]*[1-9]/.test(s) && !/^[+-]?0[xX]/.test(s)) return null;
  return v;
}

function doubleArg(s: string, err = 'ERR value is not a valid float'): number {
  const v = parseDouble(s);
  if (v === null) throw new ReplyError(err);
  return v;
}

/**
 * printf("%.<digits>f"): toFixed, except that exact ties round half to even as glibc
 * does (toFixed rounds them up), and huge values print all their integer digits.
 */
export function formatFixed(x: number, digits: number): string {
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Number.isNaN(x)) return x < 0 ? '-nan' : 'nan';
  const neg = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  let body: string;
  if (ax >= 1e21) {
    body = BigInt(ax).toString() + (digits > 0 ? '.' + '0'.repeat(digits) : '');
  } else {
    body = ax.toFixed(digits);
    const longer = ax.toFixed(Math.min(100, digits + 40));
    const dot = longer.indexOf('.');
    const tail = longer.slice(dot + 1 + digits);
    if (/^50*$/.test(tail)) {
      // An exact tie: toFixed rounded away from zero; glibc keeps an even last digit.
      const kept = longer.slice(0, dot + 1 + digits).replace(/\.$/, '');
      const last = kept.charCodeAt(kept.length - 1) - 48;
      if (last % 2 === 0) body = kept;
    }
  }
  return neg ? '-' + body : body;
}

/** Long/lat pair arguments (extractLongLatOrReply). */
function lonLatArgs(argv: string[], i: number, out: { lon: number; lat: number }): void {
  out.lon = doubleArg(argv[i]!);
  out.lat = doubleArg(argv[i + 1]!);
  if (out.lon < GEO_LONG_MIN || out.lon > GEO_LONG_MAX || out.lat < GEO_LAT_MIN || out.lat > GEO_LAT_MAX) {
    throw new ReplyError(`ERR invalid longitude,latitude pair ${formatFixed(out.lon, 6)},${formatFixed(out.lat, 6)}`);
  }
}

/** Meters per unit, or an error (extractUnitOrReply). */
function unitArg(s: string): number {
  if (eqi(s, 'm')) return 1;
  if (eqi(s, 'km')) return 1000;
  if (eqi(s, 'ft')) return 0.3048;
  if (eqi(s, 'mi')) return 1609.34;
  throw new ReplyError('ERR unsupported unit provided. please use M, KM, FT, MI');
}

/** Coordinates of a human long double reply (bulk in RESP2, double in RESP3). */
function replyCoord(c: Client, d: number): void {
  c.reply.doubleText(formatLongDoubleHuman(longDoubleFromNumber(d)));
}

function replyDistance(c: Client, d: number): void {
  c.reply.bulk(formatFixed(d, 4));
}

// ---------------------------------------------------------------------------------------
// GEOADD
// ---------------------------------------------------------------------------------------

function geoaddCommand(c: Client, argv: string[]): void {
  let xx = false;
  let nx = false;
  let ch = false;
  let longidx = 2;
  while (longidx < argv.length) {
    const opt = argv[longidx]!;
    if (eqi(opt, 'nx')) nx = true;
    else if (eqi(opt, 'xx')) xx = true;
    else if (eqi(opt, 'ch')) ch = true;
    else break;
    longidx++;
  }
  if ((argv.length - longidx) % 3 !== 0 || (xx && nx)) throw new ReplyError(ERR_SYNTAX);
  const elements = (argv.length - longidx) / 3;
  const scores = new Array<number>(elements);
  const pos = { lon: 0, lat: 0 };
  // The ZADD argv Redis rewrites GEOADD into (what replicas and the AOF see).
  const zargv: string[] = ['zadd'];
  for (let i = 1; i < longidx; i++) zargv.push(argv[i]!);
  for (let i = 0; i < elements; i++) {
    lonLatArgs(argv, longidx + i * 3, pos);
    scores[i] = geoScore(pos.lon, pos.lat);
    zargv.push(scoreText(scores[i]!), argv[longidx + i * 3 + 2]!);
  }
  // From here on this is ZADD key [NX|XX] [CH] score member ...
  if (elements === 0) throw new ReplyError(ERR_SYNTAX);
  const key = argv[1]!;
  const db = c.db;
  const v = db.getForWrite(key);
  if (v !== undefined && !isZset(v)) throw new ReplyError(WRONGTYPE);
  let z = v as ZSet | undefined;
  const flags = (nx ? ZADD_IN_NX : 0) | (xx ? ZADD_IN_XX : 0);
  if (z === undefined) {
    if (xx) {
      c.reply.int(0);
      return;
    }
    const limits = limitsOf(c);
    z = new ZSet(limits.maxEntries === 0 || limits.maxValue < argv[longidx + 2]!.length);
    db.set(key, z);
  }
  const limits = limitsOf(c);
  let added = 0;
  let updated = 0;
  for (let i = 0; i < elements; i++) {
    const out = z.add(scores[i]!, argv[longidx + i * 3 + 2]!, flags, limits);
    if (out & ZADD_OUT_ADDED) added++;
    if (out & ZADD_OUT_UPDATED) updated++;
  }
  c.reply.int(ch ? added + updated : added);
  if (added || updated) {
    c.propagateArgv = [zargv];
    keyWritten(c, db, key, 'z', 'zadd', added + updated);
  }
}

/** Exact decimal text of an integral score (sdsfromlonglong of the 52-bit hash). */
function scoreText(score: number): string {
  return Number.isSafeInteger(score) ? String(score) : BigInt(score).toString();
}

// ---------------------------------------------------------------------------------------
// GEOPOS / GEODIST / GEOHASH
// ---------------------------------------------------------------------------------------

function geoposCommand(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]!);
  c.reply.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z === undefined ? undefined : z.score(argv[j]!);
    if (score === undefined) {
      c.reply.nullArray();
      continue;
    }
    decodeScore(score);
    const lon = decoded.lon;
    const lat = decoded.lat;
    c.reply.arrayLen(2);
    replyCoord(c, lon);
    replyCoord(c, lat);
  }
}

function geodistCommand(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) toMeter = unitArg(argv[4]!);
  else if (argv.length > 5) throw new ReplyError(ERR_SYNTAX);
  const z = readZset(c, argv[1]!);
  if (z === undefined) {
    c.reply.nullBulk();
    return;
  }
  const s1 = z.score(argv[2]!);
  const s2 = s1 === undefined ? undefined : z.score(argv[3]!);
  if (s1 === undefined || s2 === undefined) {
    c.reply.nullBulk();
    return;
  }
  decodeScore(s1);
  const lon1 = decoded.lon;
  const lat1 = decoded.lat;
  decodeScore(s2);
  replyDistance(c, geoDistance(lon1, lat1, decoded.lon, decoded.lat) / toMeter);
}

function geohashCommand(c: Client, argv: string[]): void {
  const z = readZset(c, argv[1]!);
  c.reply.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z === undefined ? undefined : z.score(argv[j]!);
    if (score === undefined) c.reply.nullBulk();
    else c.reply.bulk(geohashString(score));
  }
}

// ---------------------------------------------------------------------------------------
// Searches
// ---------------------------------------------------------------------------------------

const SORT_NONE = 0;
const SORT_ASC = 1;
const SORT_DESC = 2;

const RADIUS_COORDS = 1;
const RADIUS_MEMBER = 2;
const RADIUS_NOSTORE = 4;
const GEOSEARCH = 8;
const GEOSEARCHSTORE = 16;

interface GeoPoint {
  lon: number;
  lat: number;
  dist: number;
  score: number;
  member: string;
}

/** Points of one score range [min, max) inside the shape, appended to `out`. */
function pointsInRange(z: ZSet, min: number, max: number, shape: GeoShape, out: GeoPoint[], limit: number): void {
  const range: ScoreRange = { min, max, minex: false, maxex: true };
  const first = z.firstInScoreRange(range);
  if (first < 0) return;
  const cur = z.cursor().seek(first);
  const radius = shape.radius * shape.conversion;
  const width = shape.width * shape.conversion;
  const height = shape.height * shape.conversion;
  while (cur.valid) {
    const score = cur.score;
    if (!(score < max)) break;
    decodeScore(score);
    const lon = decoded.lon;
    const lat = decoded.lat;
    const inside =
      shape.type === CIRCULAR_TYPE
        ? inRadius(shape.lon, shape.lat, lon, lat, radius)
        : inRectangle(width, height, shape.lon, shape.lat, lon, lat);
    if (inside) out.push({ lon, lat, dist: found.distance, score, member: cur.member });
    if (out.length > 0 && limit !== 0 && out.length >= limit) break;
    cur.next();
  }
}

/** membersOfAllNeighbors: the 9 boxes in order, skipping excluded and repeated ones. */
function membersOfAllNeighbors(z: ZSet, shape: GeoShape, out: GeoPoint[], limit: number): void {
  const boxes = searchBoxes(shape);
  let lastProcessed = 0;
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i];
    if (b === null || b === undefined) continue;
    const prev = boxes[lastProcessed];
    if (lastProcessed !== 0 && prev && b.hi === prev.hi && b.lo === prev.lo && b.step === prev.step) continue;
    if (out.length > 0 && limit !== 0 && out.length >= limit) break;
    const [min, max] = boxScores(b);
    pointsInRange(z, min, max, shape, out, limit);
    lastProcessed = i;
  }
}

function cmpAsc(a: GeoPoint, b: GeoPoint): number {
  return a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1;
}
function cmpDesc(a: GeoPoint, b: GeoPoint): number {
  return -cmpAsc(a, b);
}

function georadiusGeneric(c: Client, argv: string[], srcKeyIndex: number, flags: number): void {
  let storekey: string | null = null;
  let storedist = false;
  const z = readZset(c, argv[srcKeyIndex]!);
  const shape: GeoShape = {
    type: 0,
    lon: 0,
    lat: 0,
    conversion: 0,
    radius: 0,
    width: 0,
    height: 0,
    bounds: [0, 0, 0, 0],
  };
  let baseArgs: number;
  if (flags & RADIUS_COORDS) {
    baseArgs = 6;
    shape.type = CIRCULAR_TYPE;
    lonLatArgs(argv, 2, shape);
    distanceArgs(argv, baseArgs - 2, shape);
  } else if (flags & RADIUS_MEMBER && z === undefined) {
    baseArgs = 5;
  } else if (flags & RADIUS_MEMBER) {
    baseArgs = 5;
    shape.type = CIRCULAR_TYPE;
    memberPosition(z!, argv[2]!, shape);
    distanceArgs(argv, baseArgs - 2, shape);
  } else {
    baseArgs = 2;
    if (flags & GEOSEARCHSTORE) {
      baseArgs = 3;
      storekey = argv[1]!;
    }
  }

  let withdist = false;
  let withhash = false;
  let withcoords = false;
  let frommember = false;
  let fromloc = false;
  let byradius = false;
  let bybox = false;
  let sort = SORT_NONE;
  let any = false;
  let count = 0;
  const remaining = argv.length - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const arg = argv[baseArgs + i]!;
    if (eqi(arg, 'withdist')) withdist = true;
    else if (eqi(arg, 'withhash')) withhash = true;
    else if (eqi(arg, 'withcoord')) withcoords = true;
    else if (eqi(arg, 'any')) any = true;
    else if (eqi(arg, 'asc')) sort = SORT_ASC;
    else if (eqi(arg, 'desc')) sort = SORT_DESC;
    else if (eqi(arg, 'count') && i + 1 < remaining) {
      const n = string2ll(argv[baseArgs + i + 1]!);
      if (n === null) throw new ReplyError(ERR_NOT_INTEGER);
      if (n <= 0) throw new ReplyError('ERR COUNT must be > 0');
      count = Number(n);
      i++;
    } else if (eqi(arg, 'store') && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storekey = argv[baseArgs + i + 1]!;
      storedist = false;
      i++;
    } else if (eqi(arg, 'storedist') && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storekey = argv[baseArgs + i + 1]!;
      storedist = true;
      i++;
    } else if (eqi(arg, 'storedist') && flags & GEOSEARCH && flags & GEOSEARCHSTORE) {
      storedist = true;
    } else if (eqi(arg, 'frommember') && i + 1 < remaining && flags & GEOSEARCH && !fromloc) {
      if (z === undefined) {
        frommember = true;
        i++;
        continue;
      }
      memberPosition(z, argv[baseArgs + i + 1]!, shape);
      frommember = true;
      i++;
    } else if (eqi(arg, 'fromlonlat') && i + 2 < remaining && flags & GEOSEARCH && !frommember) {
      lonLatArgs(argv, baseArgs + i + 1, shape);
      fromloc = true;
      i += 2;
    } else if (eqi(arg, 'byradius') && i + 2 < remaining && flags & GEOSEARCH && !bybox) {
      distanceArgs(argv, baseArgs + i + 1, shape);
      shape.type = CIRCULAR_TYPE;
      byradius = true;
      i += 2;
    } else if (eqi(arg, 'bybox') && i + 3 < remaining && flags & GEOSEARCH && !byradius) {
      boxArgs(argv, baseArgs + i + 1, shape);
      shape.type = RECTANGLE_TYPE;
      bybox = true;
      i += 3;
    } else {
      throw new ReplyError(ERR_SYNTAX);
    }
  }

  if (storekey !== null && (withdist || withhash || withcoords)) {
    throw new ReplyError(
      `ERR ${flags & GEOSEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS'} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`,
    );
  }
  if (flags & GEOSEARCH && !(frommember || fromloc)) {
    throw new ReplyError(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]!}`);
  }
  if (flags & GEOSEARCH && !(byradius || bybox)) {
    throw new ReplyError(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]!}`);
  }
  if (any && count === 0) throw new ReplyError('ERR the ANY argument requires COUNT argument');

  const db = c.db;
  if (z === undefined) {
    if (storekey !== null) {
      if (db.delete(storekey)) keyWritten(c, db, storekey, 'g', 'del');
      c.reply.int(0);
    } else {
      c.reply.arrayLen(0);
    }
    return;
  }

  if (count !== 0 && sort === SORT_NONE && !any) sort = SORT_ASC;

  const points: GeoPoint[] = [];
  membersOfAllNeighbors(z, shape, points, any ? count : 0);

  if (points.length === 0 && storekey === null) {
    c.reply.arrayLen(0);
    return;
  }
  const resultLength = points.length;
  const returned = count === 0 || resultLength < count ? resultLength : count;
  if (sort !== SORT_NONE) {
    const cmp = sort === SORT_ASC ? cmpAsc : cmpDesc;
    if (returned === resultLength) points.sort(cmp);
    else pqsort(points, resultLength, cmp, 0, returned - 1);
  }

  if (storekey === null) {
    let optionLength = 0;
    if (withdist) optionLength++;
    if (withcoords) optionLength++;
    if (withhash) optionLength++;
    c.reply.arrayLen(returned);
    for (let i = 0; i < returned; i++) {
      const gp = points[i]!;
      gp.dist /= shape.conversion;
      if (optionLength) c.reply.arrayLen(optionLength + 1);
      c.reply.bulk(gp.member);
      if (withdist) replyDistance(c, gp.dist);
      if (withhash) c.reply.int(hashInt(gp.score));
      if (withcoords) {
        c.reply.arrayLen(2);
        replyCoord(c, gp.lon);
        replyCoord(c, gp.lat);
      }
    }
    return;
  }

  if (returned > 0) {
    // Redis builds a skiplist, then converts it to a listpack when small enough.
    const out = new ZSet(true);
    let maxLen = 0;
    for (let i = 0; i < returned; i++) {
      const gp = points[i]!;
      gp.dist /= shape.conversion;
      const score = storedist ? gp.dist : gp.score;
      if (gp.member.length > maxLen) maxLen = gp.member.length;
      out.insertNew(gp.member, score);
    }
    out.convertToListpackIfNeeded(limitsOf(c), maxLen);
    db.set(storekey, out);
    keyWritten(c, db, storekey, 'z', flags & GEOSEARCH ? 'geosearchstore' : 'georadiusstore', returned);
  } else if (db.delete(storekey)) {
    keyWritten(c, db, storekey, 'g', 'del');
  }
  c.reply.int(returned);
}

/** WITHHASH: the score as a long long (it is an integral 52-bit value in practice). */
function hashInt(score: number): number | bigint {
  if (Number.isSafeInteger(score)) return score;
  return BigInt.asIntN(64, BigInt(Math.trunc(score)));
}

function memberPosition(z: ZSet, member: string, shape: GeoShape): void {
  const score = z.score(member);
  if (score === undefined) throw new ReplyError('ERR could not decode requested zset member');
  decodeScore(score);
  shape.lon = decoded.lon;
  shape.lat = decoded.lat;
}

/** <radius> <unit> (extractDistanceOrReply). */
function distanceArgs(argv: string[], i: number, shape: GeoShape): void {
  const d = doubleArg(argv[i]!, 'ERR need numeric radius');
  if (d < 0) throw new ReplyError('ERR radius cannot be negative');
  shape.radius = d;
  shape.conversion = unitArg(argv[i + 1]!);
}

/** <width> <height> <unit> (extractBoxOrReply). */
function boxArgs(argv: string[], i: number, shape: GeoShape): void {
  const w = doubleArg(argv[i]!, 'ERR need numeric width');
  const h = doubleArg(argv[i + 1]!, 'ERR need numeric height');
  if (h < 0 || w < 0) throw new ReplyError('ERR height or width cannot be negative');
  shape.height = h;
  shape.width = w;
  shape.conversion = unitArg(argv[i + 2]!);
}

// ---------------------------------------------------------------------------------------
// pqsort: Redis's partial quicksort (NetBSD qsort with ranges), ported on array indexes
// so that ties among the first COUNT results are ordered exactly as Redis orders them.
// Positions are kept in "bytes" of two per element so the range tests compare the same
// way as the C pointer arithmetic (rrange points at the last byte of its element).
// ---------------------------------------------------------------------------------------

const ES = 2;

function pqsort<T>(arr: T[], n: number, cmp: (a: T, b: T) => number, lrange: number, rrange: number): void {
  pqsortRange(arr, 0, n, cmp, lrange * ES, (rrange + 1) * ES - 1);
}

function pqsortRange<T>(arr: T[], a: number, n: number, cmp: (a: T, b: T) => number, lr: number, rr: number): void {
  const at = (p: number): T => arr[p / ES]!;
  const swap = (p: number, q: number): void => {
    const i = p / ES;
    const j = q / ES;
    const t = arr[i]!;
    arr[i] = arr[j]!;
    arr[j] = t;
  };
  const vecswap = (p: number, q: number, bytes: number): void => {
    for (let k = 0; k < bytes; k += ES) swap(p + k, q + k);
  };
  const med3 = (x: number, y: number, z: number): number =>
    cmp(at(x), at(y)) < 0
      ? cmp(at(y), at(z)) < 0
        ? y
        : cmp(at(x), at(z)) < 0
          ? z
          : x
      : cmp(at(y), at(z)) > 0
        ? y
        : cmp(at(x), at(z)) < 0
          ? x
          : z;
  const insertion = (): void => {
    for (let pm = a + ES; pm < a + n * ES; pm += ES) {
      for (let pl = pm; pl > a && cmp(at(pl - ES), at(pl)) > 0; pl -= ES) swap(pl, pl - ES);
    }
  };
  for (;;) {
    let swapCnt = false;
    if (n < 7) {
      insertion();
      return;
    }
    let pm = a + Math.floor(n / 2) * ES;
    if (n > 7) {
      let pl = a;
      let pn = a + (n - 1) * ES;
      if (n > 40) {
        const d = Math.floor(n / 8) * ES;
        pl = med3(pl, pl + d, pl + 2 * d);
        pm = med3(pm - d, pm, pm + d);
        pn = med3(pn - 2 * d, pn - d, pn);
      }
      pm = med3(pl, pm, pn);
    }
    swap(a, pm);
    let pa = a + ES;
    let pb = pa;
    let pc = a + (n - 1) * ES;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(at(pb), at(a))) <= 0) {
        if (r === 0) {
          swapCnt = true;
          swap(pa, pb);
          pa += ES;
        }
        pb += ES;
      }
      while (pb <= pc && (r = cmp(at(pc), at(a))) >= 0) {
        if (r === 0) {
          swapCnt = true;
          swap(pc, pd);
          pd -= ES;
        }
        pc -= ES;
      }
      if (pb > pc) break;
      swap(pb, pc);
      swapCnt = true;
      pb += ES;
      pc -= ES;
    }
    if (!swapCnt) {
      insertion();
      return;
    }
    const pn = a + n * ES;
    let r = Math.min(pa - a, pb - pa);
    vecswap(a, pb - r, r);
    r = Math.min(pd - pc, pn - pd - ES);
    vecswap(pb, pn - r, r);
    if ((r = pb - pa) > ES) {
      const l = a;
      const rEnd = a + r - 1;
      if (!((lr < l && rr < l) || (lr > rEnd && rr > rEnd))) pqsortRange(arr, a, r / ES, cmp, lr, rr);
    }
    if ((r = pd - pc) > ES) {
      a = pn - r;
      n = r / ES;
      const l = a;
      const rEnd = a + r - 1;
      if (!((lr < l && rr < l) || (lr > rEnd && rr > rEnd))) continue;
    }
    return;
  }
}

// ---------------------------------------------------------------------------------------
// Command table
// ---------------------------------------------------------------------------------------

/** GEORADIUS / GEORADIUSBYMEMBER keys: the source and the last STORE/STOREDIST target. */
function georadiusGetKeys(argv: string[]): number[] {
  let stored = -1;
  for (let i = 5; i < argv.length; i++) {
    if ((eqi(argv[i]!, 'store') || eqi(argv[i]!, 'storedist')) && i + 1 < argv.length) {
      stored = i + 1;
      i++;
    }
  }
  return stored === -1 ? [1] : [1, stored];
}

const G = { group: 'geo', acl: 'geo' } as const;
const RADIUS_COMPLEXITY =
  'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.';
const SEARCH_COMPLEXITY =
  'O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape';

export const geoCommands: CommandDef[] = [
  { name: 'geoadd', arity: -5, flags: 'write denyoom', keys: [1, 1, 1], ...G, since: '3.2.0', summary: 'Adds or updates named positions (longitude, latitude) in a sorted set used as a geospatial index.', complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.', handler: geoaddCommand },
  { name: 'geodist', arity: -4, flags: 'readonly', keys: [1, 1, 1], ...G, since: '3.2.0', summary: 'Great-circle distance between two members of a geospatial index.', complexity: 'O(log(N))', handler: geodistCommand },
  { name: 'geohash', arity: -2, flags: 'readonly', keys: [1, 1, 1], ...G, since: '3.2.0', summary: 'Standard 11-character geohash strings of members of a geospatial index.', complexity: 'O(log(N)) for each member requested, where N is the number of elements in the sorted set.', handler: geohashCommand },
  { name: 'geopos', arity: -2, flags: 'readonly', keys: [1, 1, 1], ...G, since: '3.2.0', summary: 'Longitude and latitude of members of a geospatial index.', complexity: 'O(N) where N is the number of members requested.', handler: geoposCommand },
  { name: 'georadius', arity: -6, flags: 'write denyoom movablekeys', keys: [1, 1, 1], ...G, since: '3.2.0', summary: 'Members of a geospatial index within a radius of a point, optionally stored in a key.', complexity: RADIUS_COMPLEXITY, deprecatedSince: '6.2.0', replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument', getKeys: georadiusGetKeys, handler: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_COORDS) },
  { name: 'georadius_ro', arity: -6, flags: 'readonly', keys: [1, 1, 1], ...G, since: '3.2.10', summary: 'Read-only GEORADIUS: members within a radius of a point.', complexity: RADIUS_COMPLEXITY, deprecatedSince: '6.2.0', replacedBy: '`GEOSEARCH` with the `BYRADIUS` argument', handler: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_COORDS | RADIUS_NOSTORE) },
  { name: 'georadiusbymember', arity: -5, flags: 'write denyoom movablekeys', keys: [1, 1, 1], ...G, since: '3.2.0', summary: 'Members of a geospatial index within a radius of one of its members, optionally stored in a key.', complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.', deprecatedSince: '6.2.0', replacedBy: '`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments', getKeys: georadiusGetKeys, handler: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_MEMBER) },
  { name: 'georadiusbymember_ro', arity: -5, flags: 'readonly', keys: [1, 1, 1], ...G, since: '3.2.10', summary: 'Read-only GEORADIUSBYMEMBER: members within a radius of one of the members.', complexity: 'O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.', deprecatedSince: '6.2.0', replacedBy: '`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments', handler: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_MEMBER | RADIUS_NOSTORE) },
  { name: 'geosearch', arity: -7, flags: 'readonly', keys: [1, 1, 1], ...G, since: '6.2.0', summary: 'Members of a geospatial index inside a circle or an axis-aligned box around a member or a point.', complexity: SEARCH_COMPLEXITY, handler: (c, argv) => georadiusGeneric(c, argv, 1, GEOSEARCH) },
  { name: 'geosearchstore', arity: -8, flags: 'write denyoom', keys: [1, 2, 1], ...G, since: '6.2.0', summary: 'GEOSEARCH whose result (members with hashes or distances as scores) is stored in a key.', complexity: SEARCH_COMPLEXITY, handler: (c, argv) => georadiusGeneric(c, argv, 2, GEOSEARCH | GEOSEARCHSTORE) },
];
