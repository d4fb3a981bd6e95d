// Glob matcher: fixed cases taken from Redis's behaviour, and a fast-check property test
// against a small reference model (tokenise the pattern, then match by dynamic
// programming) that encodes the same rules in a different way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringMatch, compileGlob } from '../../src/util/glob.js';

// ---------------------------------------------------------------- reference model

type Item = { kind: 'lit'; ch: number; exact: boolean } | { kind: 'range'; a: number; b: number };
type Token =
  | { kind: 'star' }
  | { kind: 'any' }
  | { kind: 'lit'; ch: number }
  | { kind: 'class'; not: boolean; items: Item[] };

/** Signed C char. */
const sc = (c: number): number => (c >= 128 ? c - 256 : c);
const low = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

function tokenize(p: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < p.length) {
    const ch = p[i]!;
    if (ch === '*') {
      out.push({ kind: 'star' });
      i++;
    } else if (ch === '?') {
      out.push({ kind: 'any' });
      i++;
    } else if (ch === '\\') {
      if (i + 1 < p.length) {
        out.push({ kind: 'lit', ch: p.charCodeAt(i + 1) });
        i += 2;
      } else {
        out.push({ kind: 'lit', ch: 92 });
        i++;
      }
    } else if (ch === '[') {
      i++;
      let not = false;
      if (p[i] === '^') {
        not = true;
        i++;
      }
      const items: Item[] = [];
      for (;;) {
        const left = p.length - i;
        if (left <= 0) break; // unterminated: the class runs to the end of the pattern
        if (p[i] === '\\' && left >= 2) {
          items.push({ kind: 'lit', ch: p.charCodeAt(i + 1), exact: true });
          i += 2;
        } else if (p[i] === ']') {
          i++;
          break;
        } else if (left >= 3 && p[i + 1] === '-') {
          items.push({ kind: 'range', a: p.charCodeAt(i), b: p.charCodeAt(i + 2) });
          i += 3;
        } else {
          items.push({ kind: 'lit', ch: p.charCodeAt(i), exact: false });
          i++;
        }
      }
      out.push({ kind: 'class', not, items });
    } else {
      out.push({ kind: 'lit', ch: p.charCodeAt(i) });
      i++;
    }
  }
  return out;
}

function tokenMatches(t: Token, c: number, nocase: boolean): boolean {
  switch (t.kind) {
    case 'any':
      return true;
    case 'lit':
      return nocase ? low(t.ch) === low(c) : t.ch === c;
    case 'class': {
      let m = false;
      for (const it of t.items) {
        if (it.kind === 'lit') {
          if (it.exact || !nocase ? it.ch === c : low(it.ch) === low(c)) m = true;
        } else {
          let a = sc(it.a);
          let b = sc(it.b);
          if (a > b) [a, b] = [b, a];
          let x = sc(c);
          if (nocase) {
            a = low(a);
            b = low(b);
            x = low(x);
          }
          if (x >= a && x <= b) m = true;
        }
      }
      return t.not ? !m : m;
    }
    default:
      return false;
  }
}

function model(pattern: string, s: string, nocase: boolean): boolean {
  // Redis quirk: an empty subject only matches the empty pattern.
  if (s.length === 0) return pattern.length === 0;
  const toks = tokenize(pattern);
  // dp[i][j]: tokens from i match the subject from j.
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const k = i * (s.length + 1) + j;
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === toks.length) r = j === s.length;
    else if (toks[i]!.kind === 'star') r = go(i + 1, j) || (j < s.length && go(i, j + 1));
    else r = j < s.length && tokenMatches(toks[i]!, s.charCodeAt(j), nocase) && go(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return go(0, 0);
}

// ---------------------------------------------------------------- tests

