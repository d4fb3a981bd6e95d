// Geohash arithmetic for the GEO commands, following Redis 7.0's geohash.c and
// geohash_helper.c step by step so that scores, decoded coordinates, distances and the
// set of search boxes come out bit for bit the same.
//
// A position is stored in a sorted set as the 52-bit interleaving of a 26-bit latitude
// cell (even bits) and a 26-bit longitude cell (odd bits) over the Web Mercator ranges
// lon [-180, 180], lat [-85.05112878, 85.05112878]. Hashes of other precisions ("steps",
// bits per coordinate) are kept as a pair of 32-bit halves so that nothing needs BigInt;
// the 52-bit values themselves fit a double exactly.

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

const D_R = Math.PI / 180.0;
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;

function degRad(ang: number): number {
  return ang * D_R;
}
function radDeg(ang: number): number {
  return ang / D_R;
}

/** A geohash: `step` bits per coordinate, 2*step interleaved bits in hi:lo. */
export interface GeoHashBits {
  hi: number;
  lo: number;
  step: number;
}

export interface GeoHashArea {
  lonMin: number;
  lonMax: number;
  latMin: number;
  latMax: number;
}

const TWO32 = 4294967296;

/** Spread the low 16 bits of x to the even bit positions of a 32-bit word. */
function spread16(x: number): number {
  x &= 0xffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}

