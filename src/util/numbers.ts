// Integer and float parsing/formatting with Redis's exact rules.
// Redis integers are signed 64-bit. JS numbers are exact to 2^53, so parsing returns a
// number when the value is safe and a bigint beyond that; callers that need the exact
// 64-bit value (INCRBY and friends) handle both.

import { ReplyError, ERR_NOT_INTEGER } from './errors.js';

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

/**
 * Redis's string2ll: optional '-', no '+', no spaces, no leading zeros, at most 20 chars,
 * within int64. Returns null when the string is not such an integer.
 */
export function string2ll(s: string): number | bigint | null {
  const len = s.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (len === 1 && c0 === 48) return 0;
  if (c0 === 45) {
    neg = true;
    i = 1;
    if (len === 1) return null;
  }
  const first = s.charCodeAt(i);
  if (first < 49 || first > 57) return null;
  if (len - i <= 15) {
    let v = 0;
    for (; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      v = v * 10 + (c - 48);
    }
    return neg ? -v : v;
  }
  for (let j = i; j < len; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  const b = BigInt(s);
  if (b > INT64_MAX || b < INT64_MIN) return null;
  if (b <= 9007199254740991n && b >= -9007199254740991n) return Number(b);
  return b;
}

/** Parse an int64 argument or throw "value is not an integer or out of range". */
export function parseInt64(s: string, err: string = ERR_NOT_INTEGER): number | bigint {
  const v = string2ll(s);
  if (v === null) throw new ReplyError(err);
  return v;
}

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INF_RE = /^[+-]?inf(?:inity)?$/i;

/**
 * Redis's string2d / strtod-based parsing: no leading space, the whole string consumed,
 * NaN rejected. Accepts "inf", "+inf", "-inf", "infinity".
 */
export function string2d(s: string): number | null {
  const len = s.length;
  if (len === 0 || len > 5000) return null;
  if (FLOAT_RE.test(s)) {
    const v = Number(s);
    return Number.isNaN(v) ? null : v;
  }
  if (INF_RE.test(s)) return s.charCodeAt(0) === 45 ? -Infinity : Infinity;
  // Hexadecimal floats (strtod accepts them): 0x1p3, 0xA
  if (/^[+-]?0[xX]/.test(s)) {
    const v = parseHexFloat(s);
    return v;
  }
  return null;
}

function parseHexFloat(s: string): number | null {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(s);
  if (!m) return null;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart.length === 0 && frac.length === 0) return null;
  let v = 0;
  for (const ch of intPart) v = v * 16 + parseInt(ch, 16);
  let scale = 1 / 16;
  for (const ch of frac) {
    v += parseInt(ch, 16) * scale;
    scale /= 16;
  }
  if (m[4] !== undefined) v *= Math.pow(2, parseInt(m[4], 10));
  return m[1] === '-' ? -v : v;
}

/**
 * printf("%.17g") as Redis 7.0 uses for double replies (ZSCORE, ...). "inf"/"-inf" for
 * infinities, "nan" for NaN.
 */
export function formatDouble17g(d: number): string {
  return formatG(d, 17);
}

/** printf("%.<precision>g"). */
export function formatG(d: number, precision: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const p = precision === 0 ? 1 : precision;
  // toExponential gives the exact decimal exponent after rounding to p digits.
  const e = d.toExponential(p - 1);
  const ePos = e.indexOf('e');
  const x = parseInt(e.slice(ePos + 1), 10);
  if (x < -4 || x >= p) {
    // Exponential form: mantissa with trailing zeros stripped, exponent at least 2 digits.
    let mant = e.slice(0, ePos);
    if (mant.indexOf('.') !== -1) mant = mant.replace(/\.?0+$/, '');
    const sign = x < 0 ? '-' : '+';
    const ax = Math.abs(x);
    return mant + 'e' + sign + (ax < 10 ? '0' + ax : String(ax));
  }
  let f = d.toFixed(Math.max(0, p - 1 - x));
  if (f.indexOf('.') !== -1) f = f.replace(/\.?0+$/, '');
  return f;
}


/**
 * Write the decimal digits of a non-negative safe integer at b[p] and return the end.
 * Digits are peeled with int32 arithmetic once the value fits: float `%` and Math.floor
 * per digit cost more than the rest of an INCR reply (measured). Used by the reply writer
 * and by the keyspace's in-place INCR.
 */
export function writeDecimal(b: Uint8Array, p: number, n: number): number {
  if (n < 10) {
    b[p] = 48 + n;
    return p + 1;
  }
  let digits = 1;
  for (let x = 10; x <= n; x *= 10) digits++;
  const end = p + digits;
  let q = end - 1;
  let t = n;
  while (t > 0x7fffffff) {
    const d = Math.floor(t / 10);
    b[q--] = 48 + (t - d * 10);
    t = d;
  }
  while (t >= 10) {
    const d = (t / 10) | 0;
    b[q--] = 48 + (t - d * 10);
    t = d;
  }
  b[q] = 48 + t;
  return end;
}