test('fixed cases', () => {
  const yes: [string, string][] = [
    ['*', 'anything'], ['h?llo', 'hello'], ['h*llo', 'heeeello'], ['h[ae]llo', 'hallo'], ['h[^e]llo', 'hallo'],
    ['h[a-b]llo', 'hbllo'], ['h[b-a]llo', 'hallo'], ['\\*', '*'], ['a\\', 'a\\'],
    ['[a-]x', ']'], ['[^', 'q'], ['**a', 'a'], ['a*', 'a'], ['', ''], ['[\\]]', ']'], ['[a\\', 'a'],
  ];
  for (const [p, s] of yes) assert.equal(stringMatch(p, s), true, `${JSON.stringify(p)} ~ ${JSON.stringify(s)}`);
  const no: [string, string][] = [
    ['*', ''], ['**', ''], ['h[^e]llo', 'hello'], ['h?llo', 'hllo'], ['[', 'x'], ['[', '['], ['a', 'A'],
    ['[a-\xff]', 'b'], // 0xff is -1 as a signed char: the range is [-1, 'a']
  ];
  for (const [p, s] of no) assert.equal(stringMatch(p, s), false, `${JSON.stringify(p)} !~ ${JSON.stringify(s)}`);
  assert.equal(stringMatch('[a-\xff]', '\xff'), true);
  assert.equal(stringMatch('a', 'A', true), true);
  assert.equal(stringMatch('[A-C]', 'b', true), true);
  assert.equal(compileGlob('*')(''), true);
});

test('deep star nesting fails like Redis (more than 1000 levels)', () => {
  const pat = 'a*'.repeat(1100) + 'b';
  assert.equal(stringMatch(pat, 'a'.repeat(1100) + 'b'), false);
  assert.equal(stringMatch('a*'.repeat(900) + 'b', 'a'.repeat(900) + 'b'), true);
});

test('pathological patterns stay fast (skip-longer-matches)', () => {
  const s = 'a'.repeat(5000);
  assert.equal(stringMatch('*a*a*a*a*a*a*a*a*a*a*b', s), false);
});

const patChars = ['a', 'b', 'A', 'z', '*', '?', '[', ']', '^', '-', '\\', '\xff', '\x80', '0'];
const subjChars = ['a', 'b', 'A', 'z', '-', '^', ']', '[', '\\', '\xff', '\x80', '*', '0'];
const patArb = fc.array(fc.constantFrom(...patChars), { maxLength: 10 }).map((a) => a.join(''));
const subjArb = fc.array(fc.constantFrom(...subjChars), { maxLength: 10 }).map((a) => a.join(''));

test('matches the reference model (case sensitive)', () => {
  fc.assert(
    fc.property(patArb, subjArb, (p, s) => stringMatch(p, s, false) === model(p, s, false)),
    { numRuns: 20000 },
  );
});

test('matches the reference model (nocase)', () => {
  fc.assert(
    fc.property(patArb, subjArb, (p, s) => stringMatch(p, s, true) === model(p, s, true)),
    { numRuns: 20000 },
  );
});

test('a pattern built from the subject always matches it', () => {
  fc.assert(
    fc.property(subjArb.filter((s) => s.length > 0), fc.integer({ min: 0, max: 20 }), (s, seed) => {
      // Escape every char, then replace some with wildcards.
      let p = '';
      for (let i = 0; i < s.length; i++) {
        const r = (seed + i * 7) % 5;
        p += r === 0 ? '?' : r === 1 ? '*' : '\\' + s[i];
      }
      return stringMatch(p, s);
    }),
    { numRuns: 5000 },
  );
});

test('compileGlob agrees with stringMatch (fast paths included)', () => {
  const pats = fc.oneof(patArb, fc.constantFrom('abc', 'ab*', 'a*', 'ab\\*', 'a**', '\xff*', ''));
  fc.assert(
    fc.property(pats, subjArb, fc.boolean(), (p, s, nocase) => {
      if (p === '*') return compileGlob(p, nocase)(s) === true;
      return compileGlob(p, nocase)(s) === stringMatch(p, s, nocase);
    }),
    { numRuns: 20000 },
  );
  assert.equal(compileGlob('ab*')('ab'), true);
  assert.equal(compileGlob('ab*')('a'), false);
  assert.equal(compileGlob('')(''), true);
});