/** Gather the even bits of a 32-bit word into 16 bits. */
function compact16(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** interleave64(lat, lon): lat bits at even positions, lon bits at odd ones. */
function interleave(lat: number, lon: number, out: GeoHashBits): void {
  out.lo = (spread16(lat) | (spread16(lon) << 1)) >>> 0;
  out.hi = (spread16(lat >>> 16) | (spread16(lon >>> 16) << 1)) >>> 0;
}

/** C's (uint32_t) conversion of a non-negative double below 2^32 (truncation). */
function toU32(d: number): number {
  return Math.trunc(d) >>> 0;
}

/**
 * geohashEncode over the given ranges (min/max lon, min/max lat); false when outside the
 * Mercator limits or the ranges.
 */
export function geohashEncode(
  lonMin: number,
  lonMax: number,
  latMin: number,
  latMax: number,
  longitude: number,
  latitude: number,
  step: number,
  out: GeoHashBits,
): boolean {
  if (step > 32 || step === 0) return false;
  if (longitude > GEO_LONG_MAX || longitude < GEO_LONG_MIN || latitude > GEO_LAT_MAX || latitude < GEO_LAT_MIN) {
    return false;
  }
  out.hi = 0;
  out.lo = 0;
  out.step = step;
  if (latitude < latMin || latitude > latMax || longitude < lonMin || longitude > lonMax) return false;
  let latOffset = (latitude - latMin) / (latMax - latMin);
  let lonOffset = (longitude - lonMin) / (lonMax - lonMin);
  const scale = Math.pow(2, step);
  latOffset *= scale;
  lonOffset *= scale;
  interleave(toU32(latOffset), toU32(lonOffset), out);
  return true;
}

export function geohashEncodeWGS84(longitude: number, latitude: number, step: number, out: GeoHashBits): boolean {
  return geohashEncode(GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, longitude, latitude, step, out);
}

/** The 52-bit score of a hash (geohashAlign52Bits), as an exact double. */
export function align52(h: GeoHashBits): number {
  const shift = 52 - h.step * 2;
  return (h.hi * TWO32 + h.lo) * Math.pow(2, shift);
}

/** The score of a position (GEOADD). */
export function geoScore(longitude: number, latitude: number): number {
  const h: GeoHashBits = { hi: 0, lo: 0, step: 0 };
  geohashEncodeWGS84(longitude, latitude, GEO_STEP_MAX, h);
  return align52(h);
}

/** geohashDecode over the WGS84 ranges into `area`. */
export function geohashDecode(h: GeoHashBits, area: GeoHashArea): void {
  const latIdx = (compact16(h.lo) | (compact16(h.hi) << 16)) >>> 0;
  const lonIdx = (compact16(h.lo >>> 1) | (compact16(h.hi >>> 1) << 16)) >>> 0;
  const latScale = GEO_LAT_MAX - GEO_LAT_MIN;
  const lonScale = GEO_LONG_MAX - GEO_LONG_MIN;
  const div = Math.pow(2, h.step);
  area.latMin = GEO_LAT_MIN + ((latIdx * 1.0) / div) * latScale;
  area.latMax = GEO_LAT_MIN + ((((latIdx + 1) >>> 0) * 1.0) / div) * latScale;
  area.lonMin = GEO_LONG_MIN + ((lonIdx * 1.0) / div) * lonScale;
  area.lonMax = GEO_LONG_MIN + ((((lonIdx + 1) >>> 0) * 1.0) / div) * lonScale;
}

const STEP26_DIV = 67108864; // 2^26
const LAT_SCALE = GEO_LAT_MAX - GEO_LAT_MIN;
const LON_SCALE = GEO_LONG_MAX - GEO_LONG_MIN;

const scratchHash: GeoHashBits = { hi: 0, lo: 0, step: GEO_STEP_MAX };
const scratchArea: GeoHashArea = { lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };

/**
 * C's (uint64_t) conversion of a score, as x86-64 code does it (truncation; negative
 * values wrap; out of range and NaN give the "indefinite" patterns), into scratchHash.
 */
function scoreToBits(score: number): void {
  if (score >= 0 && score < 9007199254740992) {
    const v = Math.trunc(score);
    scratchHash.hi = Math.floor(v / TWO32);
    scratchHash.lo = v >>> 0;
    return;
  }
  let b: bigint;
  if (Number.isNaN(score)) b = 1n << 63n;
  else if (score >= 18446744073709551616) b = 0n;
  else if (score >= 9223372036854775808) b = BigInt(Math.trunc(score));
  else if (score < -9223372036854775808) b = 1n << 63n;
  else b = BigInt.asUintN(64, BigInt(Math.trunc(score)));
  scratchHash.hi = Number(b >> 32n);
  scratchHash.lo = Number(b & 0xffffffffn);
}

/** Coordinates decoded by the last decodeScore call. */
export const decoded = { lon: 0, lat: 0 };

/** Redis's decodeGeohash: the centre of the score's cell, clamped to the valid ranges. */
export function decodeScore(score: number): void {
  let latMin: number;
  let latMax: number;
  let lonMin: number;
  let lonMax: number;
  if (score >= 0 && score < 4503599627370496) {
    // Fast path for real 52-bit hashes: the same arithmetic as geohashDecode at step 26.
    const hi = Math.floor(score / TWO32);
    const lo = score >>> 0;
    const latIdx = (compact16(lo) | (compact16(hi) << 16)) >>> 0;
    const lonIdx = (compact16(lo >>> 1) | (compact16(hi >>> 1) << 16)) >>> 0;
    latMin = GEO_LAT_MIN + ((latIdx * 1.0) / STEP26_DIV) * LAT_SCALE;
    latMax = GEO_LAT_MIN + (((latIdx + 1) * 1.0) / STEP26_DIV) * LAT_SCALE;
    lonMin = GEO_LONG_MIN + ((lonIdx * 1.0) / STEP26_DIV) * LON_SCALE;
    lonMax = GEO_LONG_MIN + (((lonIdx + 1) * 1.0) / STEP26_DIV) * LON_SCALE;
  } else {
    scoreToBits(score);
    scratchHash.step = GEO_STEP_MAX;
    geohashDecode(scratchHash, scratchArea);
    latMin = scratchArea.latMin;
    latMax = scratchArea.latMax;
    lonMin = scratchArea.lonMin;
    lonMax = scratchArea.lonMax;
  }
  let lon = (lonMin + lonMax) / 2;
  if (lon > GEO_LONG_MAX) lon = GEO_LONG_MAX;
  if (lon < GEO_LONG_MIN) lon = GEO_LONG_MIN;
  let lat = (latMin + latMax) / 2;
  if (lat > GEO_LAT_MAX) lat = GEO_LAT_MAX;
  if (lat < GEO_LAT_MIN) lat = GEO_LAT_MIN;
  decoded.lon = lon;
  decoded.lat = lat;
}

const GEOALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/** GEOHASH's 11-character standard geohash of a stored score. */
export function geohashString(score: number): string {
  decodeScore(score);
  const h: GeoHashBits = { hi: 0, lo: 0, step: 0 };
  geohashEncode(-180, 180, -90, 90, decoded.lon, decoded.lat, 26, h);
  const v = h.hi * TWO32 + h.lo; // 52 bits, exact
  let out = '';
  for (let i = 0; i < 11; i++) {
    let idx = 0;
    if (i !== 10) idx = Math.floor(v / Math.pow(2, 52 - (i + 1) * 5)) & 0x1f;
    out += GEOALPHABET[idx]!;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Correctly rounded sin, cos and asin.
//
// Redis links glibc, whose sin/cos/asin return the correctly rounded result; V8's fdlibm
// ports are off by one ulp now and then, which shows in STOREDIST scores and flips points
// sitting on a search boundary. These evaluate in double-double arithmetic (~104 bits)
// and round once, so they agree with glibc except for results within ~2^-50 ulp of a
// rounding midpoint.
// ---------------------------------------------------------------------------------------

const SPLITTER = 134217729; // 2^27 + 1
/** Double-double results: [hi, lo]; module-level `let` doubles would be boxed on every write. */
const DD = new Float64Array(2);

/** a * b exactly as DD[0] + DD[1] (Dekker). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  DD[0] = p;
  DD[1] = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** (ah, al) * (bh, bl) into DD. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = DD[0]!;
  const e = DD[1]! + (ah * bl + al * bh);
  DD[0] = p + e;
  DD[1] = e - (DD[0]! - p);
}

/** (ah, al) + (bh, bl) into DD. */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const bb = s - ah;
  let e = ah - (s - bb) + (bh - bb);
  e += al + bl;
  DD[0] = s + e;
  DD[1] = e - (DD[0]! - s);
}

/** Inverse factorials 1/n! as double-doubles (n = 0..31). */
const INV_FACT_HI = new Float64Array(32);
const INV_FACT_LO = new Float64Array(32);
{
  let h = 1;
  let l = 0;
  INV_FACT_HI[0] = 1;
  for (let n = 1; n < 32; n++) {
    // (h, l) / n
    const q1 = h / n;
    twoProd(q1, n);
    const r = (h - DD[0]! - DD[1]! + l) / n;
    h = q1 + r;
    l = r - (h - q1);
    INV_FACT_HI[n] = h;
    INV_FACT_LO[n] = l;
  }
}

const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;
const TWO_OVER_PI = 0.6366197723675814;

/** sin and cos of the last reduced argument as double-doubles: [sinHi, sinLo, cosHi, cosLo]. */
const SC = new Float64Array(4);

/** sin and cos of the double-double r (|r| <= ~pi/4) by Taylor series, into SC. */
function sinCosReduced(rh: number, rl: number): void {
  ddMul(rh, rl, rh, rl);
  const r2h = DD[0]!;
  const r2l = DD[1]!;
  // sin: r * sum (-1)^k r^2k / (2k+1)!   cos: sum (-1)^k r^2k / (2k)!
  let sh = INV_FACT_HI[27]!;
  let sl = INV_FACT_LO[27]!;
  for (let n = 25; n >= 1; n -= 2) {
    ddMul(sh, sl, -r2h, -r2l);
    ddAdd(DD[0]!, DD[1]!, INV_FACT_HI[n]!, INV_FACT_LO[n]!);
    sh = DD[0]!;
    sl = DD[1]!;
  }
  ddMul(sh, sl, rh, rl);
  SC[0] = DD[0]!;
  SC[1] = DD[1]!;
  let ch = INV_FACT_HI[28]!;
  let cl = INV_FACT_LO[28]!;
  for (let n = 26; n >= 0; n -= 2) {
    ddMul(ch, cl, -r2h, -r2l);
    ddAdd(DD[0]!, DD[1]!, INV_FACT_HI[n]!, INV_FACT_LO[n]!);
    ch = DD[0]!;
    cl = DD[1]!;
  }
  SC[2] = ch;
  SC[3] = cl;
}

/** Quadrant of the last reduce() call. */
let quadrant = 0;
/** What reduceAndEval's caller needs: 0 sin(x), 1 cos(x), 2 both. */
let evalMode = 2;

/** x - k*pi/2 as a double-double into sinCosReduced, k = round(x * 2/pi). */
function reduceAndEval(x: number): void {
  const k = Math.round(x * TWO_OVER_PI);
  let rh = x;
  let rl = 0;
  if (k !== 0) {
    twoProd(-k, PIO2_1);
    ddAdd(rh, rl, DD[0]!, DD[1]!);
    rh = DD[0]!;
    rl = DD[1]!;
    twoProd(-k, PIO2_2);
    ddAdd(rh, rl, DD[0]!, DD[1]!);
    rh = DD[0]!;
    rl = DD[1]!;
    ddAdd(rh, rl, -k * PIO2_3, 0);
    rh = DD[0]!;
    rl = DD[1]!;
  }
  quadrant = ((k % 4) + 4) % 4;
  // mode 0: sin(x) wanted, 1: cos(x), 2: both.
  const odd = (quadrant & 1) === 1;
  wantSin = evalMode === 2 || (evalMode === 0) !== odd;
  wantCos = evalMode === 2 || (evalMode === 0) === odd;
  sinCosTable(rh, rl);
}

/** sin/cos of i/64 (i = 0..51) as double-doubles, from the (slow) full series. */
const TAB_SIN_HI = new Float64Array(52);
const TAB_SIN_LO = new Float64Array(52);
const TAB_COS_HI = new Float64Array(52);
const TAB_COS_LO = new Float64Array(52);
for (let i = 0; i < 52; i++) {
  sinCosReduced(i / 64, 0);
  TAB_SIN_HI[i] = SC[0]!;
  TAB_SIN_LO[i] = SC[1]!;
  TAB_COS_HI[i] = SC[2]!;
  TAB_COS_LO[i] = SC[3]!;
}

/**
 * sin and cos of the double-double r (|r| <= pi/4) into SC: r = i/64 + t with |t| <=
 * 1/128, the table for i/64, and short series for t whose high-order terms (below 2^-30
 * relative) are summed in plain doubles. Relative error ~2^-90: a misrounding needs a
 * true value within that distance of a midpoint.
 */
function sinCosTable(rh: number, rl: number): void {
  const neg = rh < 0;
  if (neg) {
    rh = -rh;
    rl = -rl;
  }
  const i = Math.round(rh * 64);
  // t = r - i/64 (exact: i/64 has few bits and is close to rh).
  const th0 = rh - i / 64;
  const th = th0 + rl;
  const tl = rl - (th - th0);
  const t2 = th * th;
  // sin t = t + t^3 * (-1/6 + t^2/120 - t^4/5040 + t^6/362880)
  const s3 = th * t2 * (-1 / 6 + t2 * (1 / 120 + t2 * (-1 / 5040 + t2 * (1 / 362880))));
  ddAdd(th, tl, s3, 0);
  const sh = DD[0]!;
  const sl = DD[1]!;
  // cos t = 1 - t^2/2 + t^4 * (1/24 - t^2/720 + t^4/40320 - t^6/3628800)
  twoProd(th, th);
  const q2h = DD[0]!;
  const q2l = DD[1]! + 2 * th * tl;
  const c4 = t2 * t2 * (1 / 24 + t2 * (-1 / 720 + t2 * (1 / 40320 + t2 * (-1 / 3628800))));
  ddAdd(1, 0, -0.5 * q2h, -0.5 * q2l);
  ddAdd(DD[0]!, DD[1]!, c4, 0);
  const ch = DD[0]!;
  const cl = DD[1]!;
  const sah = TAB_SIN_HI[i]!;
  const sal = TAB_SIN_LO[i]!;
  const cah = TAB_COS_HI[i]!;
  const cal = TAB_COS_LO[i]!;
  // sin(a + t) = sin a cos t + cos a sin t;  cos(a + t) = cos a cos t - sin a sin t.
  // Only the one the quadrant needs is combined.
  if (wantSin) {
    ddMul(sah, sal, ch, cl);
    const p1h = DD[0]!;
    const p1l = DD[1]!;
    ddMul(cah, cal, sh, sl);
    ddAdd(p1h, p1l, DD[0]!, DD[1]!);
    SC[0] = neg ? -DD[0]! : DD[0]!;
    SC[1] = neg ? -DD[1]! : DD[1]!;
  }
  if (wantCos) {
    ddMul(cah, cal, ch, cl);
    const p2h = DD[0]!;
    const p2l = DD[1]!;
    ddMul(sah, sal, sh, sl);
    ddAdd(p2h, p2l, -DD[0]!, -DD[1]!);
    SC[2] = DD[0]!;
    SC[3] = DD[1]!;
  }
}

/** Which of sin/cos of the reduced argument the caller needs (set before reduceAndEval). */
let wantSin = true;
let wantCos = true;

/** Correctly rounded sin (glibc's result) for the moderate arguments the GEO code uses. */
export function sinCR(x: number): number {
  if (x === 0 || !Number.isFinite(x) || Math.abs(x) > 1e5) return Math.sin(x);
  evalMode = 0;
  reduceAndEval(x);
  switch (quadrant) {
    case 0:
      return SC[0]! + SC[1]!;
    case 1:
      return SC[2]! + SC[3]!;
    case 2:
      return -(SC[0]! + SC[1]!);
    default:
      return -(SC[2]! + SC[3]!);
  }
}

/** Correctly rounded cos (glibc's result) for moderate arguments. */
export function cosCR(x: number): number {
  // A search computes cos(latitude of the centre) for every candidate: remember the last.
  if (x === COS_CACHE[0]) return COS_CACHE[1]!;
  const v = cosEval(x);
  COS_CACHE[0] = x;
  COS_CACHE[1] = v;
  return v;
}

/** [argument, cos(argument)] of the last cosCR call. */
const COS_CACHE = new Float64Array([NaN, NaN]);

function cosEval(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) > 1e5) return Math.cos(x);
  evalMode = 1;
  reduceAndEval(x);
  switch (quadrant) {
    case 0:
      return SC[2]! + SC[3]!;
    case 1:
      return -(SC[0]! + SC[1]!);
    case 2:
      return -(SC[2]! + SC[3]!);
    default:
      return SC[0]! + SC[1]!;
  }
}

