// Lua 5.1 patterns (string.find / match / gmatch / gsub): a backtracking matcher over
// latin1 strings with Lua's classes (%a %d %l %s %u %w %x %p %c %z), sets, the
// quantifiers * + - ?, anchors, captures (position captures too), %b and %f and
// back-references. Errors carry Lua 5.1's texts ("malformed pattern (ends with '%')").

import { rtError } from './interp.js';

const L_ESC = 37; // '%'
const MAXCAPTURES = 32;
const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

export class MatchState {
  level = 0;
  capStart: number[] = new Array(MAXCAPTURES).fill(0);
  capLen: number[] = new Array(MAXCAPTURES).fill(0);
  depth = 0;
  constructor(readonly src: string, readonly pat: string) {}
}

function perr(msg: string): never {
  rtError(msg);
}

function isalpha(c: number): boolean { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122); }
function isdigit(c: number): boolean { return c >= 48 && c <= 57; }
function islower(c: number): boolean { return c >= 97 && c <= 122; }
function isupper(c: number): boolean { return c >= 65 && c <= 90; }
function isspace(c: number): boolean { return c === 32 || (c >= 9 && c <= 13); }
function iscntrl(c: number): boolean { return c < 32 || c === 127; }
function ispunct(c: number): boolean { return c > 32 && c < 127 && !isalpha(c) && !isdigit(c); }
function isxdigit(c: number): boolean { return isdigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70); }

function singleClass(c: number, cl: number): boolean {
  let res: boolean;
  switch (cl | 32) {
    case 97: res = isalpha(c); break; // a
    case 99: res = iscntrl(c); break; // c
    case 100: res = isdigit(c); break; // d
    case 108: res = islower(c); break; // l
    case 112: res = ispunct(c); break; // p
    case 115: res = isspace(c); break; // s
    case 117: res = isupper(c); break; // u
    case 119: res = isalpha(c) || isdigit(c); break; // w
    case 120: res = isxdigit(c); break; // x
    case 122: res = c === 0; break; // z
    default: return cl === c;
  }
  return isupper(cl) ? !res : res;
}

function classEnd(ms: MatchState, p: number): number {
  const pat = ms.pat;
  const c = pat.charCodeAt(p++);
  if (c === L_ESC) {
    if (p >= pat.length) perr("malformed pattern (ends with '%')");
    return p + 1;
  }
  if (c === 91) { // '['
    if (pat.charCodeAt(p) === 94) p++;
    do {
      if (p >= pat.length) perr("malformed pattern (missing ']')");
      const d = pat.charCodeAt(p++);
      if (d === L_ESC && p < pat.length) p++;
    } while (pat.charCodeAt(p) !== 93);
    return p + 1;
  }
  return p;
}

function matchBracketClass(ms: MatchState, c: number, p: number, ec: number): boolean {
  const pat = ms.pat;
  let sig = true;
  if (pat.charCodeAt(p + 1) === 94) {
    sig = false;
    p++;
  }
  while (++p < ec) {
    const d = pat.charCodeAt(p);
    if (d === L_ESC) {
      p++;
      if (singleClass(c, pat.charCodeAt(p))) return sig;
    } else if (pat.charCodeAt(p + 1) === 45 && p + 2 < ec) { // range a-z
      p += 2;
      if (d <= c && c <= pat.charCodeAt(p)) return sig;
    } else if (d === c) return sig;
  }
  return !sig;
}

function singleMatch(ms: MatchState, s: number, p: number, ep: number): boolean {
  if (s >= ms.src.length) return false;
  const c = ms.src.charCodeAt(s);
  const pc = ms.pat.charCodeAt(p);
  switch (pc) {
    case 46: return true; // '.'
    case L_ESC: return singleClass(c, ms.pat.charCodeAt(p + 1));
    case 91: return matchBracketClass(ms, c, p, ep - 1);
    default: return pc === c;
  }
}

function matchBalance(ms: MatchState, s: number, p: number): number {
  const pat = ms.pat;
  if (p + 1 >= pat.length) perr('unbalanced pattern');
  const src = ms.src;
  if (s >= src.length || src.charCodeAt(s) !== pat.charCodeAt(p)) return -1;
  const b = pat.charCodeAt(p);
  const e = pat.charCodeAt(p + 1);
  let cont = 1;
  while (++s < src.length) {
    const c = src.charCodeAt(s);
    if (c === e) {
      if (--cont === 0) return s + 1;
    } else if (c === b) cont++;
  }
  return -1;
}

function maxExpand(ms: MatchState, s: number, p: number, ep: number): number {
  let i = 0;
  while (singleMatch(ms, s + i, p, ep)) i++;
  while (i >= 0) {
    const r = doMatch(ms, s + i, ep + 1);
    if (r !== -1) return r;
    i--;
  }
  return -1;
}

function minExpand(ms: MatchState, s: number, p: number, ep: number): number {
  for (;;) {
    const r = doMatch(ms, s, ep + 1);
    if (r !== -1) return r;
    if (singleMatch(ms, s, p, ep)) s++;
    else return -1;
  }
}

