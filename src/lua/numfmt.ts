// printf-style number formatting with glibc's rounding: the exact binary value of the
// double is rounded, ties to even (JS's toPrecision/toFixed round exact ties up:
// printf("%.14g", 123456789012345.0) is "1.2345678901234e+14", JS gives ...235).
// The JS result is used unless the cut falls on an exact tie, checked with BigInt.

/** Exact decimal digits of a positive finite double: value = digits * 10^-frac. */
function exactDecimal(x: number): { digits: string; frac: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const bits = dv.getBigUint64(0);
  let exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  if (exp === 0) exp = 1;
  else mant |= 1n << 52n;
  const e2 = exp - 1075;
  if (e2 >= 0) return { digits: (mant << BigInt(e2)).toString(), frac: 0 };
  return { digits: (mant * 5n ** BigInt(-e2)).toString(), frac: -e2 };
}

/**
 * If rounding |x| at the decimal position `pos` (digits kept after the point; negative
 * for positions left of it) is an exact tie whose kept last digit is even, the value
 * truncated there (as a decimal string of digits and exponent); otherwise null.
 */
function evenTieTruncation(x: number, keepFrac: number): { digits: string; frac: number } | null {
  const { digits, frac } = exactDecimal(x);
  // Digits after the kept ones.
  const drop = frac - keepFrac;
  if (drop <= 0) return null;
  if (drop > digits.length) return null;
  const rest = digits.slice(digits.length - drop);
  if (rest[0] !== '5' || !/^50*$/.test(rest)) return null;
  const kept = digits.slice(0, digits.length - drop) || '0';
  const last = kept.charCodeAt(kept.length - 1) - 48;
  if (last % 2 !== 0) return null;
  return { digits: kept, frac: keepFrac };
}

/** printf("%.<prec>f", x) for finite x. */
export function formatFixed(x: number, prec: number): string {
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  const a = Math.abs(x);
  let s: string;
  if (a >= 1e21) {
    const { digits, frac } = exactDecimal(a);
    s = frac === 0 ? digits : digits.slice(0, digits.length - frac) || '0';
    if (prec > 0) s += '.' + '0'.repeat(prec);
  } else {
    s = a.toFixed(prec);
    const probe = a.toFixed(Math.min(prec + 1, 100));
    if (probe.endsWith('5') && a !== 0) {
      const t = evenTieTruncation(a, prec);
      if (t !== null) s = decimalString(t.digits, t.frac, prec);
    }
  }
  return neg ? '-' + s : s;
}

function decimalString(digits: string, frac: number, prec: number): string {
  let d = digits;
  if (d.length <= frac) d = '0'.repeat(frac - d.length + 1) + d;
  const int = d.slice(0, d.length - frac);
  const f = d.slice(d.length - frac);
  return prec > 0 ? `${int}.${f.padEnd(prec, '0')}` : int;
}

/** Mantissa digits (p of them) and decimal exponent of |x| rounded to p significant digits. */
function sigDigits(a: number, p: number): { m: string; e: number } {
  const s = a.toExponential(p - 1);
  const ePos = s.indexOf('e');
  let m = s.slice(0, ePos).replace('.', '');
  let e = parseInt(s.slice(ePos + 1), 10);
  const probe = a.toExponential(Math.min(p, 100));
  const pe = probe.indexOf('e');
  if (probe[pe - 1] === '5') {
    // Exponent of the leading digit of the exact value.
    const pexp = parseInt(probe.slice(pe + 1), 10);
    const t = evenTieTruncation(a, p - 1 - pexp);
    if (t !== null) {
      m = t.digits.replace(/^0+/, '').padEnd(p, '0').slice(0, p);
      e = pexp;
    }
  }
  return { m, e };
}

/** printf("%.<p>e", x) for finite x. */
export function formatExp(x: number, prec: number, upper = false): string {
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  const a = Math.abs(x);
  let m: string;
  let e: number;
  if (a === 0) {
    m = '0'.repeat(prec + 1);
    e = 0;
  } else ({ m, e } = sigDigits(a, prec + 1));
  const mant = prec > 0 ? `${m[0]}.${m.slice(1)}` : m[0]!;
  const s = `${mant}e${e < 0 ? '-' : '+'}${Math.abs(e) < 10 ? '0' : ''}${Math.abs(e)}`;
  const r = neg ? '-' + s : s;
  return upper ? r.toUpperCase() : r;
}

/** printf("%.<p>g", x) for finite x (no '#' flag). */
export function formatGeneral(x: number, p: number, upper = false): string {
  if (p === 0) p = 1;
  const neg = x < 0 || (x === 0 && 1 / x < 0);
  const a = Math.abs(x);
  if (a === 0) return neg ? '-0' : '0';
  const { m, e } = sigDigits(a, p);
  let s: string;
  if (e < -4 || e >= p) {
    let mant = p > 1 ? `${m[0]}.${m.slice(1)}` : m[0]!;
    if (mant.includes('.')) mant = mant.replace(/\.?0+$/, '');
    s = `${mant}e${e < 0 ? '-' : '+'}${Math.abs(e) < 10 ? '0' : ''}${Math.abs(e)}`;
  } else {
    // Fixed with p - 1 - e decimals, from the rounded digits.
    const frac = p - 1 - e;
    s = decimalString(m, frac, frac);
    if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  if (upper) s = s.toUpperCase();
  return neg ? '-' + s : s;
}