/** Correctly rounded asin: one Newton step on fdlibm's value with a double-double sin. */
export function asinCR(y: number): number {
  const t = Math.asin(y);
  if (y === 0 || !Number.isFinite(t) || Math.abs(y) > 0.9999) return t;
  evalMode = 2;
  reduceAndEval(t);
  // t is within 1 ulp, so |t| <= pi/2 < pi/4 * 2: quadrant 0 or 1 (or their negatives).
  let sh: number;
  let sl: number;
  let c: number;
  switch (quadrant) {
    case 0:
      sh = SC[0]!;
      sl = SC[1]!;
      c = SC[2]!;
      break;
    case 1:
      sh = SC[2]!;
      sl = SC[3]!;
      c = -SC[0]!;
      break;
    case 3:
      sh = -SC[2]!;
      sl = -SC[3]!;
      c = SC[0]!;
      break;
    default:
      sh = -SC[0]!;
      sl = -SC[1]!;
      c = -SC[2]!;
  }
  // sin(t) - y in double-double, then t - (sin(t) - y) / cos(t).
  ddAdd(sh, sl, -y, 0);
  const delta = (DD[0]! + DD[1]!) / c;
  const s = t - delta;
  const bb = s - t;
  const err = t - (s - bb) + (-delta - bb);
  return s + err;
}