function startCapture(ms: MatchState, s: number, p: number, what: number): number {
  const level = ms.level;
  if (level >= MAXCAPTURES) perr('too many captures');
  ms.capStart[level] = s;
  ms.capLen[level] = what;
  ms.level = level + 1;
  const r = doMatch(ms, s, p);
  if (r === -1) ms.level--;
  return r;
}

function captureToClose(ms: MatchState): number {
  let level = ms.level;
  for (level--; level >= 0; level--) if (ms.capLen[level] === CAP_UNFINISHED) return level;
  perr('invalid pattern capture');
}

function endCapture(ms: MatchState, s: number, p: number): number {
  const l = captureToClose(ms);
  ms.capLen[l] = s - ms.capStart[l]!;
  const r = doMatch(ms, s, p);
  if (r === -1) ms.capLen[l] = CAP_UNFINISHED;
  return r;
}

function checkCapture(ms: MatchState, l: number): number {
  l -= 49; // '1'
  if (l < 0 || l >= ms.level || ms.capLen[l] === CAP_UNFINISHED) perr('invalid capture index');
  return l;
}

function matchCapture(ms: MatchState, s: number, l: number): number {
  l = checkCapture(ms, l);
  const len = ms.capLen[l]!;
  const cap = ms.src.substr(ms.capStart[l]!, len);
  if (ms.src.length - s >= len && ms.src.substr(s, len) === cap) return s + len;
  return -1;
}

/** Match pattern from p against the subject from s: end index or -1. */
export function doMatch(ms: MatchState, s: number, p: number): number {
  if (++ms.depth > 200000) perr('pattern too complex');
  const pat = ms.pat;
  const plen = pat.length;
  for (;;) {
    if (p >= plen) return s;
    const pc = pat.charCodeAt(p);
    switch (pc) {
      case 40: // '('
        if (pat.charCodeAt(p + 1) === 41) return startCapture(ms, s, p + 2, CAP_POSITION);
        return startCapture(ms, s, p + 1, CAP_UNFINISHED);
      case 41: // ')'
        return endCapture(ms, s, p + 1);
      case L_ESC: {
        const nc = pat.charCodeAt(p + 1);
        if (nc === 98) { // %b
          s = matchBalance(ms, s, p + 2);
          if (s !== -1) {
            p += 4;
            continue;
          }
          return -1;
        }
        if (nc === 102) { // %f
          p += 2;
          if (pat.charCodeAt(p) !== 91) perr("missing '[' after '%f' in pattern");
          const ep = classEnd(ms, p);
          const prev = s === 0 ? 0 : ms.src.charCodeAt(s - 1);
          const cur = s < ms.src.length ? ms.src.charCodeAt(s) : 0;
          if (!matchBracketClass(ms, prev, p, ep - 1) && matchBracketClass(ms, cur, p, ep - 1)) {
            p = ep;
            continue;
          }
          return -1;
        }
        if (isdigit(nc)) {
          s = matchCapture(ms, s, nc);
          if (s === -1) return -1;
          p += 2;
          continue;
        }
        break;
      }
      case 36: // '$'
        if (p + 1 === plen) return s === ms.src.length ? s : -1;
        break;
    }
    const ep = classEnd(ms, p);
    const m = singleMatch(ms, s, p, ep);
    const q = pat.charCodeAt(ep);
    switch (q) {
      case 63: { // '?'
        if (m) {
          const r = doMatch(ms, s + 1, ep + 1);
          if (r !== -1) return r;
        }
        p = ep + 1;
        continue;
      }
      case 42: return maxExpand(ms, s, p, ep); // '*'
      case 43: return m ? maxExpand(ms, s + 1, p, ep) : -1; // '+'
      case 45: return minExpand(ms, s, p, ep); // '-'
      default:
        if (!m) return -1;
        s++;
        p = ep;
        continue;
    }
  }
}

/** Capture i as a Lua value (string, or position number). */
export function getCapture(ms: MatchState, i: number, s: number, e: number): string | number {
  if (i >= ms.level) {
    if (i === 0) return ms.src.slice(s, e);
    perr('invalid capture index');
  }
  const l = ms.capLen[i]!;
  if (l === CAP_UNFINISHED) perr('unfinished capture');
  if (l === CAP_POSITION) return ms.capStart[i]! + 1;
  return ms.src.substr(ms.capStart[i]!, l);
}

/** All captures of a match (or the whole match when there are none). */
export function captures(ms: MatchState, s: number, e: number, wholeIfNone: boolean): (string | number)[] {
  const n = ms.level === 0 && wholeIfNone ? 1 : ms.level;
  const out = new Array<string | number>(n);
  for (let i = 0; i < n; i++) out[i] = getCapture(ms, i, s, e);
  return out;
}

const SPECIALS = /[\^$*+?.()[\]%-]/;

export function hasSpecials(p: string): boolean {
  return SPECIALS.test(p);
}
