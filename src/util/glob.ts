// Glob-style matching with exactly the semantics of Redis's stringmatchlen (util.c),
// used by KEYS, SCAN MATCH, CONFIG GET, PSUBSCRIBE and friends.
//
// Patterns and subjects are latin1 strings (one char per byte). Details that matter for
// byte-for-byte compatibility with Redis:
//  - '*' any run (consecutive stars collapse), '?' one byte, '\x' a literal x.
//  - '[...]' a class: '^' negates, 'a-z' is a range whose ends are swapped when reversed,
//    '\' escapes inside a class, an unterminated class ends at the end of the pattern.
//  - Range ends and the subject byte compare as C `char`, which is signed on the
//    platforms Redis ships on: bytes >= 0x80 sort below 'A'.
//  - nocase folds ASCII letters only (C locale tolower).
//  - "*" does not match the empty string unless the caller special-cases it (KEYS and
//    SCAN do; stringmatchlen itself returns 0), and nesting deeper than 1000 stars fails.
//  - Once the rest of a pattern after a '*' failed to match at every later position, no
//    earlier '*' can succeed either: the search stops (skipLongerMatches), which keeps
//    patterns like "*a*a*a*a*b" linear-ish instead of exponential.

/** Signed C char value of a latin1 code unit. */
function sc(ch: number): number {
  return ch >= 128 ? ch - 256 : ch;
}

/** C-locale tolower on a (signed) char value. */
function lower(ch: number): number {
  return ch >= 65 && ch <= 90 ? ch + 32 : ch;
}

/** Match state shared across the recursion (Redis's skipLongerMatches out-parameter). */
interface MatchState {
  skipLonger: boolean;
}

function matchImpl(p: string, pi: number, s: string, si: number, nocase: boolean, st: MatchState, nesting: number): boolean {
  if (nesting > 1000) return false;
  const pEnd = p.length;
  const sEnd = s.length;
  while (pi < pEnd && si < sEnd) {
    const pc = p.charCodeAt(pi);
    switch (pc) {
      case 42: {
        // '*'
        while (pi + 1 < pEnd && p.charCodeAt(pi + 1) === 42) pi++;
        if (pi + 1 === pEnd) return true;
        while (si < sEnd) {
          if (matchImpl(p, pi + 1, s, si, nocase, st, nesting + 1)) return true;
          if (st.skipLonger) return false;
          si++;
        }
        st.skipLonger = true;
        return false;
      }
      case 63: // '?'
        si++;
        break;
      case 91: {
        // '['
        pi++;
        const not = pi < pEnd && p.charCodeAt(pi) === 94; // '^'
        if (not) pi++;
        let match = false;
        const c = s.charCodeAt(si);
        for (;;) {
          const left = pEnd - pi;
          const cur = left > 0 ? p.charCodeAt(pi) : -1;
          if (cur === 92 && left >= 2) {
            // '\' escapes the next byte
            pi++;
            if (p.charCodeAt(pi) === c) match = true;
          } else if (cur === 93) {
            // ']'
            break;
          } else if (left <= 0) {
            // Unterminated class: step back so the outer loop's advance lands on the end.
            pi--;
            break;
          } else if (left >= 3 && p.charCodeAt(pi + 1) === 45) {
            // 'a-z'
            let start = sc(cur);
            let end = sc(p.charCodeAt(pi + 2));
            let ch = sc(c);
            if (start > end) {
              const t = start;
              start = end;
              end = t;
            }
            if (nocase) {
              start = lower(start);
              end = lower(end);
              ch = lower(ch);
            }
            pi += 2;
            if (ch >= start && ch <= end) match = true;
          } else if (!nocase) {
            if (cur === c) match = true;
          } else if (lower(cur) === lower(c)) {
            match = true;
          }
          pi++;
        }
        if (not) match = !match;
        if (!match) return false;
        si++;
        break;
      }
      case 92: // '\'
        if (pEnd - pi >= 2) pi++;
      // falls through
      default: {
        const a = p.charCodeAt(pi);
        const b = s.charCodeAt(si);
        if (nocase ? lower(a) !== lower(b) : a !== b) return false;
        si++;
        break;
      }
    }
    pi++;
    if (si === sEnd) {
      while (pi < pEnd && p.charCodeAt(pi) === 42) pi++;
      break;
    }
  }
  return pi >= pEnd && si === sEnd;
}

/** Redis stringmatchlen(pattern, string, nocase). */
export function stringMatch(pattern: string, subject: string, nocase = false): boolean {
  return matchImpl(pattern, 0, subject, 0, nocase, { skipLonger: false }, 0);
}

/** True when c is one of the characters with a meaning in patterns: * ? [ \ */
function isSpecial(c: number): boolean {
  return c === 42 || c === 63 || c === 91 || c === 92;
}

/**
 * A matcher for repeated use with one pattern (KEYS, SCAN): "*" short-circuits to
 * match-all as those commands do, including the empty key. Plain literals and
 * "literal*" prefixes (case-sensitive) skip the general matcher.
 */
export function compileGlob(pattern: string, nocase = false): (subject: string) => boolean {
  if (pattern === '*') return () => true;
  if (!nocase) {
    let firstSpecial = -1;
    for (let i = 0; i < pattern.length; i++) {
      if (isSpecial(pattern.charCodeAt(i))) {
        firstSpecial = i;
        break;
      }
    }
    if (firstSpecial === -1) return (subject) => subject === pattern;
    if (firstSpecial > 0 && firstSpecial === pattern.length - 1 && pattern.charCodeAt(firstSpecial) === 42) {
      const prefix = pattern.slice(0, firstSpecial);
      return (subject) => subject.startsWith(prefix);
    }
  }
  const state: MatchState = { skipLonger: false };
  return (subject) => {
    state.skipLonger = false;
    return matchImpl(pattern, 0, subject, 0, nocase, state, 0);
  };
}