// ---------------------------------------------------------------------------------------
// glibc's sin, cos and asin. Redis calls the glibc 2.36 libm, whose x86-64 build picks
// FMA variants at run time on CPUs that have FMA; those are not correctly rounded (up
// to ~0.55 ulp), so results differ from the correctly rounded ones above about once in
// a thousand calls. The ranges the GEO code uses are evaluated the way those variants
// do (table of sin/cos at i/128, short polynomials, the multiply-adds GCC contracts to
// FMA emulated exactly), which agreed with the system libm on 200,000 random arguments
// per function. Other ranges fall back to the correctly rounded versions.
// ---------------------------------------------------------------------------------------

/** Correctly rounded a*b + c (double rounding only in astronomically rare cases). */
function fma(a: number, b: number, c: number): number {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = p + c;
  const bb = s - p;
  const t2 = p - (s - bb) + (c - bb);
  return s + (t2 + e);
}

// Polynomial coefficients of the libm routines (Taylor-like, as published with them).
const S1 = -0.16666666666666666;
const S2 = 0.008333333333332329;
const S3 = -0.00019841269834414642;
const S4 = 2.755729806860771e-6;
const S5 = -2.5022014848318398e-8;
const SN3 = -1.66666666666664880952546298448555e-1;
const SN5 = 8.33333214285722277379541354343671e-3;
const CS2 = 4.99999999999999999999950396842453e-1;
const CS4 = -4.16666666666664434524222570944589e-2;
const CS6 = 1.38888874007937613028114285595617e-3;
const BIG = 52776558133248.0; // 1.5 * 2^45: rounds |x| to a multiple of 1/128
const HP0 = 1.5707963267948966;
const HP1 = 6.123233995736766e-17;

/** sin(i/128) and cos(i/128) as double-doubles, i = 0..111 (the libm table's values). */
const GT_SN = new Float64Array(112);
const GT_SSN = new Float64Array(112);
const GT_CS = new Float64Array(112);
const GT_CCS = new Float64Array(112);
for (let i = 0; i < 112; i++) {
  sinCosReduced(i / 128, 0);
  GT_SN[i] = SC[0]!;
  GT_SSN[i] = SC[1]!;
  GT_CS[i] = SC[2]!;
  GT_CCS[i] = SC[3]!;
}

function gTaylorSin(xx: number, a: number, da: number): number {
  const p = fma(fma(fma(fma(S5, xx, S4), xx, S3), xx, S2), xx, S1);
  const t3 = da === 0 ? p * a : fma(p, a, -(0.5 * da));
  return a + fma(t3, xx, da);
}

function gDoCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const u = BIG + Math.abs(x);
  const k = Math.round((u - BIG) * 128);
  x = Math.abs(x) - (u - BIG) + dx;
  const xx = x * x;
  const s = fma(x * xx, fma(xx, SN5, SN3), x);
  const c = xx * fma(xx, fma(xx, CS6, CS4), CS2);
  const cor = fma(-GT_SN[k]!, s, fma(-GT_CS[k]!, c, fma(-s, GT_SSN[k]!, GT_CCS[k]!)));
  return GT_CS[k]! + cor;
}

function gDoSin(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) return gTaylorSin(x * x, x, dx);
  if (x <= 0) dx = -dx;
  const u = BIG + Math.abs(x);
  const k = Math.round((u - BIG) * 128);
  x = Math.abs(x) - (u - BIG);
  const xx = x * x;
  const s = x + fma(x * xx, fma(xx, SN5, SN3), dx);
  const c = fma(x, dx, xx * fma(xx, fma(xx, CS6, CS4), CS2));
  const cor = fma(GT_CS[k]!, s, fma(-GT_SN[k]!, c, fma(s, GT_CCS[k]!, GT_SSN[k]!)));
  const r = GT_SN[k]! + cor;
  return xold < 0 ? -r : r;
}

const MP1 = 1.5707963407039642;
const MP2 = -1.3909067564377153e-8;
const PP3 = -4.97899623147991e-17;
const PP4 = -1.9034889620193266e-25;
const HPINV = 0.6366197723675814;
const TOINT = 6755399441055744.0; // 1.5 * 2^52

/** Quadrant and reduced argument (RED[0] + RED[1]) of the last reduceSinCos call. */
const RED = new Float64Array(2);

/** libm's reduce_sincos for 2.426 < |x| < 105414350: x - n*pi/2 in ~136 bits. */
function reduceSinCos(x: number): number {
  const t = fma(x, HPINV, TOINT);
  const xn = t - TOINT;
  const n = Number(BigInt.asIntN(32, BigInt(t - TOINT))) & 3;
  const y = fma(-xn, MP2, fma(-xn, MP1, x));
  const t2 = fma(-xn, PP3, y);
  let db = fma(-xn, PP3, y - t2);
  const b = fma(-xn, PP4, t2);
  db += fma(-xn, PP4, t2 - b);
  RED[0] = b;
  RED[1] = db;
  return n;
}

function doSinCos(a: number, da: number, n: number): number {
  const r = n & 1 ? gDoCos(a, da) : gDoSin(a, da);
  return n & 2 ? -r : r;
}

/** sin as the system libm computes it. */
export function libmSin(x: number): number {
  const a = Math.abs(x);
  if (a < 1.4901161193847656e-8) return x; // 2^-26
  if (a < 0.855469) return gDoSin(x, 0);
  if (a < 2.426265) {
    const r = gDoCos(HP0 - a, HP1);
    return x < 0 ? -r : r;
  }
  if (a < 105414350) {
    const n = reduceSinCos(x);
    return doSinCos(RED[0]!, RED[1]!, n);
  }
  return sinCR(x);
}

/** cos as the system libm computes it. */
export function libmCos(x: number): number {
  if (x === COS_CACHE[0]) return COS_CACHE[1]!;
  const a = Math.abs(x);
  let v: number;
  if (a < 7.450580596923828e-9) v = 1.0; // 2^-27
  else if (a < 0.855469) v = gDoCos(x, 0);
  else if (a < 2.426265) {
    const y = HP0 - a;
    const aa = y + HP1;
    v = gDoSin(aa, y - aa + HP1);
  } else if (a < 105414350) {
    const n = reduceSinCos(x);
    v = doSinCos(RED[0]!, RED[1]!, n + 1);
  } else v = cosEval(x);
  COS_CACHE[0] = x;
  COS_CACHE[1] = v;
  return v;
}

const F1 = 1.66666666666664110590506577996662e-1;
const F2 = 7.50000000026122686814431784722623e-2;
const F3 = 4.4642856142105975097851735000694e-2;
const F4 = 3.03821268582119319911193410625235e-2;
const F5 = 2.23551211026525610742786300334557e-2;
const F6 = 1.81382903404565056280372531963613e-2;

/** asin as the system libm computes it (the polynomial range; table ranges fall back). */
export function libmAsin(x: number): number {
  const a = Math.abs(x);
  if (a < 1.4901161193847656e-8) return x;
  if (a < 0.125) {
    const x2 = x * x;
    const p = fma(fma(fma(fma(fma(F6, x2, F5), x2, F4), x2, F3), x2, F2), x2, F1);
    return fma(p, x2 * x, x);
  }
  return asinCR(x);
}

// ---------------------------------------------------------------------------------------
// Distances
// ---------------------------------------------------------------------------------------

/** Distance along a meridian (Redis 7.0's shortcut when the longitudes are equal). */
function latDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

/** Haversine great-circle distance in meters (geohashGetDistance). */
export function geoDistance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lon1r = degRad(lon1d);
  const lon2r = degRad(lon2d);
  const v = libmSin((lon2r - lon1r) / 2);
  if (v === 0.0) return latDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = libmSin((lat2r - lat1r) / 2);
  const a = u * u + libmCos(lat1r) * libmCos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * libmAsin(Math.sqrt(a));
}

/** Distance found by the last inRadius / inRectangle call that returned true. */
export const found = { distance: 0 };

export function inRadius(x1: number, y1: number, x2: number, y2: number, radius: number): boolean {
  const d = geoDistance(x1, y1, x2, y2);
  found.distance = d;
  return d <= radius;
}

/** geohashGetDistanceIfInRectangle: (x1, y1) is the box centre. */
export function inRectangle(widthM: number, heightM: number, x1: number, y1: number, x2: number, y2: number): boolean {
  const latDist = latDistance(y2, y1);
  if (latDist > heightM / 2) return false;
  const lonDist = geoDistance(x2, y2, x1, y2);
  if (lonDist > widthM / 2) return false;
  found.distance = geoDistance(x1, y1, x2, y2);
  return true;
}

// ---------------------------------------------------------------------------------------
// Search areas
// ---------------------------------------------------------------------------------------

export const CIRCULAR_TYPE = 1;
export const RECTANGLE_TYPE = 2;

export interface GeoShape {
  type: number;
  lon: number;
  lat: number;
  /** Meters per unit. */
  conversion: number;
  radius: number;
  width: number;
  height: number;
  /** Bounding box: min lon, min lat, max lon, max lat. */
  bounds: [number, number, number, number];
}

function estimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

function boundingBox(shape: GeoShape): void {
  const longitude = shape.lon;
  const latitude = shape.lat;
  const height = shape.conversion * (shape.type === CIRCULAR_TYPE ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.type === CIRCULAR_TYPE ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const lonDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / libmCos(degRad(latitude + latDelta)));
  const lonDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / libmCos(degRad(latitude - latDelta)));
  const southern = latitude < 0;
  shape.bounds[0] = southern ? longitude - lonDeltaBottom : longitude - lonDeltaTop;
  shape.bounds[2] = southern ? longitude + lonDeltaBottom : longitude + lonDeltaTop;
  shape.bounds[1] = latitude - latDelta;
  shape.bounds[3] = latitude + latDelta;
}

/** Move a hash one cell east/west (geohash_move_x) or north/south (geohash_move_y). */
function move(h: GeoHashBits, d: number, odd: boolean): void {
  if (d === 0) return;
  let bits = (BigInt(h.hi) << 32n) | BigInt(h.lo);
  const ALL_ODD = 0xaaaaaaaaaaaaaaaan;
  const ALL_EVEN = 0x5555555555555555n;
  const mine = odd ? ALL_ODD : ALL_EVEN;
  const other = odd ? ALL_EVEN : ALL_ODD;
  let x = bits & mine;
  const y = bits & other;
  const shift = BigInt(64 - h.step * 2);
  const zz = other >> shift;
  const M64 = (1n << 64n) - 1n;
  if (d > 0) x = (x + (zz + 1n)) & M64;
  else {
    x = x | zz;
    x = (x - (zz + 1n)) & M64;
  }
  x &= mine >> shift;
  bits = x | y;
  h.hi = Number(bits >> 32n);
  h.lo = Number(bits & 0xffffffffn);
}

function copyHash(h: GeoHashBits): GeoHashBits {
  return { hi: h.hi, lo: h.lo, step: h.step };
}

/** The centre cell then its 8 neighbours in Redis's processing order; null = excluded. */
export type SearchBoxes = (GeoHashBits | null)[];

function neighbours(h: GeoHashBits): GeoHashBits[] {
  // Order: north, south, east, west, north_east, north_west, south_east, south_west.
  const dirs: [number, number][] = [
    [0, 1],
    [0, -1],
    [1, 0],
    [-1, 0],
    [1, 1],
    [-1, 1],
    [1, -1],
    [-1, -1],
  ];
  const out: GeoHashBits[] = [];
  for (const [dx, dy] of dirs) {
    const n = copyHash(h);
    move(n, dx, true);
    move(n, dy, false);
    out.push(n);
  }
  return out;
}

/** geohashCalculateAreasByShapeWGS84: the 9 boxes to scan (fills shape.bounds). */
export function searchBoxes(shape: GeoShape): SearchBoxes {
  boundingBox(shape);
  const [minLon, minLat, maxLon, maxLat] = shape.bounds;
  const radiusMeters =
    (shape.type === CIRCULAR_TYPE
      ? shape.radius
      : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))) * shape.conversion;
  let steps = estimateStepsByRadius(radiusMeters, shape.lat);
  const hash: GeoHashBits = { hi: 0, lo: 0, step: 0 };
  geohashEncodeWGS84(shape.lon, shape.lat, steps, hash);
  let nb = neighbours(hash);
  const area: GeoHashArea = { lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };
  geohashDecode(hash, area);

  let decrease = false;
  {
    const north: GeoHashArea = { lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };
    const south: GeoHashArea = { lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };
    const east: GeoHashArea = { lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };
    const west: GeoHashArea = { lonMin: 0, lonMax: 0, latMin: 0, latMax: 0 };
    geohashDecode(nb[0]!, north);
    geohashDecode(nb[1]!, south);
    geohashDecode(nb[2]!, east);
    geohashDecode(nb[3]!, west);
    if (north.latMax < maxLat) decrease = true;
    if (south.latMin > minLat) decrease = true;
    if (east.lonMax < maxLon) decrease = true;
    if (west.lonMin > minLon) decrease = true;
  }
  if (steps > 1 && decrease) {
    steps--;
    geohashEncodeWGS84(shape.lon, shape.lat, steps, hash);
    nb = neighbours(hash);
    geohashDecode(hash, area);
  }
  const boxes: SearchBoxes = [hash, ...nb];
  // Indexes: 1 north, 2 south, 3 east, 4 west, 5 NE, 6 NW, 7 SE, 8 SW.
  if (steps >= 2) {
    if (area.latMin < minLat) boxes[2] = boxes[8] = boxes[7] = null;
    if (area.latMax > maxLat) boxes[1] = boxes[5] = boxes[6] = null;
    if (area.lonMin < minLon) boxes[4] = boxes[8] = boxes[6] = null;
    if (area.lonMax > maxLon) boxes[3] = boxes[7] = boxes[5] = null;
  }
  return boxes;
}

/** [min, max) scores of the cells inside a box (scoresOfGeoHashBox). */
export function boxScores(h: GeoHashBits): [number, number] {
  const min = align52(h);
  const next = h.lo + 1;
  const up: GeoHashBits = next === TWO32 ? { hi: h.hi + 1, lo: 0, step: h.step } : { hi: h.hi, lo: next, step: h.step };
  return [min, align52(up)];
}
